import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ValidRecordsSchema } from '@churn/contracts';
import { str } from '@churn/duckdb';
import { artifactIdOf } from '@churn/lineage';
import type { ObjectStore } from '@churn/storage';
import type { TypedInput } from './typed-table';
import type { ValidatedSource } from './valid-schema';

/** A source's valid records on local disk, and the lake artifacts they were copied from. */
export interface LocalValidRecords {
  source: string;
  path: string;
  format: 'parquet' | 'ndjson';
  /** Artifact ids of what was read: the valid records (and their Parquet copy when that was read) and the schema. */
  parentIds: string[];
}

/**
 * Copies a source's valid records into `dir`: the Parquet copy when validation.completed names one, else the NDJSON.
 * Storage errors keep their retriability.
 */
export async function downloadValidRecords(storage: ObjectStore, entry: ValidatedSource, dir: string, index: number): Promise<LocalValidRecords> {
  const parquet = entry.validParquet;
  const ref = parquet ?? entry.valid;
  const format = parquet ? 'parquet' : 'ndjson';
  const path = join(dir, `valid-${String(index).padStart(3, '0')}.${format}`);
  await pipeline(await storage.get(ref.key), createWriteStream(path));
  const parentIds = [entry.validArtifactId, ...(parquet ? [artifactIdOf(parquet.key)] : []), ...(entry.schema ? [artifactIdOf(entry.schema.key)] : [])];
  return { source: entry.source, path, format, parentIds: [...new Set(parentIds)] };
}

/**
 * The SQL relation of local valid records. NDJSON is read with read_json and the schema's columns, each as text:
 * the engine types them itself (typed-table.ts) so that a value that is not of its type is reported with its column
 * and value rather than as a reader error. Parquet is read as typed.
 */
export function validRelation(file: Pick<LocalValidRecords, 'path' | 'format'>, schema: Pick<ValidRecordsSchema, 'columns'>): string {
  if (file.format === 'parquet') return `read_parquet(${str(file.path)})`;
  return validNdjson(file.path, schema);
}

/**
 * The typed-table input of local valid records: Parquet with its `file_row_number` (typed records are then read in
 * place, see createTypedTable), NDJSON as {@link validRelation} reads it.
 */
export function validInput(file: Pick<LocalValidRecords, 'path' | 'format'>, schema: Pick<ValidRecordsSchema, 'columns'>): TypedInput {
  const named = schema.columns.some((c) => c.name === 'file_row_number');
  if (file.format === 'parquet' && !named) return { relation: `read_parquet(${str(file.path)}, file_row_number = true)`, rowNumber: 'file_row_number' };
  return { relation: validRelation(file, schema) };
}

function validNdjson(path: string, schema: Pick<ValidRecordsSchema, 'columns'>): string {
  const columns = schema.columns.map((c) => `${str(c.name)}: 'VARCHAR'`).join(', ');
  return `read_json(${str(path)}, format = 'newline_delimited', columns = {${columns}})`;
}
