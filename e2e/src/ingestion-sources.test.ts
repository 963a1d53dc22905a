import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from '@churn/storage';
import {
  ingestionEnv,
  listKeys,
  openLake,
  readManifest,
  runFolder,
  startIngestionService,
  type IngestionProcess,
  type IngestionRunView,
  type RawManifestView,
} from './fixtures/ingestion-service';
import { recordsOf, startTestSampleSystems, type SampleSystems } from './fixtures/sample-systems';
import { repoRoot } from './processes';
import { createScratchDatabase } from './scratch-database';

const KIND: Record<string, string> = {
  crm_customers: 'csv',
  billing_invoices: 'rest',
  support_tickets: 'rest',
  cancellations: 'rest',
  product_usage: 'postgres',
};
const SOURCES = Object.keys(KIND);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const ndjson = (bytes: Buffer) =>
  bytes
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const maxOf = (values: string[]) => values.reduce((a, b) => (b > a ? b : a));

/** Every source of projects/sample-company/sources.json, ingested by the service process from the running sample systems. */
describe('ingestion service on the sample source systems', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  let systems: SampleSystems;
  let service: IngestionProcess;
  let lake: ObjectStore;
  const first = new Map<string, IngestionRunView>();
  const manifests = new Map<string, RawManifestView>();

  beforeAll(async () => {
    const adminUrl = process.env.DATABASE_URL as string;
    systems = await startTestSampleSystems({ customers: 1000, seed: 11, adminUrl });
    cleanups.push(() => systems.close());
    const database = await createScratchDatabase(adminUrl);
    cleanups.push(() => database.drop());
    const dir = mkdtempSync(join(tmpdir(), 'churn-e2e-ingestion-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const lakeDir = join(dir, 'lake');
    lake = openLake(lakeDir);
    service = await startIngestionService(
      ingestionEnv({ sourcesFile: join(repoRoot, 'projects/sample-company/sources.json'), lakeDir, databaseUrl: database.url, extra: { ...systems.env } }),
    );
    cleanups.push(() => service.stop());
  }, 180_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('lists the five configured sources, none ingested yet', async () => {
    const sources = await service.get<Array<{ name: string; kind: string; incremental: boolean; watermark: string | null; lastRun: unknown }>>('/sources');
    expect(sources.map((s) => [s.name, s.kind, s.incremental, s.watermark, s.lastRun])).toEqual(
      SOURCES.map((name) => [name, KIND[name], name !== 'crm_customers', null, null]),
    );
  });

  it('lands all five sources at once, each in its run folder with the manifest listing every part', async () => {
    const runs = await Promise.all(SOURCES.map((name) => service.ingest(name)));
    for (const run of runs) {
      expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', error: null });
      const folder = runFolder(run.source, KIND[run.source] as string, run.id);
      expect(run.manifestKey).toBe(`${folder}_manifest.json`);
      const manifest = await readManifest(lake, run.manifestKey as string);
      expect(manifest).toMatchObject({ source: run.source, kind: KIND[run.source], ingestionRunId: run.id, records: run.records, bytes: run.bytes });
      expect(manifest.parts.length).toBe(run.parts);
      // The folder holds exactly the listed parts and the manifest; every part's hash is that of its bytes.
      expect(await listKeys(lake, folder)).toEqual([...manifest.parts.map((p) => p.key), run.manifestKey].sort());
      for (const part of manifest.parts) {
        expect(part.key).toBe(`${folder}${part.name}`);
        expect(part.reused).toBe(false);
        const bytes = await lake.getBuffer(part.key);
        expect({ sha256: sha256(bytes), bytes: bytes.length }).toEqual({ sha256: part.sha256, bytes: part.bytes });
        expect((await lake.head(part.key))?.sha256).toBe(part.sha256);
      }
      first.set(run.source, run);
      manifests.set(run.source, manifest);
    }
  }, 240_000);

  it('stores the CRM export byte for byte', async () => {
    const manifest = manifests.get('crm_customers') as RawManifestView;
    expect(manifest.parts.map((p) => [p.name, p.contentType])).toEqual([['crm_customers.csv', 'text/csv']]);
    const stored = await lake.getBuffer(manifest.parts[0]?.key as string);
    expect(stored.equals(readFileSync(systems.csvPath))).toBe(true);
    expect(manifest.records).toBe([...systems.company.crmRows()].length);
  });

  it.each(['billing_invoices', 'support_tickets', 'cancellations'] as const)('stores every %s record the API serves, one NDJSON part per page', async (name) => {
    const manifest = manifests.get(name) as RawManifestView;
    const expected = recordsOf(systems.company.collections[name]).map((r) => JSON.parse(JSON.stringify(r)) as unknown);
    const stored: unknown[] = [];
    for (const [i, part] of manifest.parts.entries()) {
      expect(part).toMatchObject({ name: `page-${String(i + 1).padStart(6, '0')}.ndjson`, contentType: 'application/x-ndjson' });
      const records = ndjson(await lake.getBuffer(part.key));
      expect(records.length).toBe(part.records);
      stored.push(...records);
    }
    expect(stored.length).toBe(expected.length);
    expect(stored).toEqual(expected);
    expect(manifest.records).toBe(expected.length);
    const pageSize = name === 'support_tickets' ? 200 : 500;
    expect(manifest.parts.length).toBe(Math.ceil(expected.length / pageSize));
    // The watermark is the newest updated_at served.
    expect(manifest.watermarkAfter).toBe(maxOf(expected.map((r) => (r as { updated_at: string }).updated_at)));
  });

  it('stores the usage table as NDJSON parts of about partBytes (2 MB) each', async () => {
    const manifest = manifests.get('product_usage') as RawManifestView;
    expect(manifest.records).toBe(systems.usageRows);
    // A part is cut at the first row that takes it to 2 MB: every part but the last is 2 MB plus less than a row.
    const partBytes = 2_000_000;
    expect(manifest.parts.length).toBeGreaterThan(1);
    for (const part of manifest.parts.slice(0, -1)) {
      expect(part.bytes).toBeGreaterThanOrEqual(partBytes);
      expect(part.bytes).toBeLessThan(partBytes + 1024);
    }
    expect(manifest.parts.at(-1)!.bytes).toBeLessThan(partBytes + 1024);
    expect(manifest.parts.reduce((n, p) => n + p.records, 0)).toBe(systems.usageRows);
    const rows: Record<string, unknown>[] = [];
    for (const part of manifest.parts) rows.push(...ndjson(await lake.getBuffer(part.key)));
    expect(rows.length).toBe(systems.usageRows);
    expect(new Set(rows.map((r) => `${r.customer_id as string}/${r.day as string}`)).size).toBe(systems.usageRows);
    expect(Object.keys(rows[0] ?? {})).toEqual(['customer_id', 'day', 'sessions', 'minutes', 'data_mb', 'features_used', 'updated_at']);
    const client = new pg.Client({ connectionString: systems.env.USAGE_DB_URL });
    await client.connect();
    try {
      const { rows: [max] } = await client.query<{ ms: string }>('SELECT (extract(epoch FROM max(updated_at)) * 1000)::bigint AS ms FROM product_usage_daily');
      expect(Date.parse(manifest.watermarkAfter as string)).toBe(Number(max?.ms));
    } finally {
      await client.end();
    }
  });

  it('records the watermark of each incremental source, none for the CSV', async () => {
    const sources = await service.get<Array<{ name: string; watermark: string | null; lastRun: IngestionRunView }>>('/sources');
    for (const source of sources) {
      const run = first.get(source.name) as IngestionRunView;
      expect(source.lastRun.id).toBe(run.id);
      if (source.name === 'crm_customers') expect(source.watermark).toBeNull();
      else expect(source.watermark).toBe(manifests.get(source.name)?.watermarkAfter);
      expect(source.watermark).toBe(run.watermarkAfter);
    }
  });

  it('a second run of each incremental source fetches nothing new and leaves the watermark where it was', async () => {
    const names = SOURCES.filter((n) => n !== 'crm_customers');
    const again = await Promise.all(names.map((name) => service.ingest(name)));
    for (const run of again) {
      const before = first.get(run.source)?.watermarkAfter;
      expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', records: 0, parts: 0, watermarkBefore: before, watermarkAfter: before });
      const manifest = await readManifest(lake, run.manifestKey as string);
      expect(manifest.parts).toEqual([]);
      expect(manifest.watermarkBefore).toBe(before);
    }
    const sources = await service.get<Array<{ name: string; watermark: string | null }>>('/sources');
    for (const name of names) expect(sources.find((s) => s.name === name)?.watermark).toBe(first.get(name)?.watermarkAfter);
  }, 120_000);

  it('stores the same CSV ingested twice once: the second manifest points at the first object', async () => {
    const run = await service.ingest('crm_customers');
    expect(run.status).toBe('succeeded');
    const firstPart = manifests.get('crm_customers')?.parts[0];
    const manifest = await readManifest(lake, run.manifestKey as string);
    expect(manifest.parts).toEqual([{ ...firstPart, reused: true }]);
    // No second data object: the new run folder holds only its manifest.
    expect(await listKeys(lake, runFolder('crm_customers', 'csv', run.id))).toEqual([run.manifestKey]);
    const csvObjects = (await listKeys(lake, 'raw/source=crm_customers/')).filter((k) => !k.endsWith('_manifest.json'));
    expect(csvObjects).toEqual([firstPart?.key]);
  }, 60_000);
});
