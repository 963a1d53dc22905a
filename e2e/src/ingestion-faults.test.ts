import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSampleApi, type RunningSampleApi } from '@churn/sample-sources';
import type { ObjectStore } from '@churn/storage';
import {
  ingestionEnv,
  listKeys,
  openLake,
  readManifest,
  runFolder,
  sampleSourcesConfig,
  startIngestionService,
  writeSourcesFile,
  type IngestionProcess,
  type SourceEntry,
} from './fixtures/ingestion-service';
import { recordsOf, startTestSampleSystems, type SampleSystems } from './fixtures/sample-systems';
import { repoRoot, waitFor } from './processes';
import { createScratchDatabase } from './scratch-database';

const RETRY = { attempts: 4, initialDelayMs: 50, maxDelayMs: 200 };
// High threshold: these tests are about retries; the breaker would otherwise open across scenarios.
const BREAKER = { failureThreshold: 50, resetAfterMs: 1000 };
const BROKEN_FOREVER = 1_000_000;

type Rest = Record<string, unknown>;

/**
 * The sample sources file with test-sized retry delays, plus one copy of a
 * REST source per fault scenario (each copy has its own watermark, so every
 * scenario fetches the whole collection). billing_invoices points at a
 * second API that answers 503 to everything.
 */
function faultSourcesFile(dir: string, brokenApiUrl: string): string {
  const base = sampleSourcesConfig().sources;
  const rest = (name: string) => base.find((s) => s.name === name) as SourceEntry & { rest: Rest };
  const copy = (from: string, name: string, overrides: Rest = {}): SourceEntry => {
    const source = rest(from);
    return { ...source, name, rest: { ...source.rest, retry: RETRY, circuitBreaker: BREAKER, ...overrides } };
  };
  const billingUrl = String(rest('billing_invoices').rest.url).replace('${SAMPLE_API_URL}', brokenApiUrl);
  return writeSourcesFile(dir, {
    sources: [
      copy('billing_invoices', 'billing_invoices', { url: billingUrl }),
      copy('support_tickets', 'support_tickets'),
      copy('support_tickets', 'tickets_5xx'),
      copy('billing_invoices', 'invoices_429'),
      copy('cancellations', 'cancellations_slow', { timeoutMs: 500 }),
      copy('support_tickets', 'tickets_truncated'),
      // Pages of 300, not 500: content dedupe spans sources, and invoices_429 stores the 500-record pages.
      copy('billing_invoices', 'invoices_midway', { pagination: { ...(rest('billing_invoices').rest.pagination as Rest), limit: 300 } }),
    ],
  });
}

describe('ingestion against a faulty sample API', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  let systems: SampleSystems;
  let broken: RunningSampleApi;
  let service: IngestionProcess;
  let lake: ObjectStore;
  let dir: string;
  const adminUrl = process.env.DATABASE_URL as string;

  beforeAll(async () => {
    systems = await startTestSampleSystems({ customers: 1000, seed: 23, adminUrl });
    cleanups.push(() => systems.close());
    const { billing_invoices, support_tickets, cancellations } = systems.company.collections;
    broken = await startSampleApi({
      collections: { invoices: billing_invoices, tickets: support_tickets, cancellations },
      token: systems.env.SAMPLE_API_TOKEN,
      faults: { failNext: { count: BROKEN_FOREVER, status: 503 }, slowMs: 300, slowRate: 1 },
    });
    cleanups.push(() => broken.close());
    const database = await createScratchDatabase(adminUrl);
    cleanups.push(() => database.drop());
    dir = mkdtempSync(join(tmpdir(), 'churn-e2e-faults-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    lake = openLake(join(dir, 'lake'));
    service = await startIngestionService(
      ingestionEnv({
        sourcesFile: faultSourcesFile(dir, broken.url),
        lakeDir: join(dir, 'lake'),
        databaseUrl: database.url,
        extra: { ...systems.env },
      }),
    );
    cleanups.push(() => service.stop());
  }, 180_000);

  afterEach(() => systems.setFaults({}));
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  const ticketCount = () => recordsOf(systems.company.collections.support_tickets).length;
  const invoiceCount = () => recordsOf(systems.company.collections.billing_invoices).length;
  const retryLines = (source: string) =>
    service.process
      .stdout()
      .split('\n')
      .filter((l) => l.includes('"request failed, retrying"') && l.includes(`"source":"${source}"`));

  it('retries 5xx answers and lands every record', async () => {
    systems.setFaults({ errorRate: 0.4, seed: 'e2e-5xx' });
    const run = await service.ingest('tickets_5xx');
    expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', records: ticketCount() });
    expect(run.retries).toBeGreaterThan(0);
    expect(run.requests).toBe(run.parts + run.retries);
    expect(retryLines('tickets_5xx').every((l) => /"status":50[023]/.test(l))).toBe(true);
    expect(retryLines('tickets_5xx').length).toBe(run.retries);
  }, 60_000);

  it('honours Retry-After on 429', async () => {
    systems.setFaults({ failNext: { count: 2, status: 429 } });
    const run = await service.ingest('invoices_429');
    expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', records: invoiceCount(), retries: 2 });
    // Two waits of Retry-After: 1 s each; the configured backoff alone would wait at most 2 x 200 ms.
    expect(run.durationMs).toBeGreaterThanOrEqual(2000);
    expect(retryLines('invoices_429').map((l) => (JSON.parse(l) as { delayMs: number; status: number }))).toEqual([
      expect.objectContaining({ status: 429, delayMs: 1000 }),
      expect.objectContaining({ status: 429, delayMs: 1000 }),
    ]);
  }, 60_000);

  it('retries a response slower than the source timeout', async () => {
    systems.setFaults({ slowMs: 3000, slowRate: 1 });
    const id = await service.startRun('cancellations_slow');
    await waitFor(
      () => retryLines('cancellations_slow').some((l) => l.includes('CHURN_INGESTION_SOURCE_TIMEOUT')),
      20_000,
      () => service.process.stdout().slice(-3000),
    );
    systems.setFaults({});
    const run = await service.finished(id);
    expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', records: recordsOf(systems.company.collections.cancellations).length });
    expect(run.retries).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('retries truncated JSON bodies', async () => {
    systems.setFaults({ truncateRate: 0.4, seed: 'e2e-truncate' });
    const run = await service.ingest('tickets_truncated');
    expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', records: ticketCount() });
    expect(run.retries).toBeGreaterThan(0);
    expect(retryLines('tickets_truncated').every((l) => l.includes('invalid or truncated JSON'))).toBe(true);
    const manifest = await readManifest(lake, run.manifestKey as string);
    expect(manifest.records).toBe(ticketCount());
  }, 60_000);

  it('gives up on a persistently failing source after the configured attempts, leaving nothing visible, while another source succeeds', async () => {
    const [billingId, ticketsId] = await Promise.all([service.startRun('billing_invoices'), service.startRun('support_tickets')]);
    const [billing, tickets] = await Promise.all([service.finished(billingId), service.finished(ticketsId)]);
    expect(tickets, JSON.stringify(tickets)).toMatchObject({ status: 'succeeded', records: ticketCount() });
    expect(billing.status).toBe('failed');
    expect(billing.error).toMatchObject({ code: 'CHURN_INGESTION_SOURCE_UNAVAILABLE' });
    expect(billing.error?.message).toContain('gave up after 4 attempts');
    // The support source finished while billing was still failing.
    expect(Date.parse(tickets.finishedAt as string)).toBeLessThan(Date.parse(billing.finishedAt as string));
    // Exactly the configured attempts reached the broken API.
    const left = await (await fetch(`${broken.url}/_faults`, { headers: { authorization: `Bearer ${systems.env.SAMPLE_API_TOKEN}` } })).json();
    expect((left as { failNext: { count: number } }).failNext.count).toBe(BROKEN_FOREVER - 4);
    expect(await listKeys(lake, 'raw/source=billing_invoices/')).toEqual([]);
    const sources = await service.get<Array<{ name: string; watermark: string | null; lastRun: { status: string } }>>('/sources');
    expect(sources.find((s) => s.name === 'billing_invoices')).toMatchObject({ watermark: null, lastRun: { status: 'failed' } });
  }, 60_000);

  it('a run that fails midway leaves its parts without a manifest (no run for readers); the next run reuses them', async () => {
    systems.setFaults({ slowMs: 150, slowRate: 1 });
    const id = await service.startRun('invoices_midway');
    const folder = runFolder('invoices_midway', 'rest', id);
    await waitFor(async () => (await listKeys(lake, folder)).length >= 2, 30_000, () => service.process.stdout().slice(-2000));
    systems.setFaults({ failNext: { count: BROKEN_FOREVER, status: 503 } });
    const failed = await service.finished(id);
    expect(failed).toMatchObject({ status: 'failed', manifestKey: null, error: { code: 'CHURN_INGESTION_SOURCE_UNAVAILABLE' } });
    const leftBehind = await listKeys(lake, folder);
    expect(leftBehind.length).toBeGreaterThanOrEqual(2);
    expect(leftBehind.every((k) => /page-\d{6}\.ndjson$/.test(k))).toBe(true);
    // A reader looks for manifests: there is none for this source.
    expect((await listKeys(lake, 'raw/source=invoices_midway/')).filter((k) => k.endsWith('_manifest.json'))).toEqual([]);

    systems.setFaults({});
    const run = await service.ingest('invoices_midway');
    expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', records: invoiceCount(), watermarkBefore: null });
    const manifest = await readManifest(lake, run.manifestKey as string);
    const reused = manifest.parts.filter((p) => p.reused);
    expect(reused.map((p) => p.key)).toEqual(leftBehind);
    expect(manifest.parts.slice(0, reused.length)).toEqual(reused);
    // Stored once: the new run folder holds only the pages the failed run did not get to.
    expect((await listKeys(lake, runFolder('invoices_midway', 'rest', run.id))).length).toBe(manifest.parts.length - reused.length + 1);
  }, 90_000);
});

describe('ingestion with a wrong API token', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('fails the run with CHURN_INGESTION_SOURCE_UNAUTHORIZED, without retrying, and stores nothing', async () => {
    const adminUrl = process.env.DATABASE_URL as string;
    const systems = await startTestSampleSystems({ customers: 1000, seed: 29, adminUrl });
    cleanups.push(() => systems.close());
    const database = await createScratchDatabase(adminUrl);
    cleanups.push(() => database.drop());
    const dir = mkdtempSync(join(tmpdir(), 'churn-e2e-token-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const lake = openLake(join(dir, 'lake'));
    const service = await startIngestionService(
      ingestionEnv({
        sourcesFile: join(repoRoot, 'projects/sample-company/sources.json'),
        lakeDir: join(dir, 'lake'),
        databaseUrl: database.url,
        extra: { ...systems.env, SAMPLE_API_TOKEN: 'not-the-token' },
      }),
    );
    cleanups.push(() => service.stop());
    systems.setFaults({ failNext: { count: 100, status: 500 } });

    const run = await service.ingest('billing_invoices');
    expect(run).toMatchObject({ status: 'failed', manifestKey: null, records: 0, error: { code: 'CHURN_INGESTION_SOURCE_UNAUTHORIZED' } });
    // 401 comes before any fault: the fault counter is untouched, so no request got past auth; and none was retried.
    expect((await systems.faults()).failNext?.count).toBe(100);
    expect(service.process.stdout()).not.toContain('"request failed, retrying"');
    expect(await listKeys(lake, runFolder('billing_invoices', 'rest', run.id))).toEqual([]);
    expect(await listKeys(lake, 'raw/')).toEqual([]);
    const sources = await service.get<Array<{ name: string; watermark: string | null }>>('/sources');
    expect(sources.find((s) => s.name === 'billing_invoices')?.watermark).toBeNull();
  }, 180_000);
});
