/** Why a value or row was rejected (or warned about). `column` is null for row-level problems (e.g. too many fields). */
export interface ValidationIssue {
  column: string | null;
  /** Stable rule name: required, type, enum, range, pattern, format, missing-column, unknown-column, duplicate-key, ... */
  rule: string;
  message: string;
  value: string | null;
}

/** A header-level problem: a schema column absent, an unexpected column, or a column named twice. */
export interface HeaderProblem {
  /** The column as the suite names it (after the source's `columns.rename`). */
  column: string;
  /** The source's own name of the column, when `columns.rename` gives it another one. */
  rawColumn?: string;
  rule: 'missing-column' | 'unknown-column' | 'duplicate-column';
  message: string;
}
