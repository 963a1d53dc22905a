import { ident, str, type Session } from '@churn/duckdb';
import type { DatasetDeclaration, Project } from '@churn/project';
import { transformationErrors } from './errors';
import { col, isTimeType, textSql } from './sql-text';

/** A prepared dataset as the computation sees it: a DuckDB view over its Parquet file, with its column types. */
export interface DatasetTable {
  name: string;
  declaration: DatasetDeclaration;
  /** Quoted name of the view over the file. */
  view: string;
  /** Column name -> DuckDB type, in file order. */
  columns: Map<string, string>;
  rows: number;
}

/** A local Parquet file of a prepared dataset. */
export interface DatasetFile {
  name: string;
  path: string;
}

/** Registers each file as a view `ds_<name>` and reads its schema and row count (from the Parquet footer). */
export async function registerDatasets(session: Session, project: Project, files: DatasetFile[]): Promise<Map<string, DatasetTable>> {
  const tables = new Map<string, DatasetTable>();
  for (const file of files) {
    const declaration = project.datasets.find((d) => d.name === file.name);
    if (!declaration) throw transformationErrors.invalidView(file.name, `no dataset named ${file.name} in datasets.json`);
    const view = ident(`ds_${file.name}`);
    await session.exec(`CREATE VIEW ${view} AS SELECT * FROM read_parquet(${str(file.path)})`);
    const described = await session.rows<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM ${view}`);
    const [{ n }] = (await session.rows<{ n: number }>(`SELECT count(*) AS n FROM ${view}`)) as [{ n: number }];
    tables.set(file.name, { name: file.name, declaration, view, columns: new Map(described.map((c) => [c.column_name, c.column_type])), rows: n });
  }
  return tables;
}

/** The table of a dataset the plan named. */
export function tableOf(tables: Map<string, DatasetTable>, name: string): DatasetTable {
  const table = tables.get(name);
  if (!table) throw transformationErrors.datasetMissing([name], [...tables.keys()]);
  return table;
}

/** Throws CHURN_TRANSFORMATION_DATASET_COLUMNS naming every column of `needed` the dataset lacks. */
export function requireColumns(table: DatasetTable, needed: Iterable<string>): void {
  const missing = [...new Set(needed)].filter((c) => !table.columns.has(c));
  if (missing.length > 0) throw transformationErrors.columnsMissing(table.name, missing, [...table.columns.keys()]);
}

/** Throws CHURN_TRANSFORMATION_COLUMN_TYPE unless the column holds dates or timestamps. */
export function requireTimeColumn(table: DatasetTable, column: string, role: string): void {
  requireColumns(table, [column]);
  const type = table.columns.get(column)!;
  if (!isTimeType(type)) throw transformationErrors.columnType(table.name, column, type, `${role} needs a DATE or TIMESTAMP column`);
}

/** The column of a dataset holding the entity key: the entity dataset's key, or its declared entity column. */
function ownEntityColumn(project: Project, table: DatasetTable): string | undefined {
  if (table.name === project.manifest.entity.dataset) return project.manifest.entity.key;
  const link = table.declaration.entity;
  return link && 'column' in link ? link.column : undefined;
}

/**
 * SQL of a dataset's rows with their entity key as text in `__entity_key` (NULL when the row reaches no entity),
 * all columns kept: through its own entity column, or one lookup (`entity.through`: its `on` column joined to the
 * other dataset's key, whose entity column is taken). A lookup key listed twice is read once (the smaller entity).
 */
export function entityRowsSql(project: Project, tables: Map<string, DatasetTable>, name: string): string {
  const table = tableOf(tables, name);
  const own = ownEntityColumn(project, table);
  if (own !== undefined) {
    requireColumns(table, [own]);
    return `SELECT ${textSql(col('d', own), table.columns.get(own)!)} AS __entity_key, d.* FROM ${table.view} d`;
  }
  const link = table.declaration.entity;
  if (!link || !('through' in link)) throw transformationErrors.invalidView(name, `dataset ${name} does not declare how it reaches the entity`);
  const via = tableOf(tables, link.through.dataset);
  const viaKey = via.declaration.key[0]!;
  const viaEntity = ownEntityColumn(project, via);
  if (viaEntity === undefined || via.declaration.key.length !== 1) {
    throw transformationErrors.invalidView(name, `${via.name} must have a single key column and its own entity column to be looked up`);
  }
  requireColumns(table, [link.through.on]);
  requireColumns(via, [viaKey, viaEntity]);
  const lookup =
    `SELECT DISTINCT ON (__lookup) __lookup, __entity_key FROM (SELECT ${textSql(col('v', viaKey), via.columns.get(viaKey)!)} AS __lookup, ` +
    `${textSql(col('v', viaEntity), via.columns.get(viaEntity)!)} AS __entity_key FROM ${via.view} v) ORDER BY __lookup, __entity_key`;
  return (
    `SELECT l.__entity_key, d.* FROM ${table.view} d LEFT JOIN (${lookup}) l ` +
    `ON ${textSql(col('d', link.through.on), table.columns.get(link.through.on)!)} = l.__lookup`
  );
}
