import type { ColumnType } from '@churn/validation';

/** What init learnt about one column of a CSV file, over all its rows. */
export interface ColumnProfile {
  /** The header as written in the file. */
  header: string;
  /** Its snake_case platform name. */
  name: string;
  /**
   * The narrowest type every present value has, by the validation engine's rules (strict numbers, integers
   * without leading zeros, `true`/`false`, yyyy-mm-dd dates, ISO-8601 timestamps with a zone), allowing 1 % of
   * malformed values.
   */
  type: ColumnType;
  /** Present values that are not of `type` (at most 1 %): validation quarantines their rows. */
  malformed: number;
  /** Cells holding something other than blanks. */
  present: number;
  /** Cells holding only blanks (`" "`): read as missing here, where the validation engine sees text. */
  blank: number;
  /** Distinct present values. */
  distinct: number;
  /** The distinct present values, sorted, when there are at most 20 of them. */
  values: string[] | null;
}

/** Two columns present in every row whose pairs of values are (nearly) all distinct: a candidate composite key. */
export interface KeyPair {
  columns: readonly [string, string];
  /** Distinct pairs; the rows when no pair repeats. */
  distinct: number;
}

/** One CSV file, profiled. */
export interface TableProfile {
  /** File name in the folder, e.g. `telco_customer_churn.csv`. */
  file: string;
  /** Absolute path of the file. */
  path: string;
  /** snake_case name of the table (and of its source and dataset). */
  table: string;
  delimiter: string;
  rows: number;
  columns: ColumnProfile[];
  /** Pairs of id-like and date columns distinct in at least 95 % of rows, for composite keys. */
  keyPairs: KeyPair[];
}
