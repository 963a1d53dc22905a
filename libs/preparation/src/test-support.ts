/** Fixtures of the preparation tests. Not exported from the package. */
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { EventPayload, ValidRecordsColumn, ValidRecordsSchema } from '@churn/contracts';
import { ident, openSession, str, type Session } from '@churn/duckdb';
import type { ArtifactWriter } from '@churn/lineage';
import type { DatasetDeclaration, Project } from '@churn/project';
import type { ObjectStore } from '@churn/storage';
import { fitDataset } from './engine/fit-recipe';
import type { GroupFiles } from './engine/group-medians';
import { planDataset } from './engine/plan-dataset';
import { createPreparedTable } from './engine/prepared-table';
import { validRelation } from './engine/read-validated';
import type { RecipeDataset } from './engine/recipe-types';
import { createTypedTable } from './engine/typed-table';

export type Row = Record<string, unknown>;

/** A DuckDB session as the preparer opens one (UTC, one thread). */
export const openTestSession = (): Promise<Session> => openSession({ threads: 1, setup: ["SET TimeZone = 'UTC'"] });

/** Writes records as the validator's valid.ndjson into a new temporary file. */
export function writeNdjson(rows: readonly Row[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'churn-prep-test-')), 'valid.ndjson');
  writeFileSync(path, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return path;
}

/** Schema columns from `name: type` pairs (enums as given). */
export function schemaOf(source: string, columns: Record<string, ValidRecordsColumn['type'] | { type: ValidRecordsColumn['type']; enum: Array<string | number> }>, key: string[] = []): ValidRecordsSchema {
  return {
    schemaVersion: 1,
    source,
    key,
    columns: Object.entries(columns).map(([name, c]) => (typeof c === 'string' ? { name, type: c, required: false } : { name, type: c.type, required: false, enum: c.enum })),
  };
}

/** What fitting and preparing one dataset gave: its recipe, the prepared table and its rows in order. */
export interface PreparedForTest {
  recipe: RecipeDataset;
  table: string;
  rows: Row[];
}

/** Fits and prepares one dataset from records through the engine (typed table, fit, imputed and prepared tables). */
export async function fitAndPrepare(
  session: Session,
  declaration: DatasetDeclaration,
  schema: ValidRecordsSchema,
  records: readonly Row[] | { path: string },
  before: { tables?: Map<string, string>; declarations?: DatasetDeclaration[]; readRows?: boolean; groupFiles?: GroupFiles } = {},
): Promise<PreparedForTest> {
  const plan = planDataset(declaration, schema);
  const name = declaration.name;
  const spec = { ...declaration, input: plan.input, columns: Object.fromEntries(plan.columns.map((c) => [c.name, { role: c.spec.role, type: c.type, boolean: c.boolean }])) };
  const typed = await createTypedTable(session, spec, validRelation({ path: 'path' in records ? records.path : writeNdjson(records), format: 'ndjson' }, schema), `${name}_typed`);
  const declarations = new Map([...(before.declarations ?? []), declaration].map((d) => [d.name, d]));
  const recipe = await fitDataset(session, plan, { table: `${name}_typed`, rows: typed.rows }, `${name}_imputed`, {
    declarations,
    lookups: (n) => before.tables?.get(n),
    ...(before.groupFiles ? { groupFiles: before.groupFiles } : {}),
  });
  const table = `${name}_prepared`;
  await createPreparedTable(session, recipe, `${name}_imputed`, table);
  return { recipe, table, rows: before.readRows === false ? [] : await session.rows(`SELECT * FROM ${ident(table)}`) };
}

/** Creates a table of records read as the validator's NDJSON (every value as text). */
export async function recordsTable(session: Session, table: string, schema: ValidRecordsSchema, records: readonly Row[]): Promise<void> {
  await session.exec(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM ${validRelation({ path: writeNdjson(records), format: 'ndjson' }, schema)}`);
}

interface SuiteColumn {
  type: ValidRecordsColumn['type'];
  required?: boolean;
  enum?: Array<string | number>;
  format?: 'email' | 'uuid';
  severity?: 'error' | 'warn';
}

/** The schema.json the validator publishes for a source of a project's expectations (binding rules only). */
export function projectSchemaOf(project: Pick<Project, 'files'>, source: string): ValidRecordsSchema {
  const { suites } = JSON.parse(readFileSync(project.files.expectations, 'utf8')) as { suites: Array<{ source: string; key?: string[]; columns: Record<string, SuiteColumn> }> };
  const suite = suites.find((s) => s.source === source);
  if (suite === undefined) throw new Error(`no suite for ${source}`);
  const columns = Object.entries(suite.columns).map(([name, c]): ValidRecordsColumn => {
    const binding = c.severity !== 'warn';
    return { name, type: c.type, required: binding && c.required === true, ...(binding && c.enum ? { enum: c.enum } : {}), ...(binding && c.format ? { format: c.format } : {}) };
  });
  return { schemaVersion: 1, source, key: suite.key ?? [], columns };
}

/** Every row of a Parquet object of the lake, with its column types (DuckDB names). */
export async function readParquet(storage: ObjectStore, key: string): Promise<{ rows: Row[]; types: Record<string, string> }> {
  const path = join(mkdtempSync(join(tmpdir(), 'churn-prep-parquet-')), 'data.parquet');
  await pipeline(await storage.get(key), createWriteStream(path));
  const session = await openTestSession();
  try {
    const described = await session.rows<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${str(path)})`);
    const rows = await session.rows(`SELECT * FROM read_parquet(${str(path)})`);
    return { rows, types: Object.fromEntries(described.map((d) => [d.column_name, d.column_type])) };
  } finally {
    session.close();
  }
}

/** A source's records and the schema.json to publish with them (null: the event names none). */
export interface SeededSource {
  source: string;
  records?: readonly Row[];
  /** NDJSON text instead of records (e.g. written by DuckDB). */
  ndjson?: string;
  schema: ValidRecordsSchema | null;
}

/**
 * Writes each source's valid records and schema.json where the validator would (as the validator's artifacts) and
 * returns the sources of a validation.completed payload.
 */
export async function seedValidated(
  deps: { storage: ObjectStore; artifacts: ArtifactWriter },
  runId: string,
  sources: readonly SeededSource[],
): Promise<EventPayload<'validation.completed'>['sources']> {
  const entries: EventPayload<'validation.completed'>['sources'] = [];
  for (const { source, records = [], ndjson, schema } of sources) {
    const valid = await deps.artifacts.put({
      kind: 'valid-records',
      key: `validated/source=${source}/run=${runId}/valid.ndjson`,
      body: ndjson ?? records.map((r) => `${JSON.stringify(r)}\n`).join(''),
      contentType: 'application/x-ndjson',
      runId,
      producer: 'validator',
    });
    const ref = { key: valid.key, sha256: valid.sha256, bytes: valid.bytes };
    const schemaRef =
      schema === null
        ? undefined
        : await deps.artifacts.put({
            kind: 'record-schema',
            key: `validated/source=${source}/run=${runId}/schema.json`,
            body: JSON.stringify(schema),
            contentType: 'application/schema+json',
            runId,
            producer: 'validator',
          });
    const rows = ndjson === undefined ? records.length : ndjson.split('\n').filter((l) => l !== '').length;
    entries.push({
      source, valid: ref, quarantine: ref, report: ref, validArtifactId: valid.id, reportArtifactId: valid.id,
      rowsIn: rows, rowsValid: rows, rowsQuarantined: 0,
      ...(schemaRef ? { schema: { key: schemaRef.key, sha256: schemaRef.sha256, bytes: schemaRef.bytes } } : {}),
    });
  }
  return entries;
}
