/** Types of an expectation-suites file (config/expectations*.json), as loadExpectationSuites returns it. */

/** How a column's text is read and compared. */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'timestamp';

/** `error` quarantines the row (row rules) or fails the batch (checks); `warn` only flags. */
export type Severity = 'error' | 'warn';

/**
 * A bound of a range: a number, or for date/timestamp columns a `yyyy-mm-dd` /
 * ISO-8601 string. Strings may hold `${asOf}` (the run's as-of day); number
 * bounds may be `"${asOfYear}"` or `"${asOfYear}-16"` (the as-of year plus or minus n).
 */
export type Bound = number | string;

/** Row-level rules of one column. A failing row is quarantined (severity error) or flagged (warn). */
export interface ColumnSpec {
  type: ColumnType;
  /** The value must be present: absent, null, '' and whitespace-only text are missing. Default false (the column is nullable). */
  required?: boolean;
  /** The other way to say `required`: `nullable: false` is `required: true`. */
  nullable?: boolean;
  /** A regular expression the value must contain a match of (JSON Schema `pattern`; string columns). */
  pattern?: string;
  /** A named format (string columns): the same acceptance as ajv-formats. */
  format?: 'email' | 'uuid';
  /** Allowed values (string, integer or number columns). */
  enum?: Array<string | number>;
  min?: Bound;
  max?: Bound;
  /** The minimum itself is rejected (JSON Schema exclusiveMinimum). */
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
  /** Default error. */
  severity?: Severity;
}

interface CheckBase {
  /** Unique within the suite. */
  name: string;
  /** Default error: a failed error check fails the batch. */
  severity?: Severity;
  description?: string;
}

export interface CompletenessCheck extends CheckBase {
  check: 'completeness';
  column: string;
  /** Share of valid rows (0..1) that must hold a value. */
  atLeast: number;
}
export interface UniqueCheck extends CheckBase {
  check: 'unique';
  /** No two valid rows may share these columns' values (rows with a missing one are ignored). */
  columns: string[];
}
export interface RegexCheck extends CheckBase {
  check: 'regex';
  column: string;
  pattern: string;
  /** Share of present values that must match (default 1). */
  minShare?: number;
}
export interface AllowedValuesCheck extends CheckBase {
  check: 'allowed_values';
  column: string;
  values: Array<string | number | boolean>;
  /** Share of present values that must be allowed (default 1). */
  minShare?: number;
}
export interface StatisticCheck extends CheckBase {
  check: 'min_between' | 'max_between' | 'mean_between' | 'stddev_between';
  column: string;
  /** At least one of min and max. */
  min?: Bound;
  max?: Bound;
}
export interface OutliersCheck extends CheckBase {
  check: 'outliers';
  column: string;
  /** iqr: outside [q1 - k*IQR, q3 + k*IQR] (k default 1.5); zscore: |x - mean| / stddev above threshold (default 3). */
  method: 'iqr' | 'zscore';
  k?: number;
  threshold?: number;
  /** Largest share of present values that may be outliers (default 0.01). */
  maxShare?: number;
}
export interface RowCountCheck extends CheckBase {
  check: 'row_count';
  min?: number;
  max?: number;
  /** Largest relative change against the previous run's count (0.2: plus or minus 20%). */
  changeVsPrevious?: number;
  /** Which rows count: all rows read (default) or the valid ones. */
  of?: 'input' | 'valid';
}
export interface FreshnessCheck extends CheckBase {
  check: 'freshness';
  /** A date or timestamp column. */
  column: string;
  /** The newest value may be at most this many hours older than the end of the as-of day. */
  maxAgeHours: number;
}
export interface DuplicatesCheck extends CheckBase {
  check: 'duplicates';
  /** exact: rows equal in every column; key: rows repeating an earlier row's key. Over all rows read. */
  mode: 'exact' | 'key';
  /** Largest share of duplicate rows (default 0). */
  maxShare?: number;
}
export interface ReferencesCheck extends CheckBase {
  check: 'references';
  column: string;
  /** The other source's key column; its values are passed to the run as `referencedKeys["<source>.<column>"]`. */
  references: { source: string; column: string };
  /** Share of present values that must be found (default 1). */
  minShare?: number;
}
export interface PsiCheck extends CheckBase {
  check: 'psi';
  column: string;
  /** Numeric columns: bins of the reference profile (default 10). */
  bins?: number;
  /** Default 0.1. */
  warnAbove?: number;
  /** Default 0.25. */
  failAbove?: number;
}

export type SuiteCheck =
  | CompletenessCheck
  | UniqueCheck
  | RegexCheck
  | AllowedValuesCheck
  | StatisticCheck
  | OutliersCheck
  | RowCountCheck
  | FreshnessCheck
  | DuplicatesCheck
  | ReferencesCheck
  | PsiCheck;

export type CheckKind = SuiteCheck['check'];

/** One source's expectations. */
export interface ExpectationSuite {
  source: string;
  description?: string;
  /** Key columns: within one input the first valid row of a key wins, later ones are quarantined as duplicate-key. */
  key: string[];
  /** Every column of the source, in output order. */
  columns: Record<string, ColumnSpec>;
  checks: SuiteCheck[];
}

export interface ExpectationSuites {
  suites: ExpectationSuite[];
}
