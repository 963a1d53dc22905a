import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresSourceConfig, PostgresSourceSettings } from '../sources-config/source-types';
import type { ConnectorRun } from './connector';
import { createPostgresConnector } from './postgres-connector';

// The real local Postgres (infra/up.sh); these tests fail when it is not running.
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://churn:churn@127.0.0.1:5432/churn';
const schema = `connector_test_${randomBytes(4).toString('hex')}`;
const log = pino({ level: 'silent' });
let admin: pg.Client;

const source = (settings: Partial<PostgresSourceSettings> = {}): PostgresSourceConfig => ({
  name: 'product_usage',
  kind: 'postgres',
  enabled: true,
  postgres: {
    urlEnv: 'USAGE_DB_URL',
    query: `SELECT customer_id, day, sessions, minutes, data_mb, updated_at FROM ${schema}.usage WHERE updated_at > $1 ORDER BY updated_at, customer_id`,
    incremental: { column: 'updated_at' },
    batchSize: 10,
    ...settings,
  },
});
const open = (src: PostgresSourceConfig, watermark?: string, env: Record<string, string> = { USAGE_DB_URL: databaseUrl }) =>
  createPostgresConnector(src, { env, connectTimeoutMs: 3000 }).open({ watermark, signal: new AbortController().signal, log });

async function drain(run: ConnectorRun) {
  const parts = [];
  for await (const part of run.parts) {
    const lines = (part.body as Buffer).toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    parts.push({ name: part.name, contentType: part.contentType, records: part.records, rows: lines.map((l) => JSON.parse(l)) });
  }
  return parts;
}

const insert = (from: number, to: number) =>
  admin.query(
    `INSERT INTO ${schema}.usage (customer_id, day, sessions, minutes, data_mb, updated_at)
     SELECT 'C' || lpad(i::text, 7, '0'), date '2026-10-01' + i, i, i * 1.25, 1000000000000.5, timestamptz '2026-10-01T00:00:00Z' + i * interval '1 hour' + interval '123456 microseconds'
     FROM generate_series($1::int, $2::int) AS i`,
    [from, to],
  );

beforeAll(async () => {
  admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.query(`CREATE TABLE ${schema}.usage (customer_id text, day date, sessions int, minutes numeric(10,2), data_mb numeric(20,1), updated_at timestamptz, PRIMARY KEY (customer_id, day))`);
  await insert(1, 25);
});
afterAll(async () => {
  await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin?.end();
});

describe('Postgres connector (real Postgres)', () => {
  it('streams every row in parts of batchSize, as NDJSON with exact temporal text, and tracks the watermark', async () => {
    const run = open(source());
    const parts = await drain(run);
    expect(parts.map((p) => [p.name, p.records, p.contentType])).toEqual([
      ['part-000001.ndjson', 10, 'application/x-ndjson'],
      ['part-000002.ndjson', 10, 'application/x-ndjson'],
      ['part-000003.ndjson', 5, 'application/x-ndjson'],
    ]);
    expect(parts[0]!.rows[0]).toEqual({
      customer_id: 'C0000001',
      day: '2026-10-02',
      sessions: 1,
      minutes: 1.25,
      data_mb: 1000000000000.5,
      updated_at: '2026-10-01T01:00:00.123456Z',
    });
    expect(parts.flatMap((p) => p.rows).map((r) => r.customer_id)).toEqual(Array.from({ length: 25 }, (_, i) => `C${String(i + 1).padStart(7, '0')}`));
    expect(run.watermark()).toBe('2026-10-02T01:00:00.123456Z');
    expect(run.stats()).toEqual({ requests: 1, retries: 0, records: 25 });
  });

  it('an incremental second run returns only rows updated after the watermark', async () => {
    const first = open(source());
    await drain(first);
    const mark = first.watermark();
    const idle = open(source(), mark);
    expect(await drain(idle)).toEqual([]);
    expect(idle.watermark()).toBe(mark);

    await insert(26, 28);
    const second = open(source(), mark);
    const parts = await drain(second);
    expect(parts.flatMap((p) => p.rows).map((r) => r.customer_id)).toEqual(['C0000026', 'C0000027', 'C0000028']);
    expect(second.watermark()).toBe('2026-10-02T04:00:00.123456Z');
  });

  it('starts from incremental.initial when there is no watermark', async () => {
    const run = open(source({ incremental: { column: 'updated_at', initial: '2026-10-01T23:30:00Z' } }));
    const rows = (await drain(run)).flatMap((p) => p.rows);
    expect(rows[0].customer_id).toBe('C0000024');
  });

  it('runs a full (non-incremental) query without parameters', async () => {
    const run = open(source({ query: `SELECT customer_id FROM ${schema}.usage ORDER BY customer_id`, incremental: undefined, batchSize: 100 }), 'ignored');
    const parts = await drain(run);
    expect(parts.map((p) => p.records)).toEqual([28]);
    expect(run.watermark()).toBe('ignored');
  });

  it('a SQL error is not retriable and names the source', async () => {
    const run = open(source({ query: `SELECT * FROM ${schema}.nope WHERE updated_at > $1` }));
    const err = await drain(run).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CHURN_INGESTION_SOURCE_QUERY_FAILED', retriable: false, context: { source: 'product_usage', sqlState: '42P01' } });
    expect((err as Error).message).toMatch(/^source product_usage: query failed \(42P01\)/);
  });

  it('an incremental column missing from the result is a configuration error', async () => {
    const run = open(source({ query: `SELECT customer_id FROM ${schema}.usage WHERE updated_at > $1` }));
    await expect(drain(run)).rejects.toMatchObject({ code: 'CHURN_INGESTION_SOURCE_QUERY_FAILED', retriable: false, context: { column: 'updated_at' } });
  });

  it('an unreachable database is retriable; a missing URL variable is named', async () => {
    await expect(drain(open(source(), undefined, { USAGE_DB_URL: 'postgres://churn:churn@127.0.0.1:1/churn' }))).rejects.toMatchObject({
      code: 'CHURN_INGESTION_SOURCE_UNAVAILABLE',
      retriable: true,
    });
    await expect(drain(open(source(), undefined, {}))).rejects.toMatchObject({ code: 'CHURN_INGESTION_MISSING_SECRET', context: { variable: 'USAGE_DB_URL' } });
  });

  it('wrong credentials are not retriable', async () => {
    const url = new URL(databaseUrl);
    url.password = 'wrong-password';
    await expect(drain(open(source(), undefined, { USAGE_DB_URL: url.href }))).rejects.toMatchObject({ code: 'CHURN_INGESTION_SOURCE_UNAUTHORIZED', retriable: false });
  });
});
