import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RestPagination, RestSourceConfig, RestSourceSettings } from '../sources-config/source-types';
import { realSleep, type Sleep } from './backoff';
import type { ConnectorRun, RawPart } from './connector';
import { createRestConnector } from './rest-connector';
import { startRestTestServer, type RestTestServer, type TestRecord } from './rest-test-server';

let server: RestTestServer;
beforeAll(async () => {
  server = await startRestTestServer({ records: 25 });
});
afterAll(async () => server.close());
beforeEach(() => {
  server.faults.length = 0;
  server.hits.clear();
});

const cursor: RestPagination = { type: 'cursor', cursorParam: 'cursor', nextCursorField: 'next_cursor', itemsField: 'data', limitParam: 'limit', limit: 10 };

function source(path: string, pagination: RestPagination, extra: Partial<RestSourceSettings> = {}): RestSourceConfig {
  return {
    name: 'test_source',
    kind: 'rest',
    enabled: true,
    rest: {
      url: `${server.url}${path}`,
      pagination,
      incremental: { param: 'updated_since', field: 'updated_at' },
      auth: { type: 'bearer', tokenEnv: 'TEST_TOKEN' },
      timeoutMs: 2000,
      retry: { attempts: 8, initialDelayMs: 5, maxDelayMs: 50 },
      ...extra,
    },
  };
}

function capture(): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

async function drain(run: ConnectorRun): Promise<Array<RawPart & { text: string }>> {
  const out: Array<RawPart & { text: string }> = [];
  for await (const part of run.parts) out.push({ ...part, text: (part.body as Buffer).toString('utf8') });
  return out;
}

const ndjson = (records: TestRecord[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');
const env = () => ({ TEST_TOKEN: server.token });
const open = (src: RestSourceConfig, opts: { watermark?: string; sleep?: Sleep } = {}, log: Logger = pino({ level: 'silent' })) =>
  createRestConnector(src, { env: env(), sleep: opts.sleep }).open({ watermark: opts.watermark, signal: new AbortController().signal, log });

describe('REST connector: pagination', () => {
  it('follows a cursor, one NDJSON part per page, and tracks the watermark', async () => {
    const run = open(source('/billing/invoices', cursor));
    const parts = await drain(run);
    expect(parts.map((p) => [p.name, p.records, p.contentType])).toEqual([
      ['page-000001.ndjson', 10, 'application/x-ndjson'],
      ['page-000002.ndjson', 10, 'application/x-ndjson'],
      ['page-000003.ndjson', 5, 'application/x-ndjson'],
    ]);
    expect(parts.map((p) => p.text).join('')).toBe(ndjson(server.invoices));
    expect(run.watermark()).toBe(server.invoices[24]!.updated_at);
    expect(run.stats()).toEqual({ requests: 3, retries: 0, records: 25 });
  });

  it('sends the watermark on the next run and reads only newer records; nothing new keeps the watermark', async () => {
    const mark = server.invoices[19]!.updated_at;
    const run = open(source('/billing/invoices', cursor), { watermark: mark });
    const parts = await drain(run);
    expect(parts.map((p) => p.text).join('')).toBe(ndjson(server.invoices.slice(20)));
    expect(run.watermark()).toBe(server.invoices[24]!.updated_at);

    const again = open(source('/billing/invoices', cursor), { watermark: run.watermark() });
    expect(await drain(again)).toEqual([]);
    expect(again.watermark()).toBe(server.invoices[24]!.updated_at);
    expect(again.stats()).toEqual({ requests: 1, retries: 0, records: 0 });
  });

  it('follows Link rel="next" until there is none', async () => {
    const run = open(source('/support/tickets?per_page=10', { type: 'link' }));
    const parts = await drain(run);
    expect(parts.map((p) => p.records)).toEqual([10, 10, 5]);
    expect(parts.map((p) => p.text).join('')).toBe(ndjson(server.tickets));
    expect(run.watermark()).toBe(server.tickets[24]!.updated_at);
  });

  it('counts pages until a short page', async () => {
    const run = open(source('/support/tickets', { type: 'page', pageParam: 'page', perPageParam: 'per_page', perPage: 10 }));
    const parts = await drain(run);
    expect(parts.map((p) => p.records)).toEqual([10, 10, 5]);
    expect(parts.map((p) => p.text).join('')).toBe(ndjson(server.tickets));
    expect(run.stats().requests).toBe(3);
  });

  it('advances an offset until total', async () => {
    const pagination: RestPagination = { type: 'offset', offsetParam: 'offset', limitParam: 'limit', limit: 5, itemsField: 'items', totalField: 'total' };
    const run = open(source('/cancellations', pagination), { watermark: server.cancellations[9]!.updated_at });
    const parts = await drain(run);
    expect(parts.map((p) => p.records)).toEqual([5, 5, 5]);
    expect(parts.map((p) => p.text).join('')).toBe(ndjson(server.cancellations.slice(10)));
    // total says 15 after the third page: no fourth, empty request.
    expect(run.stats()).toEqual({ requests: 3, retries: 0, records: 15 });
  });
});

describe('REST connector: failures', () => {
  it('retries 5xx, 429 (Retry-After), a timeout, truncated JSON and an HTML page, then succeeds', async () => {
    server.faults.push({ status: 500 }, { status: 503 }, { status: 429, retryAfter: '1' }, { slowMs: 600 }, { truncate: true }, { html: true });
    const delays: number[] = [];
    const sleep: Sleep = (ms, signal) => {
      delays.push(ms);
      return realSleep(ms, signal);
    };
    const { log, lines } = capture();
    const run = open(source('/billing/invoices', cursor, { timeoutMs: 300 }), { sleep }, log);
    const parts = await drain(run);
    expect(parts.map((p) => p.text).join('')).toBe(ndjson(server.invoices));
    expect(run.stats()).toEqual({ requests: 9, retries: 6, records: 25 });
    expect(server.hits.get('/billing/invoices')).toBe(9);
    // Full jitter stays under maxDelayMs; Retry-After: 1 is obeyed although above it.
    expect(delays).toHaveLength(6);
    expect(delays[2]).toBe(1000);
    for (const [i, d] of delays.entries()) if (i !== 2) expect(d).toBeLessThanOrEqual(50);
    const warns = lines.filter((l) => l.level === 40);
    expect(warns.map((w) => [w.attempt, w.status, w.code])).toEqual([
      [1, 500, 'CHURN_INGESTION_SOURCE_UNAVAILABLE'],
      [2, 503, 'CHURN_INGESTION_SOURCE_UNAVAILABLE'],
      [3, 429, 'CHURN_INGESTION_SOURCE_UNAVAILABLE'],
      [4, undefined, 'CHURN_INGESTION_SOURCE_TIMEOUT'],
      [5, 200, 'CHURN_INGESTION_SOURCE_BAD_RESPONSE'],
      [6, 200, 'CHURN_INGESTION_SOURCE_BAD_RESPONSE'],
    ]);
    expect(warns.every((w) => typeof w.delayMs === 'number')).toBe(true);
    expect(lines.filter((l) => l.level === 20 && l.msg === 'GET page')).toHaveLength(9);
    expect(lines.filter((l) => l.level === 30 && l.msg === 'page read').map((l) => l.records)).toEqual([10, 10, 5]);
  });

  it('fails at once on 401, not retriable, naming attempts and status', async () => {
    const run = createRestConnector(source('/billing/invoices', cursor), { env: { TEST_TOKEN: 'wrong' } }).open({
      signal: new AbortController().signal,
      log: pino({ level: 'silent' }),
    });
    await expect(drain(run)).rejects.toMatchObject({
      code: 'CHURN_INGESTION_SOURCE_UNAUTHORIZED',
      retriable: false,
      context: { source: 'test_source', attempts: 1, lastStatus: 401 },
    });
    expect(server.hits.get('/billing/invoices')).toBe(1);
  });

  it('gives up after the configured attempts with a non-retriable error', async () => {
    server.faults.push(...Array.from({ length: 5 }, () => ({ status: 502 })));
    const run = open(source('/billing/invoices', cursor, { retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 5 } }));
    await expect(drain(run)).rejects.toMatchObject({
      code: 'CHURN_INGESTION_SOURCE_UNAVAILABLE',
      retriable: false,
      context: { source: 'test_source', attempts: 3, lastStatus: 502 },
    });
    expect(run.stats()).toEqual({ requests: 3, retries: 2, records: 0 });
  });

  it('does not retry a 400 (the request itself is wrong)', async () => {
    const run = open(source('/billing/invoices', { ...cursor, limit: 5000 }));
    await expect(drain(run)).rejects.toMatchObject({ code: 'CHURN_INGESTION_SOURCE_REJECTED', retriable: false, context: { attempts: 1, lastStatus: 400 } });
  });

  it('names the missing token variable', async () => {
    const run = createRestConnector(source('/billing/invoices', cursor), { env: {} }).open({ signal: new AbortController().signal, log: pino({ level: 'silent' }) });
    await expect(drain(run)).rejects.toMatchObject({ code: 'CHURN_INGESTION_MISSING_SECRET', retriable: false, context: { variable: 'TEST_TOKEN' } });
    expect(server.hits.size).toBe(0);
  });

  it('opens the circuit after N consecutive failures, fails fast while open, and closes after a good trial', async () => {
    server.faults.push(...Array.from({ length: 20 }, () => ({ status: 500 })));
    const connector = createRestConnector(
      source('/billing/invoices', cursor, { retry: { attempts: 6, initialDelayMs: 1, maxDelayMs: 5 }, circuitBreaker: { failureThreshold: 3, resetAfterMs: 800 } }),
      { env: env() },
    );
    const start = () => connector.open({ signal: new AbortController().signal, log: pino({ level: 'silent' }) });
    await expect(drain(start())).rejects.toMatchObject({ code: 'CHURN_INGESTION_CIRCUIT_OPEN', retriable: false, context: { attempts: 4 } });
    expect(server.hits.get('/billing/invoices')).toBe(3);

    // A second run while open: no request reaches the server, and it is quick.
    const t0 = performance.now();
    await expect(drain(start())).rejects.toMatchObject({ code: 'CHURN_INGESTION_CIRCUIT_OPEN' });
    expect(performance.now() - t0).toBeLessThan(200);
    expect(server.hits.get('/billing/invoices')).toBe(3);

    server.faults.length = 0;
    await new Promise((r) => setTimeout(r, 900));
    const run = start();
    expect((await drain(run)).map((p) => p.records)).toEqual([10, 10, 5]);
  });

  it('stops when the run is aborted', async () => {
    server.faults.push({ slowMs: 1500 });
    const controller = new AbortController();
    const run = createRestConnector(source('/billing/invoices', cursor), { env: env() }).open({ signal: controller.signal, log: pino({ level: 'silent' }) });
    setTimeout(() => controller.abort(new Error('shutdown')), 100);
    await expect(drain(run)).rejects.toMatchObject({ code: 'CHURN_INGESTION_ABORTED', retriable: true });
  });
});
