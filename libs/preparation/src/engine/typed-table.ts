import { ident, str, type Session } from '@churn/duckdb';
import { preparationErrors } from '../errors';
import { roleExpr, typedExpr } from './column-sql';
import type { RecipeColumn, RecipeDataset } from './recipe-types';

/** Position of a row in its input: the tiebreak that keeps deduplication and ordering deterministic. */
export const ORD = '__churn_ord';

/** What reading a dataset's records needs of its recipe (or plan). */
export type TypedTableSpec = Pick<RecipeDataset, 'name' | 'source' | 'key' | 'dedupe' | 'input'> & {
  columns: Record<string, Pick<RecipeColumn, 'role' | 'type' | 'boolean'>>;
};

/** Column names of a relation. */
export async function columnsOf(session: Session, relation: string): Promise<string[]> {
  const rows = await session.rows<{ column_name: string }>(`DESCRIBE SELECT * FROM ${relation}`);
  return rows.map((r) => r.column_name);
}

/**
 * Creates `table` from `relation` (the validated records): every input column typed as the schema says and converted
 * by its role (numeric DOUBLE, boolean 0/1, categorical text), with `__churn_ord` (input position); then one row per
 * key, the newest by `dedupe.by` (later input rows win ties). A value that is not of its type, or a boolean that is
 * none of the rule's values, fails with CHURN_PREPARATION_BAD_VALUE before anything is kept.
 */
export async function createTypedTable(
  session: Session,
  spec: TypedTableSpec,
  relation: string,
  table: string,
): Promise<{ rowsIn: number; rows: number }> {
  const present = new Set(await columnsOf(session, relation));
  const missing = spec.input.map((c) => c.name).filter((n) => !present.has(n));
  if (missing.length > 0) throw preparationErrors.schemaMismatch(spec.name, spec.source, missing, 'the records');

  const raw = `${table}__raw`;
  const inner = spec.input.map((c, i) => `${ident(c.name)} AS r${i}, ${typedExpr(ident(c.name), c.type)} AS c${i}`).join(', ');
  const outer: string[] = [];
  const bad: string[] = [];
  spec.input.forEach((c, i) => {
    const column = spec.columns[c.name];
    const value = column ? roleExpr(`c${i}`, c.type, column as RecipeColumn) : `c${i}`;
    outer.push(`${value} AS ${ident(c.name)}`);
    const fault = (expected: string) => `{'column': ${str(c.name)}, 'value': CAST(r${i} AS VARCHAR), 'expected': ${str(expected)}}`;
    let check = `WHEN r${i} IS NOT NULL AND c${i} IS NULL THEN ${fault(c.type)}`;
    if (column && value !== `c${i}`) check += ` WHEN c${i} IS NOT NULL AND (${value}) IS NULL THEN ${fault(`${column.role} value`)}`;
    bad.push(`CASE ${check} END`);
  });
  const badExpr = bad.length === 0 ? 'NULL' : bad.length === 1 ? bad[0]! : `coalesce(${bad.join(', ')})`;
  await session.exec(
    `CREATE OR REPLACE TABLE ${ident(raw)} AS SELECT row_number() OVER () AS ${ORD}, ${outer.join(', ')}, ${badExpr} AS __churn_bad FROM (SELECT ${inner} FROM ${relation})`,
  );
  const [fault] = await session.rows<{ column: string; value: string; expected: string }>(
    `SELECT __churn_bad.column AS column, __churn_bad.value AS value, __churn_bad.expected AS expected FROM ${ident(raw)} WHERE __churn_bad IS NOT NULL ORDER BY ${ORD} LIMIT 1`,
  );
  if (fault) {
    await session.exec(`DROP TABLE ${ident(raw)}`);
    throw preparationErrors.badValue(spec.name, fault.column, fault.value, fault.expected);
  }
  const dedupe = spec.dedupe
    ? ` QUALIFY row_number() OVER (PARTITION BY ${spec.key.map(ident).join(', ')} ORDER BY ${ident(spec.dedupe.by)} DESC NULLS LAST, ${ORD} DESC) = 1`
    : '';
  await session.exec(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * EXCLUDE (__churn_bad) FROM ${ident(raw)}${dedupe}`);
  const [counts] = await session.rows<{ rowsIn: number; rows: number }>(
    `SELECT (SELECT count(*) FROM ${ident(raw)}) AS "rowsIn", (SELECT count(*) FROM ${ident(table)}) AS rows`,
  );
  await session.exec(`DROP TABLE ${ident(raw)}`);
  return counts!;
}
