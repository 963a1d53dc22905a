import type { CompanySource } from './company-sources';
import type { InputRecord, PreparedRow } from './preparation-types';
import type { DescribeColumn } from './summary-stats';

/** What one streamed dataset's preparation learnt and did; stored in the run's params.json. */
export interface TableParams {
  /** Rows prepared (one per validated record: nothing is dropped). */
  rows: number;
  /** Column -> values imputed. */
  imputed: Record<string, number>;
  /** Column -> how missing values were filled: the values learnt and how many each rule filled. */
  imputation: Record<string, unknown>;
}

/** What a table preparation may use beside its own source. */
export interface PreparationContext {
  /** Customer id -> payment method in the CRM (customers whose CRM value is present). */
  crmPaymentMethods: ReadonlyMap<string, string>;
}

/**
 * The preparation of one source into one dataset, in two passes over the validated records so that
 * only learnt values (never the records) are held: `learn` every record, `finishLearning`, then
 * `prepare` every record again, in order. `params` is complete once the second pass is done.
 */
export interface TablePreparation {
  /** Dataset name (prepared/dataset=<name>/...). */
  readonly name: string;
  /** The source whose records it prepares. */
  readonly source: CompanySource;
  /** Every source it was made from (its own first). */
  readonly sources: readonly CompanySource[];
  /** Columns of the prepared CSV, in order. */
  readonly columns: readonly string[];
  /** Columns described in the dataset's summary (ids and timestamps left out: their top values say nothing). */
  readonly summaryColumns: readonly DescribeColumn[];
  learn(record: InputRecord): void;
  finishLearning(): void;
  prepare(record: InputRecord): PreparedRow;
  params(): TableParams;
}

/** Counts imputations per column (every column listed starts at 0, so params show what was checked). */
export function createImputationCounts(columns: readonly string[]): { add(column: string): void; counts: Record<string, number> } {
  const counts: Record<string, number> = Object.fromEntries(columns.map((c) => [c, 0]));
  return {
    add(column) {
      counts[column] = (counts[column] ?? 0) + 1;
    },
    counts,
  };
}
