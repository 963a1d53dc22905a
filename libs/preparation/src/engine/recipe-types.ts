import type { ColumnRole, EntityLink } from '@churn/project';

/** A column type of the validated records (schema.json). */
export type SourceType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'timestamp';

/** The DuckDB (and Parquet) type of a prepared column. */
export type PreparedType = 'VARCHAR' | 'BIGINT' | 'DOUBLE' | 'INTEGER' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP';

/** A source column as the validator typed it. */
export interface RecipeInputColumn {
  name: string;
  type: SourceType;
  /** The values the schema allows, in its declared order. */
  enum?: Array<string | number>;
}

/** What a prepared column is: the value itself, or one of the columns preparation adds beside it. */
export type OutputPart = 'value' | 'missing' | 'outlier' | 'code' | 'one_hot' | 'other' | 'scaled';

/** One column of a prepared dataset, in file order. */
export interface RecipeOutputColumn {
  name: string;
  type: PreparedType;
  /** The source column it comes from. */
  column: string;
  part: OutputPart;
}

/**
 * The group medians of a group-median imputation with more groups than fit in recipe.json (one per customer, say):
 * a Parquet file `(grp VARCHAR, v DOUBLE)`, sorted by group, stored in the lake beside the recipe.
 */
export interface RecipeGroupsFile {
  key: string;
  sha256: string;
  bytes: number;
  /** Groups in the file. */
  rows: number;
}

/** A fitted imputation, with the values it filled in the fitted data. */
export type RecipeImputation = { indicator: boolean; imputed: number } & (
  | { strategy: 'mean' | 'median' | 'mode' | 'constant'; value: number | string | null }
  /**
   * Group (as text) -> median of its present values, in `groups` (up to INLINE_GROUPS groups) or in `groupsFile`;
   * groups without one fall back to `value`, the overall median.
   */
  | ({ strategy: 'group_median'; by: string; value: number | null } & ({ groups: Record<string, number> } | { groupsFile: RecipeGroupsFile }))
  | { strategy: 'forward_fill'; partition: string; order: string[] }
  /** `key`: the single key column of `dataset`, joined to this dataset's `on`. */
  | { strategy: 'lookup'; dataset: string; on: string; key: string; column: string }
);

/** Fitted outlier treatment: bounds on the present values of the fitted data. */
export type RecipeOutliers =
  | { method: 'winsorize'; quantiles: [number, number]; lower: number | null; upper: number | null; clipped: number }
  | { method: 'flag'; k: number; q1: number | null; q3: number | null; lower: number | null; upper: number | null; flagged: number };

/** One one-hot column and the categories it is 1 for (several when their slugs coincide). */
export interface OneHotColumn {
  name: string;
  values: string[];
}

export type RecipeEncoding =
  | {
      kind: 'one_hot';
      /** `enum`: the schema's declared values; `data`: the values seen when fitting. */
      from: 'enum' | 'data';
      top: number | null;
      categories: string[];
      columns: OneHotColumn[];
      /** `<column>__other`, 1 for a present value outside `categories`; null when none can occur. */
      other: string | null;
    }
  | { kind: 'ordinal'; column: string; order: string[] };

/** `(x - center) / scale` into `column`. */
export interface RecipeScaling {
  method: 'standard' | 'minmax' | 'robust';
  column: string;
  center: number;
  scale: number;
}

/** How one declared column is prepared, with what was fitted for it. */
export interface RecipeColumn {
  role: ColumnRole;
  /** Type of the prepared value. */
  type: PreparedType;
  /** Boolean columns: lowercased text read as 1, and as 0 (absent: every other present value is 0). */
  boolean?: { trueValues: string[]; falseValues?: string[] };
  impute?: RecipeImputation;
  outliers?: RecipeOutliers;
  encode?: RecipeEncoding;
  scale?: RecipeScaling;
}

/** Everything needed to prepare one dataset again: its declaration, the schema it was read with and the fitted values. */
export interface RecipeDataset {
  name: string;
  source: string;
  key: string[];
  eventTime?: string;
  entity?: EntityLink;
  dedupe?: { by: string };
  drop: string[];
  /** The source's columns, in the schema's order. */
  input: RecipeInputColumn[];
  /** Declared columns (less dropped ones), by name. */
  columns: Record<string, RecipeColumn>;
  output: RecipeOutputColumn[];
  /** Rows of the fitted (deduplicated) data. */
  rows: number;
}

/**
 * The fitted parameters of a run (`prepared/run=<runId>/recipe.json`): plain JSON, written with sorted keys and
 * no timestamps, so identical inputs give identical bytes. Datasets are in preparation order (lookups after the
 * dataset they read). {@link applyRecipe} prepares new records with it without refitting.
 */
export interface PreparationRecipe {
  recipeVersion: 1;
  project: string;
  datasets: RecipeDataset[];
}
