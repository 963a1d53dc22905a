import { createReadStream } from 'node:fs';
import { ident, str, type Session } from '@churn/duckdb';
import type { ArtifactRef, ArtifactWriter } from '@churn/lineage';
import type { RecipeOutputColumn } from './recipe-types';
import type { DatasetSummary } from './summary-sql';

/** Where a prepared dataset and its summary live in the lake. */
export const preparedKeys = (name: string, runId: string) => {
  const prefix = `prepared/dataset=${name}/run=${runId}/`;
  return { dataset: `${prefix}${name}.parquet`, summary: `${prefix}summary.json` };
};

/** Where a run's recipe lives in the lake. */
export const recipeKey = (runId: string): string => `prepared/run=${runId}/recipe.json`;

/**
 * Writes a prepared table to a local Parquet file in its row order. Fixed compression and row-group size: the same
 * rows give the same bytes, so a redelivered event stores the same object again.
 */
export async function writeParquet(session: Session, table: string, path: string): Promise<void> {
  await writeQueryParquet(session, `SELECT * FROM ${ident(table)}`, path);
}

/**
 * Writes the rows of a query to a local Parquet file in its order, as {@link writeParquet} does: the writer cuts the
 * ordered rows into row groups of exactly ROW_GROUP_SIZE rows whatever the thread count, so the bytes are the same.
 */
export async function writeQueryParquet(session: Session, query: string, path: string): Promise<void> {
  await session.exec(`COPY (${query}) TO ${str(path)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
}

/** JSON with keys sorted at every level (by code unit), indented: the same value always gives the same text. */
export function sortedJson(value: unknown): string {
  const write = (v: unknown, indent: string): string => {
    const inner = `${indent}  `;
    if (Array.isArray(v)) return v.length === 0 ? '[]' : `[\n${v.map((x) => inner + write(x, inner)).join(',\n')}\n${indent}]`;
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return entries.length === 0 ? '{}' : `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${write(x, inner)}`).join(',\n')}\n${indent}}`;
    }
    return JSON.stringify(v) ?? 'null';
  };
  return `${write(value, '')}\n`;
}

export interface PreparedFile {
  name: string;
  runId: string;
  producer: string;
  path: string;
  rows: number;
  columns: RecipeOutputColumn[];
  summary: DatasetSummary;
  parentIds: string[];
}

/**
 * Stores a prepared dataset (artifact kind 'dataset', metadata { rows, columns, types }) and its summary beside it
 * (kind 'dataset-summary', parent the dataset).
 */
export async function putPrepared(artifacts: ArtifactWriter, file: PreparedFile): Promise<{ dataset: ArtifactRef; summary: ArtifactRef }> {
  const keys = preparedKeys(file.name, file.runId);
  const dataset = await artifacts.put({
    kind: 'dataset',
    key: keys.dataset,
    body: createReadStream(file.path),
    contentType: 'application/vnd.apache.parquet',
    runId: file.runId,
    producer: file.producer,
    parentIds: file.parentIds,
    metadata: { rows: file.rows, columns: file.columns.map((c) => c.name), types: Object.fromEntries(file.columns.map((c) => [c.name, c.type])) },
  });
  const summary = await artifacts.put({
    kind: 'dataset-summary',
    key: keys.summary,
    body: JSON.stringify(file.summary, null, 2),
    contentType: 'application/json',
    runId: file.runId,
    producer: file.producer,
    parentIds: [dataset.id],
  });
  return { dataset, summary };
}
