import type { HeaderProblem } from '../validation-issue';
import type { ColumnMapping } from './column-mapping';
import type { CheckKind, ColumnType, ExpectationSuite, Severity } from '../suites/suite-types';

/** One local file of the source (one delivery may have several parts). */
/** How a source's CSV is written: its field delimiter (the source's `csv.delimiter`; default ","). */
export interface CsvDialect {
  delimiter?: string;
}

export interface SuiteInput {
  path: string;
  format: 'csv' | 'ndjson';
  /**
   * 0 (default) for the newest delivery, 1 for the one before, ... A key held by a valid row of a newer
   * delivery supersedes its rows in older ones (neither valid nor quarantined), as a
   * snapshot's newer manifests do. Pass the inputs newest delivery first: valid rows come out in input order.
   */
  delivery?: number;
}

/** A numeric histogram: bin b holds edges[b] <= x < edges[b+1]; the first and last bins are open-ended. */
export interface NumericHistogram {
  kind: 'numeric';
  edges: number[];
  shares: number[];
}

/** Shares of each category among present values. */
export interface CategoricalHistogram {
  kind: 'categorical';
  shares: Record<string, number>;
}

export type Histogram = NumericHistogram | CategoricalHistogram;

/** The reference a PSI check compares with: column -> histogram, e.g. a previous run's `profile` histograms. */
export type ReferenceProfile = Record<string, Histogram>;

/** Keys of another source for a `references` check: the values, or a file holding them. */
export type ReferencedKeys = readonly string[] | { path: string; format: 'ndjson' | 'parquet' | 'csv'; column: string };

/** Options of runSuite. */
export interface RunSuiteOptions {
  suite: ExpectationSuite;
  /** `yyyy-mm-dd`: resolves `${asOf}` bounds and anchors freshness (end of that day, UTC). */
  asOf: string;
  /** The source's files; key duplicates are looked for across the files of one delivery. */
  inputs: SuiteInput[];
  /**
   * The source's column mapping (its `columns` in sources.json): CSV headers and NDJSON properties are renamed and
   * dropped columns ignored before the header check and the rules, so the suite, the quarantine and the outputs use
   * the suite's names. A bad mapping is CHURN_VALIDATION_INVALID_OPTIONS.
   */
  columns?: ColumnMapping;
  /** How the source's CSV inputs are written (its `csv.delimiter` in sources.json); default comma-delimited. */
  csv?: CsvDialect;
  /** The previous run of this source, for `row_count.changeVsPrevious`. */
  previous?: { rowsIn: number; rowsValid?: number };
  /** Reference histograms for `psi` checks (a previous run's profile: `referenceOf(result)`). */
  reference?: ReferenceProfile;
  /** Keys of other sources by `"<source>.<column>"`, for `references` checks. */
  referencedKeys?: Record<string, ReferencedKeys>;
  /** Directory the outputs are written to (created if absent). */
  outDir: string;
  /** Formats of the valid rows (default ['ndjson']). */
  validFormats?: Array<'ndjson' | 'parquet'>;
  /** DuckDB threads (default 1). */
  threads?: number;
  /** DuckDB's memory limit, e.g. '512MB' (default: 80% of RAM); past it the run spills to a temporary directory. */
  memoryLimit?: string;
  /** Failing examples kept per row rule and check (default 5). */
  examples?: number;
}

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skipped';

/** Where a check applies: a row rule quarantines or flags rows; the others judge the batch. */
export type CheckLevel = 'row' | 'column' | 'table' | 'cross-source' | 'drift';

/** A failing example: the line of the input (and its index when several) and the offending value. */
export interface FailingExample {
  input?: number;
  line?: number;
  value: string | number | null;
}

export interface CheckResult {
  name: string;
  /** The check kind, or for row rules the rule: required, type, format, range, enum, pattern, duplicate-key, column-count, json. */
  check: CheckKind | string;
  level: CheckLevel;
  column?: string;
  columns?: string[];
  severity: Severity;
  /**
   * Row rules: fail (rows quarantined) or warn (rows flagged) when any row fails.
   * Others: fail when an error check fails (the batch must stop), warn for a failed warn check;
   * skipped when an input it needs (previous run, reference, referenced keys) was not given.
   */
  status: CheckStatus;
  observed: number | string | null;
  expected: string;
  /** Rows (or values) that fail, when the check counts them. */
  failingCount: number | null;
  examples?: FailingExample[];
  /** Why a check was skipped, or a note on how it was measured. */
  note?: string;
}

export interface ColumnProfile {
  type: ColumnType;
  /** Present values among valid rows. */
  count: number;
  /** Missing values among valid rows. */
  missing: number;
  /** Approximate (HyperLogLog) distinct present values among valid rows. */
  distinct: number;
  /** Rows (of all read) whose value failed a rule of this column, by rule. */
  invalid: Record<string, number>;
  min?: number | string | null;
  max?: number | string | null;
  mean?: number | null;
  stddev?: number | null;
  /** Quartiles [q1, median, q3]: exact up to 16,384 values, from a reservoir sample beyond. */
  quartiles?: number[] | null;
  /** Most frequent values (low-cardinality columns), most frequent first. */
  topValues?: Array<{ value: string; count: number }>;
  /** Usable as the next run's PSI reference. */
  histogram?: Histogram;
}

export interface SuiteRunResult {
  source: string;
  asOf: string;
  /** fail when an error-level check failed (the batch must stop), warn when a warn check or row rule failed. */
  status: 'pass' | 'warn' | 'fail';
  rowsIn: number;
  rowsValid: number;
  rowsQuarantined: number;
  /** Rows of older deliveries whose key a newer delivery holds validly: not checked further. */
  rowsSuperseded: number;
  /** Rows kept but flagged by warn-severity column rules. */
  rowsFlagged: number;
  headerProblems: HeaderProblem[];
  checks: CheckResult[];
  profile: Record<string, ColumnProfile>;
  outputs: { valid: { ndjson?: string; parquet?: string }; quarantine: string };
  engine: {
    name: 'duckdb';
    version: string;
    threads: number;
    millis: number;
    /** Milliseconds per phase: loadAndRowRules, keys, validOutput, quarantine, rowRuleCounts, firstScan, secondScan, verdicts. */
    phases: Record<string, number>;
  };
}
