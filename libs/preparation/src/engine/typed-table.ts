import { ident, str, type Session } from '@churn/duckdb';
import { preparationErrors } from '../errors';
import { roleCanFail, roleExpr, typedReader } from './column-sql';
import type { RecipeColumn, RecipeDataset } from './recipe-types';

/** Position of a row in its input: the tiebreak that keeps deduplication and ordering deterministic. */
export const ORD = '__churn_ord';

/** What reading a dataset's records needs of its recipe (or plan). */
export type TypedTableSpec = Pick<RecipeDataset, 'name' | 'source' | 'key' | 'dedupe' | 'input'> & {
  columns: Record<string, Pick<RecipeColumn, 'role' | 'type' | 'boolean'>>;
};

/** Column names of a relation. */
export async function columnsOf(session: Session, relation: string): Promise<string[]> {
  return [...(await columnTypesOf(session, relation)).keys()];
}

/** Column name -> DuckDB type of a relation, in its order. */
export async function columnTypesOf(session: Session, relation: string): Promise<Map<string, string>> {
  const rows = await session.rows<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM ${relation}`);
  return new Map(rows.map((r) => [r.column_name, r.column_type]));
}

/**
 * Records to type: a relation (SQL), and optionally a column of it numbering its rows in input order from 0, such as
 * Parquet's `file_row_number`. With one, records that cannot hold a bad value are typed by a view: nothing is copied.
 */
export interface TypedInput {
  relation: string;
  rowNumber?: string;
}

/** What {@link createTypedTable} made: a table, or a view over the records (drop it with DROP VIEW). */
export interface TypedRelation {
  rowsIn: number;
  rows: number;
  kind: 'table' | 'view';
}

/** Drops a relation made by createTypedTable (or by createImputedTable). */
export async function dropRelation(session: Session, name: string, kind: 'table' | 'view'): Promise<void> {
  await session.exec(`DROP ${kind === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS ${ident(name)}`);
}

/** Keeps one row per key in `table`, the newest by `dedupe.by` (later input rows win ties), unless its keys are unique already. */
async function dedupeTable(session: Session, spec: TypedTableSpec, table: string, kind: 'table' | 'view'): Promise<'table' | 'view'> {
  const key = spec.key.map(ident).join(', ');
  // A distinct count is a fraction of the window's cost, and the validator already leaves one row per suite key.
  const [keys] = await session.rows<{ rows: number; keys: number }>(
    `SELECT (SELECT count(*) FROM ${ident(table)}) AS rows, (SELECT count(*) FROM (SELECT DISTINCT ${key} FROM ${ident(table)})) AS keys`,
  );
  if (keys!.rows === keys!.keys) return kind;
  const deduped = `${table}__dedupe`;
  await session.exec(
    `CREATE OR REPLACE TABLE ${ident(deduped)} AS SELECT * FROM ${ident(table)} QUALIFY row_number() OVER (PARTITION BY ${key} ORDER BY ${ident(spec.dedupe!.by)} DESC NULLS LAST, ${ORD} DESC) = 1`,
  );
  await dropRelation(session, table, kind);
  await session.exec(`ALTER TABLE ${ident(deduped)} RENAME TO ${ident(table)}`);
  return 'table';
}

/**
 * Creates `table` from `relation` (the validated records): every input column typed as the schema says and converted
 * by its role (numeric DOUBLE, boolean 0/1, categorical text), with `__churn_ord` (input position); then one row per
 * key, the newest by `dedupe.by` (later input rows win ties). A value that is not of its type, or a boolean that is
 * none of the rule's values, fails with CHURN_PREPARATION_BAD_VALUE before anything is kept. Columns that already
 * have their type (typed Parquet) are read as they are; when no value can fail, the records are read once.
 */
export async function createTypedTable(session: Session, spec: TypedTableSpec, input: string | TypedInput, table: string): Promise<TypedRelation> {
  const { relation, rowNumber } = typeof input === 'string' ? { relation: input, rowNumber: undefined } : input;
  const types = await columnTypesOf(session, relation);
  const missing = spec.input.map((c) => c.name).filter((n) => !types.has(n));
  if (missing.length > 0) throw preparationErrors.schemaMismatch(spec.name, spec.source, missing, 'the records');

  const inner: string[] = [];
  const outer: string[] = [];
  const bad: string[] = [];
  spec.input.forEach((c, i) => {
    const reader = typedReader(c.type, types.get(c.name)!);
    const column = spec.columns[c.name];
    const value = column ? roleExpr(`c${i}`, c.type, column as RecipeColumn) : `c${i}`;
    const roleFails = column !== undefined && value !== `c${i}` && roleCanFail(c.type, column);
    inner.push(`${reader.expr(ident(c.name))} AS c${i}`);
    outer.push(`${value} AS ${ident(c.name)}`);
    if (!reader.canFail && !roleFails) return;
    inner.push(`${ident(c.name)} AS r${i}`);
    const fault = (expected: string) => `{'column': ${str(c.name)}, 'value': CAST(r${i} AS VARCHAR), 'expected': ${str(expected)}}`;
    const checks = [...(reader.canFail ? [`WHEN r${i} IS NOT NULL AND c${i} IS NULL THEN ${fault(c.type)}`] : []), ...(roleFails ? [`WHEN c${i} IS NOT NULL AND (${value}) IS NULL THEN ${fault(`${column!.role} value`)}`] : [])];
    bad.push(`CASE ${checks.join(' ')} END`);
  });
  const select = (extra: string) => `SELECT row_number() OVER () AS ${ORD}, ${outer.join(', ')}${extra} FROM (SELECT ${inner.join(', ')} FROM ${relation})`;

  let kind: 'table' | 'view' = 'table';
  if (bad.length === 0 && rowNumber !== undefined && !spec.input.some((c) => c.name === rowNumber)) {
    // Typed Parquet: every step reads the records again (a column scan) rather than a copy of them all.
    kind = 'view';
    await session.exec(`CREATE OR REPLACE VIEW ${ident(table)} AS SELECT ${ident(rowNumber)} + 1 AS ${ORD}, ${outer.join(', ')} FROM (SELECT ${ident(rowNumber)}, ${inner.join(', ')} FROM ${relation})`);
  } else if (bad.length === 0) {
    await session.exec(`CREATE OR REPLACE TABLE ${ident(table)} AS ${select('')}`);
  } else {
    const raw = `${table}__raw`;
    const badExpr = bad.length === 1 ? bad[0]! : `coalesce(${bad.join(', ')})`;
    await session.exec(`CREATE OR REPLACE TABLE ${ident(raw)} AS ${select(`, ${badExpr} AS __churn_bad`)}`);
    const [fault] = await session.rows<{ column: string; value: string; expected: string }>(
      `SELECT __churn_bad.column AS column, __churn_bad.value AS value, __churn_bad.expected AS expected FROM ${ident(raw)} WHERE __churn_bad IS NOT NULL ORDER BY ${ORD} LIMIT 1`,
    );
    if (fault) {
      await session.exec(`DROP TABLE ${ident(raw)}`);
      throw preparationErrors.badValue(spec.name, fault.column, fault.value, fault.expected);
    }
    await session.exec(`ALTER TABLE ${ident(raw)} DROP COLUMN __churn_bad`);
    await session.exec(`DROP TABLE IF EXISTS ${ident(table)}`);
    await session.exec(`ALTER TABLE ${ident(raw)} RENAME TO ${ident(table)}`);
  }
  const [read] = await session.rows<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)}`);
  if (spec.dedupe) kind = await dedupeTable(session, spec, table, kind);
  const [kept] = spec.dedupe ? await session.rows<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)}`) : [read];
  return { rowsIn: read!.n, rows: kept!.n, kind };
}
