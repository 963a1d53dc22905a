/** A record as the preparer receives it: typed values, or the strings of a re-read CSV; missing = null/undefined/''. */
export type InputRecord = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Which columns get which treatment. A column appears in at most one list. */
export interface PreparationSpec {
  /** Row identifier, copied as is. */
  idColumn: string;
  /**
   * Optional Yes/No (or 1/0) target, encoded 1/0; never imputed: rows without it are dropped.
   * Absent when the label is derived later (the company's churn label comes from cancellations).
   */
  labelColumn?: string;
  /** Imputed with the median, kept in original units and z-scored as `<column>_z`. */
  numeric: string[];
  /**
   * Imputed with the mode, one-hot encoded as `<column>__<category_slug>` over the categories seen when
   * fitting, or over `categories[column]` when declared.
   */
  categorical: string[];
  /** Yes/No or 1/0, encoded 1/0, imputed with the mode. */
  binary: string[];
  /** Copied as is (e.g. dates kept for later feature engineering). */
  passthrough: string[];
  /**
   * Categorical column -> every value it may take (e.g. the source schema's enum). The one-hot columns are
   * then exactly these, seen or not, in this order, so downstream columns never depend on the data; a value
   * outside the list fails fitting (the validator should have stopped it).
   */
  categories?: Record<string, string[]>;
  /** Also keep each categorical column under its own name, imputed but not encoded, so analysts can group by it. */
  keepCategoryText?: boolean;
}

/** Everything learnt by {@link fitPreparation}; plain JSON, so it can be stored next to the dataset. */
export interface PreparationParams {
  version: 1;
  spec: PreparationSpec;
  /** Rows the parameters were learnt from (the labelled ones when the spec has a label). */
  rowsFitted: number;
  /** Rows skipped when fitting because their label was missing (always 0 without a label column). */
  rowsDroppedNoLabel: number;
  /** Numeric column -> median of the observed values (the imputation value). */
  medians: Record<string, number>;
  /** Numeric column -> mean after imputation (z-score centre). */
  means: Record<string, number>;
  /** Numeric column -> population standard deviation after imputation (z-score scale; 1 for a constant column). */
  stds: Record<string, number>;
  /** Categorical column -> most frequent category (null when never observed); binary column -> 0 or 1. */
  modes: Record<string, string | number | null>;
  /** Categorical column -> the categories declared in the spec, in their order, else those seen when fitting, sorted by code unit. */
  categories: Record<string, string[]>;
  /** Categorical column -> one-hot column names, aligned with `categories`. */
  oneHotColumns: Record<string, string[]>;
  /** Column -> number of fitted rows whose value was imputed. */
  imputed: Record<string, number>;
}

/** One prepared row: a flat object of numbers, plus the id and pass-through columns. */
export type PreparedRow = Record<string, string | number | null>;
