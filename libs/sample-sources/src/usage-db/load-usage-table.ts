import Ajv from 'ajv';
import type pg from 'pg';
import { PlatformError } from '@churn/core';
import { SampleSourcesErrorCode, sampleSourcesError } from '../errors';
import { copyRows, insertRows } from './copy-rows';
import { USAGE_TABLE, type UsageRow, quoteTableName, usageTableDdl } from './usage-row';

/** Options of {@link loadUsageTable}. */
export interface LoadUsageOptions {
  /** `table` or `schema.table`, plain lowercase identifiers. Default `product_usage_daily`. */
  table?: string;
  /** Rows per INSERT statement when not using COPY. Default 5000. */
  batchSize?: number;
  /**
   * `copy`: one COPY FROM STDIN (fast, real Postgres); `insert`: batched unnest inserts
   * (PGlite over its socket, which cannot COPY FROM STDIN); `auto` (default): `insert` on PGlite, else `copy`.
   */
  method?: 'auto' | 'copy' | 'insert';
  /** Empty the table first (same transaction), for re-seeding. Default false. */
  replace?: boolean;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    table: { type: 'string', minLength: 1 },
    batchSize: { type: 'integer', minimum: 1, maximum: 100_000 },
    method: { enum: ['auto', 'copy', 'insert'] },
    replace: { type: 'boolean' },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true });
const check = ajv.compile(schema);

type Queryable = pg.Client | pg.Pool | pg.PoolClient;

/**
 * Creates the usage table (and its `updated_at` index) when missing and loads
 * `rows` in one transaction: all rows or none. Returns the rows loaded.
 */
export async function loadUsageTable(
  client: Queryable,
  rows: AsyncIterable<UsageRow> | Iterable<UsageRow>,
  options: LoadUsageOptions = {},
): Promise<number> {
  if (!check(options)) {
    throw sampleSourcesError(SampleSourcesErrorCode.OptionsInvalid, `invalid usage load options: ${ajv.errorsText(check.errors)}`);
  }
  const tableName = options.table ?? USAGE_TABLE;
  const table = quoteTableName(tableName);
  if (!table) {
    throw sampleSourcesError(SampleSourcesErrorCode.OptionsInvalid, `table must be 'name' or 'schema.name' of plain identifiers`, {
      context: { table: tableName },
    });
  }
  const isPool = 'totalCount' in client;
  const conn = isPool ? await (client as pg.Pool).connect() : (client as pg.ClientBase);
  let failure: Error | undefined;
  try {
    const pglite = await isPglite(conn);
    if (pglite && options.method === 'copy') {
      // A failed COPY over pglite-socket leaves the single backend in a transaction nobody owns: every connection hangs.
      throw sampleSourcesError(SampleSourcesErrorCode.OptionsInvalid, 'COPY FROM STDIN does not work over the PGlite socket; use method insert or auto');
    }
    const method = options.method === undefined || options.method === 'auto' ? (pglite ? 'insert' : 'copy') : options.method;
    await conn.query('BEGIN');
    try {
      for (const ddl of usageTableDdl(table)) await conn.query(ddl);
      if (options.replace) await conn.query(`TRUNCATE ${table.sql}`);
      const loaded =
        method === 'copy' ? await copyRows(conn, table.sql, rows) : await insertRows(conn, table.sql, rows, options.batchSize ?? 5000);
      await conn.query('COMMIT');
      return loaded;
    } catch (err) {
      await conn.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } catch (err) {
    failure = err as Error;
    if (err instanceof PlatformError) throw err;
    const code = (err as { code?: unknown }).code;
    // Connection-class SQLSTATEs (08xxx) and socket errors are transient; data and schema errors are not.
    const retriable = typeof code !== 'string' || code.startsWith('08') || code.startsWith('E');
    throw sampleSourcesError(SampleSourcesErrorCode.UsageLoadFailed, `loading ${tableName} failed: ${(err as Error).message}`, {
      retriable,
      cause: err,
      context: { table: tableName, sqlState: code },
    });
  } finally {
    // A client that saw an error goes back destroyed, not half-way through a COPY or transaction.
    if (isPool) (conn as pg.PoolClient).release(failure);
  }
}

async function isPglite(conn: pg.ClientBase): Promise<boolean> {
  const { rows } = await conn.query<{ version: string }>('SELECT version() AS version');
  return /pglite/i.test(rows[0]?.version ?? '');
}
