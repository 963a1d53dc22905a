import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { ident, str, type Session } from '@churn/duckdb';
import { preparationErrors } from '../errors';
import type { RecipeGroupsFile, RecipeImputation } from './recipe-types';
import { writeParquet } from './write-prepared';

/** At most this many group medians are written inline in recipe.json; more go to a Parquet file beside it. */
export const INLINE_GROUPS = 1000;

/** Where a fit writes the files of large group medians, and the lake key each is stored under. */
export interface GroupFiles {
  dir: string;
  keyOf(dataset: string, column: string): string;
  /** Filled by the fit: lake key -> local path of each file written. */
  written: Map<string, string>;
}

/** Lake key of the group medians of one column, beside the run's recipe. */
export const groupsKey = (runId: string, dataset: string, column: string): string => `prepared/run=${runId}/groups/${dataset}.${column}.parquet`;

/** Session table of one column's group medians `(grp VARCHAR, v DOUBLE)`, sorted by group. */
export const groupsTable = (table: string, column: string): string => `${table}__groups__${column}`;

type GroupMedian = Extract<RecipeImputation, { strategy: 'group_median' }>;

/**
 * The median of a sorted list of DOUBLEs, exactly as DuckDB's `median` gives it: the middle value, or for an even
 * count `lo * 0.5 + hi * 0.5` (its interpolation `lo * (1 - d) + hi * d`). Sorting each group's few values is
 * cheaper than the median aggregate's per-group state (a quarter less CPU on a million groups).
 */
const medianOfSorted = (l: string) =>
  `CASE WHEN len(${l}) % 2 = 1 THEN ${l}[len(${l}) // 2 + 1] ELSE ${l}[len(${l}) // 2] * CAST(0.5 AS DOUBLE) + ${l}[len(${l}) // 2 + 1] * CAST(0.5 AS DOUBLE) END`;

/**
 * Fits the medians of `columns` per value (as text) of `by` over the present values of `table`, in one GROUP BY, into
 * one sorted table per column ({@link groupsTable}); a group without a present value has no row. Returns the tables.
 */
export async function fitGroupMedians(session: Session, table: string, by: string, columns: readonly string[]): Promise<Record<string, string>> {
  const all = `${table}__groups_by__${by}`;
  const lists = columns.map((c, i) => `list_sort(list(${ident(c)}) FILTER (WHERE ${ident(c)} IS NOT NULL)) AS l${i}`).join(', ');
  const medians = columns.map((_, i) => `${medianOfSorted(`l${i}`)} AS v${i}`).join(', ');
  await session.exec(
    `CREATE OR REPLACE TABLE ${ident(all)} AS SELECT grp, ${medians} FROM (SELECT CAST(${ident(by)} AS VARCHAR) AS grp, ${lists} FROM ${ident(table)} WHERE ${ident(by)} IS NOT NULL GROUP BY 1)`,
  );
  const tables: Record<string, string> = {};
  for (const [i, column] of columns.entries()) {
    tables[column] = groupsTable(table, column);
    await session.exec(`CREATE OR REPLACE TABLE ${ident(tables[column])} AS SELECT grp, v${i} AS v FROM ${ident(all)} WHERE v${i} IS NOT NULL ORDER BY grp`);
  }
  await session.exec(`DROP TABLE ${ident(all)}`);
  return tables;
}

async function digestOf(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * The recipe's form of fitted group medians: inline (`groups`) up to {@link INLINE_GROUPS} groups or without `files`,
 * else a Parquet file written to `files.dir` (`groupsFile`), the same bytes for the same medians.
 */
export async function recipeGroups(
  session: Session,
  table: string,
  files: GroupFiles | undefined,
  at: { dataset: string; column: string },
): Promise<{ groups: Record<string, number> } | { groupsFile: RecipeGroupsFile }> {
  const [count] = await session.rows<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)}`);
  if (files === undefined || count!.n <= INLINE_GROUPS) {
    const rows = await session.rows<{ g: string; v: number }>(`SELECT grp AS g, v FROM ${ident(table)} ORDER BY grp`);
    return { groups: Object.fromEntries(rows.map((r) => [r.g, r.v])) };
  }
  const path = join(files.dir, `groups-${String(files.written.size).padStart(3, '0')}.parquet`);
  await writeParquet(session, table, path);
  const key = files.keyOf(at.dataset, at.column);
  files.written.set(key, path);
  return { groupsFile: { key, ...(await digestOf(path)), rows: count!.n } };
}

/** Appends inline group medians to a new table `(grp, v)`. */
async function appendGroups(session: Session, table: string, groups: Record<string, number>): Promise<void> {
  await session.exec(`CREATE OR REPLACE TABLE ${ident(table)} (grp VARCHAR, v DOUBLE)`);
  const appender = await session.connection.createAppender(table);
  try {
    for (const [group, value] of Object.entries(groups)) {
      appender.appendVarchar(group);
      appender.appendDouble(value);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/**
 * Loads a recipe's group medians into `table` `(grp, v)`: the inline ones, or the Parquet file whose lake key
 * `files` maps to a local copy (CHURN_PREPARATION_INVALID_RECIPE when it maps none).
 */
export async function loadGroups(session: Session, table: string, impute: GroupMedian, files: Readonly<Record<string, string>> = {}): Promise<void> {
  if ('groups' in impute) return appendGroups(session, table, impute.groups);
  const path = files[impute.groupsFile.key];
  if (path === undefined) {
    throw preparationErrors.invalidRecipe(`the group medians by ${impute.by} are in ${impute.groupsFile.key}: give a local copy of it in groupFiles`, { key: impute.groupsFile.key });
  }
  await session.exec(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT CAST(grp AS VARCHAR) AS grp, CAST(v AS DOUBLE) AS v FROM read_parquet(${str(path)})`);
}
