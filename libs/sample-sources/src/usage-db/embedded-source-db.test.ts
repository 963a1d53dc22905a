import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import QueryStream from 'pg-query-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedSourceDb, startEmbeddedSourceDb } from './embedded-source-db';
import { loadUsageTable } from './load-usage-table';
import { expectedTotals, readBack, usageRows } from './test-rows';

const ROWS = 20_000;

describe('startEmbeddedSourceDb (PGlite over the Postgres wire protocol)', () => {
  let db: EmbeddedSourceDb;
  let client: pg.Client;
  beforeAll(async () => {
    db = await startEmbeddedSourceDb();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.close();
  });

  it('hands out a postgres:// URL on a free loopback port', () => {
    expect(db.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    expect(db.url).not.toMatch(/:0\//);
  });

  it('loads usage rows (batched inserts, chosen automatically) and reads them back through a server-side cursor', async () => {
    const started = performance.now();
    expect(await loadUsageTable(client, usageRows(ROWS))).toBe(ROWS);
    const seconds = (performance.now() - started) / 1000;
    console.log(`PGlite loaded ${ROWS} usage rows in ${seconds.toFixed(2)} s (${Math.round(ROWS / seconds)} rows/s)`);
    expect(await readBack(client, 'product_usage_daily')).toMatchObject(expectedTotals(ROWS));
    const { rows } = await client.query("SELECT indexdef FROM pg_indexes WHERE tablename = 'product_usage_daily'");
    expect(rows.map((r) => r.indexdef).join('\n')).toMatch(/\(updated_at\)/);
  });

  it('reads incrementally by updated_at with pg-query-stream', async () => {
    const since = '2026-10-01T00:00:00Z';
    const want = [...usageRows(ROWS)].filter((r) => Date.parse(r.updated_at) > Date.parse(since)).length;
    const stream = client.query(
      new QueryStream('SELECT * FROM product_usage_daily WHERE updated_at > $1 ORDER BY updated_at', [since], { batchSize: 1000 }),
    );
    let n = 0;
    let last = 0;
    for await (const row of stream as AsyncIterable<{ updated_at: Date }>) {
      expect(row.updated_at.getTime()).toBeGreaterThanOrEqual(last);
      last = row.updated_at.getTime();
      n++;
    }
    expect(want).toBeGreaterThan(0);
    expect(n).toBe(want);
  });

  it('lets a second connection in; statements of both complete while a cursor is open', async () => {
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      let read = 0;
      let pending: Promise<number> | undefined;
      for await (const _row of client.query(new QueryStream('SELECT * FROM product_usage_daily', [], { batchSize: 500 }))) {
        // Depending on timing it runs between two fetches or waits for the cursor to finish.
        if (++read === 1000) pending = other.query('SELECT count(*)::int AS n FROM product_usage_daily').then((r) => r.rows[0].n as number);
      }
      expect(read).toBe(ROWS);
      expect(await pending).toBe(ROWS);
    } finally {
      await other.end();
    }
  });

  it('refuses COPY FROM STDIN up front (it would wedge the single PGlite backend)', async () => {
    const err = await loadUsageTable(client, usageRows(10, 900_000), { method: 'copy' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CHURN_SAMPLE_OPTIONS_INVALID' });
    expect((await client.query('SELECT count(*)::int AS n FROM product_usage_daily')).rows[0].n).toBe(ROWS);
  });
});

describe('startEmbeddedSourceDb with a data directory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'churn-source-db-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps the loaded rows across a restart', async () => {
    const first = await startEmbeddedSourceDb({ dataDir: dir });
    const pool = new pg.Pool({ connectionString: first.url, max: 2 });
    expect(await loadUsageTable(pool, usageRows(500))).toBe(500);
    await pool.end();
    await first.close();

    const second = await startEmbeddedSourceDb({ dataDir: dir });
    const c = new pg.Client({ connectionString: second.url });
    await c.connect();
    try {
      expect((await c.query('SELECT count(*)::int AS n FROM product_usage_daily')).rows[0].n).toBe(500);
    } finally {
      await c.end();
      await second.close();
    }
  });

  it('rejects bad options', async () => {
    await expect(startEmbeddedSourceDb({ port: 70000 })).rejects.toMatchObject({ code: 'CHURN_SAMPLE_OPTIONS_INVALID' });
  });
});
