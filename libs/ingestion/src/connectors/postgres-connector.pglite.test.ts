import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresSourceConfig } from '../sources-config/source-types';
import type { ConnectorRun } from './connector';
import { createPostgresConnector } from './postgres-connector';

// The embedded source database of the demo (PGlite behind its wire-protocol socket) speaks COPY TO too.
const log = pino({ level: 'silent' });
let db: PGlite;
let server: PGLiteSocketServer;
let url: string;

const source = (overrides: Partial<PostgresSourceConfig['postgres']> = {}, name = 'product_usage'): PostgresSourceConfig => ({
  name,
  kind: 'postgres',
  enabled: true,
  postgres: {
    urlEnv: 'USAGE_DB_URL',
    query: `SELECT customer_id, day, sessions, updated_at FROM usage WHERE updated_at > $1 ORDER BY updated_at, customer_id`,
    incremental: { column: 'updated_at' },
    batchSize: 4,
    ...overrides,
  },
});
const open = (src: PostgresSourceConfig, watermark?: string, signal = new AbortController().signal) =>
  createPostgresConnector(src, { env: { USAGE_DB_URL: url }, connectTimeoutMs: 3000 }).open({ watermark, signal, log });

async function drain(run: ConnectorRun) {
  const parts = [];
  for await (const part of run.parts) parts.push({ records: part.records, rows: (part.body as Buffer).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l)) });
  return parts;
}

beforeAll(async () => {
  db = await PGlite.create();
  await db.exec(`CREATE TABLE usage (customer_id text, day date, sessions int, updated_at timestamptz, PRIMARY KEY (customer_id, day))`);
  await db.exec(`INSERT INTO usage SELECT 'C' || lpad(i::text, 3, '0'), date '2026-10-01' + i, i, timestamptz '2026-10-01T00:00:00Z' + i * interval '1 hour' + interval '5 microseconds'
                 FROM generate_series(1, 10) AS i`);
  server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const conn = server.getServerConn();
  url = `postgres://postgres@127.0.0.1:${conn.slice(conn.lastIndexOf(':') + 1)}/postgres`;
});
afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('Postgres connector over the PGlite socket', () => {
  it('streams the rows in parts and finds the watermark, then reads only newer rows', async () => {
    const run = open(source());
    const parts = await drain(run);
    expect(parts.map((p) => p.records)).toEqual([4, 4, 2]);
    expect(parts[0]!.rows[0]).toEqual({ customer_id: 'C001', day: '2026-10-02', sessions: 1, updated_at: '2026-10-01T01:00:00.000005Z' });
    expect(run.watermark()).toBe('2026-10-01T10:00:00.000005Z');

    const next = open(source(), '2026-10-01T08:30:00Z');
    expect((await drain(next)).flatMap((p) => p.rows).map((r) => r.customer_id)).toEqual(['C009', 'C010']);
  });

  it('a missing incremental column is a configuration error, and the database stays usable after it', async () => {
    await expect(drain(open(source({ query: 'SELECT customer_id FROM usage WHERE updated_at > $1' })))).rejects.toMatchObject({
      code: 'CHURN_INGESTION_SOURCE_QUERY_FAILED',
      context: { column: 'updated_at' },
    });
    expect((await drain(open(source()))).length).toBe(3);
  });

  it('an error in the middle of the COPY fails the run, and the database serves the next run', async () => {
    const failing = source({ query: `SELECT i, 1 / (i - 250) AS x, now() AS updated_at FROM generate_series(1, 400) AS i WHERE now() > $1`, batchSize: 100 }, 'mid_copy_error');
    await expect(drain(open(failing))).rejects.toMatchObject({ code: 'CHURN_INGESTION_SOURCE_QUERY_FAILED', context: { sqlState: '22012' } });
    expect((await drain(open(source()))).flatMap((p) => p.rows)).toHaveLength(10);
  });

  it('after an abort mid-stream the database serves the next run', async () => {
    const controller = new AbortController();
    const big = source({ query: `SELECT i, repeat('x', 200) AS pad, now() AS updated_at FROM generate_series(1, 20000) AS i WHERE now() > $1`, batchSize: 500 }, 'abort_probe');
    const iterator = open(big, undefined, controller.signal).parts[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.records).toBe(500);
    controller.abort(new Error('stop'));
    await expect(iterator.next()).rejects.toMatchObject({ code: 'CHURN_INGESTION_ABORTED' });
    const run = open(source());
    expect((await drain(run)).flatMap((p) => p.rows)).toHaveLength(10);
  });
});
