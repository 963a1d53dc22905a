import type { Session } from './duckdb-session';
import type { ReferencedKeys } from './engine-types';
import { ident, str } from './sql';

/** Loads another source's keys into table `table` (column `k`, distinct text) and returns its name. */
export async function loadReferencedKeys(session: Session, keys: ReferencedKeys, table: string): Promise<string> {
  if (Array.isArray(keys)) {
    await session.exec(`CREATE OR REPLACE TABLE ${ident(table)} (k VARCHAR)`);
    const appender = await session.connection.createAppender(table);
    for (const key of keys as readonly string[]) {
      appender.appendVarchar(key);
      appender.endRow();
    }
    appender.closeSync();
    return table;
  }
  const { path, format, column } = keys as Exclude<ReferencedKeys, readonly string[]>;
  const from =
    format === 'parquet'
      ? `SELECT CAST(${ident(column)} AS VARCHAR) AS k FROM read_parquet(${str(path)})`
      : format === 'csv'
        ? `SELECT ${ident(column)} AS k FROM read_csv(${str(path)}, header = true, all_varchar = true)`
        : `SELECT json ->> ${str(`$."${column}"`)} AS k FROM read_ndjson_objects(${str(path)})`;
  await session.exec(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT DISTINCT k FROM (${from}) WHERE k IS NOT NULL`);
  return table;
}
