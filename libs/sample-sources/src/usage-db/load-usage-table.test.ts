import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import { loadUsageTable } from './load-usage-table';
import { expectedTotals, readBack, usageRows } from './test-rows';

const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://churn:churn@127.0.0.1:5432/churn';
const ROWS = 200_000;
const schema = `sample_sources_test_${randomBytes(4).toString('hex')}`;
const table = `${schema}.product_usage_daily`;

let client: pg.Client;
beforeAll(async () => {
  // No skip: without Postgres this connect fails the suite.
  client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
});
afterAll(async () => {
  await client?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client?.end();
});

describe('loadUsageTable against the local Postgres', () => {
  it('creates the table with its updated_at index and COPYs the rows', async () => {
    const started = performance.now();
    const loaded = await loadUsageTable(client, usageRows(ROWS), { table });
    const seconds = (performance.now() - started) / 1000;
    console.log(`COPY loaded ${loaded} usage rows in ${seconds.toFixed(2)} s (${Math.round(loaded / seconds)} rows/s)`);
    expect(loaded).toBe(ROWS);

    const { rows: indexes } = await client.query<{ indexdef: string }>(
      'SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2',
      [schema, 'product_usage_daily'],
    );
    expect(indexes.map((i) => i.indexdef).join('\n')).toMatch(/\(updated_at\)/);
    expect(indexes.map((i) => i.indexdef).join('\n')).toMatch(/\(customer_id, day\)/);

    const back = await readBack(client, table);
    const want = expectedTotals(ROWS);
    expect({ rows: back.rows, sessions: back.sessions, features: back.features }).toEqual(want);
    const { rows: odd } = await client.query(`SELECT customer_id, day::text, minutes, data_mb, updated_at FROM ${table} WHERE customer_id LIKE 'C\t%' ORDER BY day LIMIT 1`);
    expect(odd[0]).toMatchObject({ customer_id: 'C\t000\\0007', day: '2026-08-03' });
  });

  it('loads all or nothing: a duplicate key fails non-retriably and leaves the table as it was', async () => {
    const err = await loadUsageTable(client, usageRows(10), { table }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect(err).toMatchObject({ code: 'CHURN_SAMPLE_USAGE_LOAD_FAILED', retriable: false });
    expect((await client.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n).toBe(ROWS);
    // The client is usable again after the failed COPY.
    expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  });

  it('replaces the contents with replace: true, also by batched inserts through a pool', async () => {
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
    try {
      const loaded = await loadUsageTable(pool, usageRows(12_345), { table, replace: true, method: 'insert', batchSize: 1000 });
      expect(loaded).toBe(12_345);
      expect(await readBack(client, table)).toMatchObject(expectedTotals(12_345));
    } finally {
      await pool.end();
    }
  });

  it('rejects bad options', async () => {
    for (const options of [{ table: 'x; drop table y' }, { batchSize: 0 }, { method: 'bulk' }]) {
      await expect(loadUsageTable(client, [], options as never)).rejects.toMatchObject({ code: 'CHURN_SAMPLE_OPTIONS_INVALID' });
    }
  });
});
