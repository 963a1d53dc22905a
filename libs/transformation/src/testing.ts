// Test helpers (the `@churn/transformation/testing` entry, never the production door): project folders written by
// a test, prepared datasets as the preparer lays them out in Parquet, and a one-call run of the engine.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ident, openSession, str } from '@churn/duckdb';
import { loadProject, preparedColumns, type DatasetDeclaration, type FeatureViewDeclaration, type Project, type ProjectManifest } from '@churn/project';
import { computeFeatureSet, type ComputedFeatureSet, type LocalDataset } from './compute-feature-set';

/** A prepared row: numbers, ISO dates and timestamps as text, null. */
export type TestRecord = Record<string, string | number | boolean | null>;

/** Suite column types, as expectations.json names them. */
export type TestColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'timestamp';

/** A dataset of a test project: its datasets.json declaration, with the source's columns typed in one place. */
export type TestDataset = Omit<DatasetDeclaration, 'source' | 'columns'> & {
  columns: Record<string, TestColumnType>;
  preparation?: DatasetDeclaration['columns'];
};

export interface TestProjectSpec {
  name?: string;
  entity: ProjectManifest['entity'];
  label: ProjectManifest['label'];
  datasets: TestDataset[];
  views: FeatureViewDeclaration[];
}

/**
 * Writes a project folder (project.json, sources.json, expectations.json, datasets.json, features.json) into a
 * new temporary directory and loads it with loadProject: each dataset gets a CSV source and a suite of its columns.
 */
export function writeTestProject(spec: TestProjectSpec, dir = mkdtempSync(join(tmpdir(), 'churn-test-project-'))): Project {
  const write = (file: string, value: unknown) => writeFileSync(join(dir, file), `${JSON.stringify(value, null, 2)}\n`);
  write('project.json', {
    name: spec.name ?? 'test-company',
    description: 'A project written by a test.',
    entity: spec.entity,
    label: spec.label,
    model: { name: 'test-churn', featureView: spec.views[0]!.name, algorithms: ['logistic_regression'], testFraction: 0.2, seed: 1, l2: 1, threshold: 0.5 },
  });
  write('sources.json', { sources: spec.datasets.map((d) => ({ name: d.name, kind: 'csv', path: `${d.name}.csv` })) });
  write('expectations.json', {
    suites: spec.datasets.map((d) => ({ source: d.name, key: d.key, columns: Object.fromEntries(Object.entries(d.columns).map(([c, type]) => [c, { type }])) })),
  });
  write('datasets.json', {
    datasets: spec.datasets.map(({ columns, preparation, ...d }) => ({
      ...d,
      source: d.name,
      columns: preparation ?? Object.fromEntries(Object.entries(columns).map(([c, type]) => [c, { role: roleOf(type) }])),
    })),
  });
  write('features.json', { views: spec.views });
  return loadProject(dir);
}

const roleOf = (type: TestColumnType) =>
  type === 'date' || type === 'timestamp' ? 'date' : type === 'integer' || type === 'number' ? 'numeric' : type === 'boolean' ? 'boolean' : 'text';

const DUCK_TYPES = { number: 'DOUBLE', boolean: 'DOUBLE', date: 'DATE', timestamp: 'TIMESTAMP', string: 'VARCHAR' } as const;

/**
 * The Parquet types the preparer writes for a dataset's columns: numbers (and 0/1 booleans, one-hot columns) as
 * DOUBLE, dates as DATE, timestamps as TIMESTAMP, text as VARCHAR. Columns the declarations do not know are typed
 * from the records' values.
 */
export function preparedParquetTypes(project: Project, dataset: string, records: TestRecord[]): Record<string, string> {
  const declaration = project.datasets.find((d) => d.name === dataset);
  if (!declaration) throw new Error(`no dataset ${dataset} in the project`);
  const kinds = preparedColumns(project, declaration);
  const types: Record<string, string> = {};
  for (const record of records) {
    for (const [column, value] of Object.entries(record)) {
      if (types[column] !== undefined && value === null) continue;
      const kind = kinds.get(column);
      types[column] = kind ? DUCK_TYPES[kind] : typeof value === 'number' || typeof value === 'boolean' ? 'DOUBLE' : (types[column] ?? 'VARCHAR');
    }
  }
  return types;
}

const cellText = (v: TestRecord[string] | undefined): string | null => (v === undefined || v === null ? null : typeof v === 'boolean' ? (v ? '1' : '0') : String(v));

/** Writes records to a Parquet file with the given column types (via NDJSON and DuckDB); returns its sha256. */
export async function writeParquetFile(path: string, records: TestRecord[], types: Record<string, string>, options: { rowGroupSize?: number } = {}): Promise<string> {
  const scratch = mkdtempSync(join(tmpdir(), 'churn-test-parquet-'));
  const session = await openSession();
  try {
    const ndjson = join(scratch, 'rows.ndjson');
    writeFileSync(ndjson, records.map((r) => JSON.stringify(Object.fromEntries(Object.keys(types).map((c) => [c, cellText(r[c])])))).join('\n'));
    const columns = Object.keys(types).map((c) => `${str(c)}: 'VARCHAR'`).join(', ');
    const select = Object.entries(types).map(([c, t]) => `CAST(${ident(c)} AS ${t}) AS ${ident(c)}`).join(', ');
    const source = records.length === 0 ? `(SELECT ${Object.keys(types).map((c) => `CAST(NULL AS VARCHAR) AS ${ident(c)}`).join(', ')} LIMIT 0)` : `read_json(${str(ndjson)}, format = 'newline_delimited', columns = {${columns}})`;
    await session.exec(`COPY (SELECT ${select} FROM ${source}) TO ${str(path)} (FORMAT parquet${options.rowGroupSize ? `, ROW_GROUP_SIZE ${options.rowGroupSize}` : ''})`);
  } finally {
    session.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Writes each dataset's records as `<dir>/prepared/dataset=<name>/run=<runId>/<name>.parquet`, typed as the preparer
 * types them (small row groups make DuckDB read a file with several threads).
 */
export async function writePreparedDatasets(
  project: Project,
  records: Record<string, TestRecord[]>,
  dir: string,
  runId = 'test',
  options: { rowGroupSize?: number } = {},
): Promise<LocalDataset[]> {
  const out: LocalDataset[] = [];
  for (const [name, rows] of Object.entries(records)) {
    const folder = join(dir, 'prepared', `dataset=${name}`, `run=${runId}`);
    mkdirSync(folder, { recursive: true });
    const path = join(folder, `${name}.parquet`);
    out.push({ name, path, sha256: await writeParquetFile(path, rows, preparedParquetTypes(project, name, rows), options) });
  }
  return out;
}

/** Reads a Parquet file's rows (TIMESTAMP as ISO text, BIGINT as number). */
export async function readParquetFile<T = Record<string, unknown>>(path: string): Promise<T[]> {
  const session = await openSession();
  try {
    return await session.rows<T>(`SELECT * FROM read_parquet(${str(path)})`);
  } finally {
    session.close();
  }
}

/** Runs the engine on records in a temporary folder; returns the result with its feature and label rows read back. */
export async function runFeatureEngine(
  project: Project,
  records: Record<string, TestRecord[]>,
  asOf: string,
  options: { threads?: number; view?: string; rowGroupSize?: number } = {},
): Promise<{ computed: ComputedFeatureSet; features: Array<Record<string, unknown>>; labels: Array<Record<string, unknown>>; bytes: { features: Buffer; labels: Buffer } }> {
  const dir = mkdtempSync(join(tmpdir(), 'churn-test-features-'));
  try {
    const { rowGroupSize, ...engine } = options;
    const datasets = await writePreparedDatasets(project, records, dir, 'test', rowGroupSize ? { rowGroupSize } : {});
    const computed = await computeFeatureSet({ project, datasets, asOf, outputDir: dir, ...engine });
    return {
      computed,
      features: await readParquetFile(computed.features.path),
      labels: await readParquetFile(computed.labels.path),
      bytes: { features: readFileSync(computed.features.path), labels: readFileSync(computed.labels.path) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
