/**
 * The report shape the earlier row-by-row validator stored (rule counts per
 * column, no checks). Reports of that shape may still be in the lake: the
 * report routes and renderers read them, so the type stays.
 */
import type { HeaderProblem } from './validation-issue';

/** Numeric statistics of one column over the values of valid rows. `stddev` is the sample one (n - 1). */
export interface NumericStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  stddev: number | null;
}

/** Quality of one column. Missing/invalid count over checked rows (superseded ones aside); distinct and numeric over valid rows. */
export interface ColumnQuality {
  column: string;
  kind: 'string' | 'integer' | 'number';
  /** Empty or absent cells. */
  missing: number;
  /** Share of checked rows with a value, 0..1 (null when no row was checked). */
  completeness: number | null;
  /** Errors on this column, all rules together. */
  invalid: number;
  invalidByRule: Record<string, number>;
  /** Distinct non-missing values among valid rows; exact while `distinctExact`, else an estimate. */
  distinct: number;
  distinctExact: boolean;
  numeric: NumericStats | null;
}

/** Outcome of validating one source: rowsIn = rowsValid + rowsQuarantined + rowsSuperseded. */
export interface QualityReport {
  source: string;
  startedAt: string;
  finishedAt: string;
  rowsIn: number;
  rowsValid: number;
  rowsQuarantined: number;
  /** Older versions of keys that a later increment re-delivered: not checked, neither valid nor quarantined. */
  rowsSuperseded: number;
  /** Rows quarantined with rule duplicate-key (their key repeats within one delivery). */
  duplicateKeys: number;
  headerProblems: HeaderProblem[];
  /** Number of errors by rule, over all columns (a row may carry several). */
  failuresByRule: Record<string, number>;
  /** Warnings by rule (they quarantine nothing): `missing-optional` (null in a nullable column), `late-arriving`. */
  warningsByRule: Record<string, number>;
  columns: ColumnQuality[];
}
