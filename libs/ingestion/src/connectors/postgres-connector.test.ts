import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresSourceConfig, PostgresSourceSettings } from '../sources-config/source-types';
import type { ConnectorRun } from './connector';
import { rowValueTypes } from './pg-values';
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
const open = (src: PostgresSourceConfig, watermark?: string, env: Record<string, string> = { USAGE_DB_URL: databaseUrl }, signal = new AbortController().signal) =>
  createPostgresConnector(src, { env, connectTimeoutMs: 3000 }).open({ watermark, signal, log });

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

  it('an error in the middle of the COPY fails the run (not retriable), no part holds a row past it, and the connection is released', async () => {
    const failing = { ...source({ query: `SELECT i, 1 / (i - 250) AS x, now() AS updated_at FROM generate_series(1, 400) AS i WHERE now() > $1`, batchSize: 100 }), name: 'mid_copy_error' };
    const run = open(failing);
    const seen: number[] = [];
    const err = await (async () => {
      for await (const part of run.parts) seen.push(part.records as number);
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CHURN_INGESTION_SOURCE_QUERY_FAILED', retriable: false, context: { sqlState: '22012' } });
    // How many whole parts arrive first depends on when the server flushed its COPY buffer before the error.
    expect(seen.length).toBeLessThanOrEqual(2);
    expect(seen.every((records) => records === 100)).toBe(true);
    await expect
      .poll(async () => (await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'churn-ingestion:mid_copy_error'`)).rows[0].n, { timeout: 5000 })
      .toBe(0);
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

  it('each line is exactly one row as JSON, whatever the text holds (quotes, backslashes, line breaks, control bytes, unicode, json)', async () => {
    const tricky = [
      'plain',
      'say "hi"',
      'back\\slash \\" \\n (not a newline) \\N',
      'line\nbreak\r\nand\rreturn',
      'tab\there\b\f\v',
      '\u0001quote byte\u0001 \u0002delimiter\u0002 \u001f \u007f',
      'é ü 中文 😀 \u2028\u2029',
      '',
      '\\.',
      '\\N',
    ];
    await admin.query(`CREATE TABLE ${schema}.tricky (id int, s text, j json, b jsonb, n numeric, t timestamp, z timestamptz)`);
    await admin.query(
      `INSERT INTO ${schema}.tricky SELECT i, s, $2::json, $3::jsonb, 12345678901234567890.5, '2026-10-01T01:00:00.5', '2026-10-01T01:00:00+02:00'
       FROM unnest($1::text[]) WITH ORDINALITY AS x(s, i)`,
      [tricky, '{\n  "k": "v\\nw",\r\n  "n": [1, \n2]\n}', '{"deep": {"updated_at": "x"}}'],
    );
    await admin.query(`INSERT INTO ${schema}.tricky (id) VALUES (99)`);
    const run = open(source({ query: `SELECT * FROM ${schema}.tricky ORDER BY id`, incremental: undefined, batchSize: 3 }));
    const parts = await drain(run);
    expect(parts.map((p) => p.records)).toEqual([3, 3, 3, 2]);
    const rows = parts.flatMap((p) => p.rows);
    expect(rows.map((r) => r.s)).toEqual([...tricky, null]);
    expect(rows[0]).toEqual({
      id: 1,
      s: 'plain',
      j: { k: 'v\nw', n: [1, 2] },
      b: { deep: { updated_at: 'x' } },
      n: '12345678901234567890.5', // more digits than a double holds: kept as text
      t: '2026-10-01T01:00:00.5',
      z: '2026-09-30T23:00:00Z',
    });
    expect(rows.at(-1)).toEqual({ id: 99, s: null, j: null, b: null, n: null, t: null, z: null });
  });

  it('writes exactly JSON.stringify of the rows pg parses with rowValueTypes, for every type and awkward value', async () => {
    // A seeded generator: the same awkward values on every run.
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const chars = ['a', 'Z', '0', ' ', '"', '\\', "'", '\n', '\r', '\t', '\u0001', '\u0008', '\u001f', 'é', '中', '😀', '\u2028', '$', ',', '{', 'N'];
    const text = () => Array.from({ length: Math.floor(random() * 12) }, () => pick(chars)).join('');
    const double = () =>
      pick([0, -0, 1, -1.5, 0.1, 1 / 3, 1e-5, 1e-4, 123456.789, 1e15, 1e16, 1e21, 1e22, -2.5e-300, Number.MAX_VALUE, Number.MIN_VALUE, random() * 1e6, random() * 1e-3, (random() - 0.5) * 1e18]);
    const special = (v: string) => pick([v, v, v, 'NaN', 'Infinity', '-Infinity']);
    const columns: [string, string, () => string][] = [
      ['t', 'text', () => text()],
      ['vc', 'varchar(20)', () => text()],
      ['ch', 'char(4)', () => pick(['ab', 'abcd', '', 'é'])],
      ['nm', 'name', () => pick(['x', 'with space', 'q"uote'])],
      ['u', 'uuid', () => pick(['00000000-0000-0000-0000-000000000000', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'])],
      ['i2', 'int2', () => String(pick([0, -32768, 32767, 7]))],
      ['i4', 'int4', () => String(pick([0, -2147483648, 2147483647, 42]))],
      ['i8', 'int8', () => pick(['0', '-1', '999999999999999', '-999999999999999', '9007199254740991', '9007199254740993', '-9223372036854775808', '9223372036854775807', '1234567890123456'])],
      ['o', 'oid', () => pick(['0', '4294967295', '16384'])],
      ['f4', 'float4', () => special(String(Math.fround(double())))],
      ['f8', 'float8', () => special(String(double()))],
      ['nu', 'numeric', () => pick(['0', '1.50', '-0.001', '123456789012345', '1234567890123456', '0.000000000000001', '1e20', 'NaN', '3.14159265358979', '99999999999999.9'])],
      ['b', 'bool', () => pick(['t', 'f'])],
      ['d', 'date', () => pick(['2026-10-02', '0001-01-01', '0044-03-15 BC', 'infinity', '-infinity', '275000-01-01'])],
      ['ts', 'timestamp', () => pick(['2026-10-02 01:02:03', '2026-10-02 01:02:03.000001', '0044-03-15 12:00 BC', 'infinity', '2026-02-28 23:59:59.5'])],
      ['tz', 'timestamptz', () => pick(['2026-10-02 01:02:03+02', '2026-10-02 01:02:03.123456Z', '0044-03-15 12:00Z BC', 'infinity', '-infinity', '12026-01-01 00:00Z', '1900-01-01 00:00:00+01:23:45'])],
      ['j', 'json', () => pick(['{"a": [1, 2.50, "x\\ny"]}', '[\n1,\n2\n]', '"\\u0001"', 'null', '{"a":1,"a":2}'])],
      ['jb', 'jsonb', () => pick(['{"b": 1, "a": {"c": "é"}}', '[]', '1.50', '"\\\\"'])],
      ['by', 'bytea', () => pick(['\\x', '\\x00ff5c0a', '\\x414243'])],
      ['ai', 'int4[]', () => pick(['{}', '{1,2,NULL}', '{{1,2},{3,4}}'])],
      ['at', 'text[]', () => pick(['{}', '{"a b","c\\"d",NULL,"NULL"}', '{"x,y","\\\\"}'])],
      ['iv', 'interval', () => pick(['1 day', '-1 year 2 mons 3 days 04:05:06.789', '0'])],
      ['tm', 'time', () => pick(['00:00', '23:59:59.999999'])],
      ['tt', 'timetz', () => pick(['12:00+02', '00:00:01-08'])],
      ['ip', 'inet', () => pick(['192.168.0.1/24', '::1'])],
      ['pt', 'point', () => pick(['(1,2)', '(-1.5,1e300)'])],
    ];
    await admin.query(`CREATE TABLE ${schema}.every (id int, ${columns.map(([n, t]) => `${n} ${t}`).join(', ')})`);
    const insert = `INSERT INTO ${schema}.every VALUES ($1, ${columns.map(([, t], i) => `$${i + 2}::${t}`).join(', ')})`;
    for (let id = 1; id <= 300; id += 1) {
      await admin.query(insert, [id, ...columns.map(([, , value]) => (random() < 0.08 ? null : value()))]);
    }
    // Repeated and integer-like names: pg's row objects keep a name's first place and last value, integer keys first.
    // The plain SELECT * takes the one-pass path for rows in column order (rowInOrder), the other the field-by-field one.
    const queries = [`SELECT *, t AS "10", i4 AS "2", f8 AS t, id AS "ü ""q""" FROM ${schema}.every ORDER BY id`, `SELECT * FROM ${schema}.every ORDER BY id`];
    const client = new pg.Client({ connectionString: databaseUrl, types: rowValueTypes });
    await client.connect();
    try {
      await client.query("SET TIME ZONE 'UTC'; SET DateStyle TO ISO");
      for (const query of queries) {
        const run = open(source({ query, incremental: undefined, batchSize: 64 }));
        const copied: string[] = [];
        for await (const part of run.parts) copied.push((part.body as Buffer).toString('utf8'));
        const { rows } = await client.query(query);
        const expected = rows.map((r) => `${JSON.stringify(r)}\n`);
        const lines = copied.join('').split(/(?<=\n)/);
        expect(lines).toHaveLength(300);
        for (let i = 0; i < expected.length; i += 1) expect(lines[i], `${query}: row ${i + 1}`).toBe(expected[i]);
      }
    } finally {
      await client.end();
    }
  });

  it('without batchSize, cuts parts by size (partBytes), each ending with the row that reached it', async () => {
    const run = open(source({ query: `SELECT i, repeat('x', 100) AS pad, now() AS updated_at FROM generate_series(1, 3000) AS i WHERE now() > $1`, batchSize: undefined, partBytes: 64 * 1024 }));
    const parts: Buffer[] = [];
    for await (const part of run.parts) parts.push(part.body as Buffer);
    expect(parts.length).toBeGreaterThan(4);
    for (const body of parts.slice(0, -1)) {
      expect(body.length).toBeGreaterThanOrEqual(64 * 1024);
      expect(body.length - body.subarray(0, -1).lastIndexOf(10) - 1).toBeLessThan(200); // one row past the limit at most
      expect(body.length).toBeLessThan(64 * 1024 + 200);
    }
    expect(parts.reduce((n, b) => n + b.toString('utf8').split('\n').length - 1, 0)).toBe(3000);
  });

  it('the watermark goes into the query as a literal: quotes, backslashes and SQL in it stay data', async () => {
    await admin.query(`CREATE TABLE ${schema}.names (name text PRIMARY KEY)`);
    const names = ["O'Brien", "O'Brien\\", "O'Brien\\'; x", 'P', '$1', "'); DROP TABLE names; --"];
    await admin.query(`INSERT INTO ${schema}.names SELECT unnest($1::text[])`, [names]);
    // Compared as text in the byte order of "C", so the expected rows do not depend on the database's collation.
    const byName = source({ query: `SELECT name FROM ${schema}.names WHERE name COLLATE "C" > $1 ORDER BY name COLLATE "C"`, incremental: { column: 'name' } });
    const after = async (watermark: string) => (await drain(open(byName, watermark))).flatMap((p) => p.rows).map((r) => r.name);
    const sorted = [...names].sort();
    for (const mark of names) expect(await after(mark)).toEqual(sorted.filter((n) => n > mark));
    expect(await after("x' OR 'a' = 'a")).toEqual([]);

    // A timestamp watermark holding SQL fails as the bad timestamp it is, and nothing ran.
    const attack = "2026-01-01'; DROP TABLE " + `${schema}.usage; --`;
    const err = await drain(open(source(), attack)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CHURN_INGESTION_SOURCE_QUERY_FAILED', retriable: false, context: { sqlState: '22007' } });
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${schema}.usage`)).rows[0].n).toBeGreaterThan(0);
  });

  it('$1 inside quotes or comments is not the watermark; a query without a real $1 is refused', async () => {
    const run = open(source({ query: `SELECT customer_id, updated_at, '$1' AS note FROM ${schema}.usage /* $1 */ WHERE updated_at > $1 ORDER BY updated_at LIMIT 2` }));
    const rows = (await drain(run)).flatMap((p) => p.rows);
    expect(rows.map((r) => r.note)).toEqual(['$1', '$1']);
    await expect(drain(open(source({ query: `SELECT customer_id, updated_at, '$1' AS note FROM ${schema}.usage` })))).rejects.toMatchObject({
      code: 'CHURN_INGESTION_SOURCE_QUERY_FAILED',
      retriable: false,
    });
  });

  it('aborting mid-stream ends the COPY and the connection; the run fails as aborted', async () => {
    const controller = new AbortController();
    const big = {
      ...source({ query: `SELECT i, repeat('x', 100) AS pad, now() AS updated_at FROM generate_series(1, 2000000) AS i WHERE now() > $1`, batchSize: 1000 }),
      name: 'abort_probe',
    };
    const run = open(big, undefined, { USAGE_DB_URL: databaseUrl }, controller.signal);
    const iterator = run.parts[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value?.records).toBe(1000);
    controller.abort(new Error('shutting down'));
    await expect(iterator.next()).rejects.toMatchObject({ code: 'CHURN_INGESTION_ABORTED' });
    expect(run.stats().records).toBeLessThan(2_000_000);
    // The server side is gone too (the backend ends with its connection).
    await expect
      .poll(async () => (await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'churn-ingestion:abort_probe'`)).rows[0].n, { timeout: 5000 })
      .toBe(0);
  });

  it('an abort before the run starts fails without connecting', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(drain(open(source(), undefined, { USAGE_DB_URL: databaseUrl }, controller.signal))).rejects.toMatchObject({ code: 'CHURN_INGESTION_ABORTED' });
  });
});

