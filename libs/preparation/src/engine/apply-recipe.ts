import { ident, type Session } from '@churn/duckdb';
import { preparationErrors } from '../errors';
import { createImputedTable } from './imputed-table';
import { createPreparedTable } from './prepared-table';
import type { PreparationRecipe, RecipeDataset, RecipeOutputColumn } from './recipe-types';
import { countTreatments } from './treatment-counts';
import { createTypedTable } from './typed-table';

/** One dataset prepared by {@link applyRecipe}. */
export interface AppliedDataset {
  /** The session table holding the prepared rows (the recipe's output columns, in key order). */
  table: string;
  rowsIn: number;
  rows: number;
  /** Values filled per imputed column in these records. */
  imputed: Record<string, number>;
  columns: RecipeOutputColumn[];
}

export interface ApplyRecipeOptions {
  /** Dataset name -> a table or view of the session holding its source records (the source's column names; text or typed values). */
  inputs: Record<string, string>;
  /** Already prepared tables that lookups may read, by dataset name (for datasets not in `inputs`). */
  prepared?: Record<string, string>;
  /** Prefix of the tables created (default `prepared_`): `<prefix><dataset>`. */
  tablePrefix?: string;
  /**
   * Lake key -> local path of the recipe's group-median files (`impute.groupsFile.key`: the groups too many for
   * recipe.json, stored beside it). Required for each one the applied datasets use.
   */
  groupFiles?: Record<string, string>;
}

/** Prepares one dataset's records with its fitted recipe: typed, deduplicated, imputed, encoded and scaled. */
export async function applyDatasetRecipe(
  session: Session,
  dataset: RecipeDataset,
  relation: string,
  table: string,
  lookups: (dataset: string) => string | undefined,
  groupFiles: Record<string, string> = {},
): Promise<Omit<AppliedDataset, 'table' | 'columns'>> {
  const typed = `${table}__typed`;
  const imputed = `${table}__imputed`;
  try {
    const counts = await createTypedTable(session, dataset, relation, typed);
    await createImputedTable(session, dataset, typed, imputed, lookups, { files: groupFiles });
    const { imputed: filled } = await countTreatments(session, imputed, dataset.columns, typed);
    await createPreparedTable(session, dataset, imputed, table);
    return { ...counts, imputed: filled };
  } finally {
    await session.exec(`DROP TABLE IF EXISTS ${ident(typed)}`);
    await session.exec(`DROP TABLE IF EXISTS ${ident(imputed)}`);
  }
}

/**
 * Applies a stored recipe (`prepared/run=<runId>/recipe.json`) to new records without refitting: a value missing
 * in them gets the recipe's median, mode or group median, categories and scalers are the recipe's. Datasets are
 * prepared in the recipe's order; a lookup reads a dataset prepared in the same call or one given in `prepared`.
 *
 * @example
 * await session.exec(`CREATE TABLE incoming AS SELECT * FROM read_json('new.ndjson')`);
 * const { accounts } = await applyRecipe(session, recipe, { inputs: { accounts: 'incoming' } });
 * const rows = await session.rows(`SELECT * FROM ${accounts.table}`);
 */
export async function applyRecipe(session: Session, recipe: PreparationRecipe, options: ApplyRecipeOptions): Promise<Record<string, AppliedDataset>> {
  if (recipe.recipeVersion !== 1) throw preparationErrors.invalidRecipe(`unknown recipe version ${String(recipe.recipeVersion)}`);
  const known = new Set(recipe.datasets.map((d) => d.name));
  const unknown = Object.keys(options.inputs).filter((n) => !known.has(n));
  if (unknown.length > 0) throw preparationErrors.invalidRecipe(`the recipe has no dataset ${unknown.join(', ')}`, { unknown, known: [...known] });
  const prefix = options.tablePrefix ?? 'prepared_';
  const tables = new Map(Object.entries(options.prepared ?? {}));
  const out: Record<string, AppliedDataset> = {};
  for (const dataset of recipe.datasets) {
    const relation = options.inputs[dataset.name];
    if (relation === undefined) continue;
    for (const c of Object.values(dataset.columns)) {
      if (c.impute?.strategy === 'lookup' && !tables.has(c.impute.dataset)) {
        throw preparationErrors.invalidRecipe(`dataset ${dataset.name} looks values up in ${c.impute.dataset}: give its records in inputs or its prepared table in prepared`, {
          dataset: dataset.name,
          lookup: c.impute.dataset,
        });
      }
    }
    const table = `${prefix}${dataset.name}`;
    const applied = await applyDatasetRecipe(session, dataset, ident(relation), table, (name) => tables.get(name), options.groupFiles);
    tables.set(dataset.name, table);
    out[dataset.name] = { table, columns: dataset.output, ...applied };
  }
  return out;
}
