import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawManifest } from '@churn/contracts';
import { createDatabase, type Database } from '@churn/database';
import { createFsObjectStore, type ObjectStore } from '@churn/storage';
import type { RawPart, SourceConnector } from './connectors/connector';
import { createCsvConnector } from './connectors/csv-connector';
import { ingestionMetrics } from './ingestion-metrics';
import { runSourceIngestion } from './run-source-ingestion';
import { acquireSourceLease } from './source-lease';

const log = pino({ level: 'silent' });
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
// A quoted newline inside a cell: 3 records, not 4 lines.
const csv = 'customer_id,note\r\nC1,"two\nlines"\r\nC2,plain\r\nC3,"with ""quotes"""\r\n';
const requestedAt = new Date('2026-11-02T23:59:00Z');

/** A source already read into memory: `count` NDJSON parts, as the database and REST connectors hand them over. */
function bufferedConnector(count: number, onRelease?: (name: string) => void): SourceConnector {
  return {
    kind: 'postgres',
    open: () => ({
      parts: (async function* (): AsyncGenerator<RawPart> {
        for (let i = 0; i < count; i++) {
          const name = `part-${String(i).padStart(6, '0')}.ndjson`;
          yield { name, contentType: 'application/x-ndjson', body: Buffer.from(`{"part":${i}}\n`), records: 1, release: () => onRelease?.(name) };
        }
      })(),
      watermark: () => undefined,
      stats: () => ({ requests: 1, retries: 0, records: count }),
    }),
  };
}

/** The lake as it is, with a journal of what the run asks of it (and a put that fails on demand). */
function journaled(store: ObjectStore, failOn?: string) {
  const events: string[] = [];
  let storing = 0;
  let mostStoring = 0;
  const lake: ObjectStore = {
    ...store,
    async put(key, body, options) {
      if (key === failOn) throw new Error(`disk full at ${key}`);
      mostStoring = Math.max(mostStoring, ++storing);
      try {
        const stored = await store.put(key, body, options);
        events.push(`put ${key.slice(key.lastIndexOf('/') + 1)}${options?.deferSync ? ' (deferred)' : ''}`);
        return stored;
      } finally {
        storing--;
      }
    },
    async sync(keys) {
      const list = [...keys];
      events.push(`sync ${list.map((k) => k.slice(k.lastIndexOf('/') + 1)).join(',')}`);
      await store.sync(list);
    },
  };
  return { lake, events, mostStoring: () => mostStoring };
}

describe('runSourceIngestion', () => {
  let db: Database;
  let storage: ObjectStore;
  let dir: string;
  const metricsRegistry = new Registry();
  const deps = () => ({ db, storage, log, metrics: ingestionMetrics(metricsRegistry) });
  const csvSource = (file: string) => ({ name: 'crm', kind: 'csv' as const, enabled: true, csv: { location: join(dir, file) } });
  const keysUnder = async (prefix: string) => {
    const keys: string[] = [];
    for await (const o of storage.list(prefix)) keys.push(o.key);
    return keys;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-'));
    writeFileSync(join(dir, 'export.csv'), csv);
    storage = createFsObjectStore({ rootDir: join(dir, 'lake') });
    db = await createDatabase({ url: 'pglite:memory', logger: log });
    await db.migrate();
  }, 60_000);
  afterAll(async () => db.close());

  it('lands the file byte for byte in its partition, writes the manifest last and records the run', async () => {
    const outcome = await runSourceIngestion(deps(), {
      source: { name: 'crm', kind: 'csv', location: join(dir, 'export.csv') },
      connector: createCsvConnector(csvSource('export.csv')),
      trigger: 'api',
      ingestionRunId: 'run-a',
      requestedAt,
    });
    const prefix = 'raw/source=crm/type=csv/ingest_date=2026-11-02/run=run-a/';
    expect(await keysUnder(prefix)).toEqual([`${prefix}_manifest.json`, `${prefix}export.csv`]);
    expect((await storage.getBuffer(`${prefix}export.csv`)).toString()).toBe(csv);
    const manifest = JSON.parse((await storage.getBuffer(outcome.manifest.key)).toString()) as RawManifest;
    expect(manifest).toMatchObject({ source: 'crm', kind: 'csv', format: 'csv', records: 3, trigger: 'api', ingestionRunId: 'run-a' });
    expect(manifest.parts).toEqual([
      { name: 'export.csv', key: `${prefix}export.csv`, sha256: sha256(csv), bytes: csv.length, records: 3, contentType: 'text/csv', reused: false },
    ]);
    expect(await db.prisma.ingestionRun.findUnique({ where: { id: 'run-a' } })).toMatchObject({ status: 'succeeded', records: 3n, parts: 1 });
    expect(await metricsRegistry.getSingleMetricAsString('churn_ingestion_records_total')).toContain('source="crm"} 3');
  });

  it('stores identical content once: a second run points at the first object', async () => {
    const outcome = await runSourceIngestion(deps(), {
      source: { name: 'crm', kind: 'csv' },
      connector: createCsvConnector(csvSource('export.csv')),
      trigger: 'schedule',
      ingestionRunId: 'run-b',
      requestedAt,
    });
    expect(outcome.parts[0]).toMatchObject({ reused: true, key: 'raw/source=crm/type=csv/ingest_date=2026-11-02/run=run-a/export.csv' });
    expect(await keysUnder('raw/source=crm/type=csv/ingest_date=2026-11-02/run=run-b/')).toEqual([
      'raw/source=crm/type=csv/ingest_date=2026-11-02/run=run-b/_manifest.json',
    ]);
  });

  it('does nothing again for a run that already succeeded', async () => {
    const again = await runSourceIngestion(deps(), {
      source: { name: 'crm', kind: 'csv' },
      connector: createCsvConnector(csvSource('export.csv')),
      trigger: 'pipeline',
      ingestionRunId: 'run-a',
      requestedAt,
    });
    expect(again).toMatchObject({ alreadyDone: true, records: 3 });
  });

  it('refuses a second run of a source while another holds its lease', async () => {
    expect(await acquireSourceLease(db.prisma, 'crm', 'someone-else', 60_000)).toBe(true);
    await expect(
      runSourceIngestion(deps(), { source: { name: 'crm', kind: 'csv' }, connector: createCsvConnector(csvSource('export.csv')), trigger: 'api', requestedAt }),
    ).rejects.toMatchObject({ code: 'CHURN_INGESTION_SOURCE_BUSY', statusCode: 409 });
    await db.prisma.sourceLease.deleteMany({});
  });

  it('records a failed run with its reason and leaves no manifest', async () => {
    await expect(
      runSourceIngestion(deps(), {
        source: { name: 'crm', kind: 'csv' },
        connector: createCsvConnector(csvSource('missing.csv')),
        trigger: 'api',
        ingestionRunId: 'run-c',
        requestedAt,
      }),
    ).rejects.toMatchObject({ code: 'CHURN_INGESTION_SOURCE_NOT_FOUND' });
    const run = await db.prisma.ingestionRun.findUniqueOrThrow({ where: { id: 'run-c' } });
    expect(run).toMatchObject({ status: 'failed', manifestKey: null, error: { code: 'CHURN_INGESTION_SOURCE_NOT_FOUND' } });
    expect(await keysUnder('raw/source=crm/type=csv/ingest_date=2026-11-02/run=run-c/')).toEqual([]);
    expect(await db.prisma.sourceLease.count()).toBe(0);
  });

  it('stores two buffered parts at once, keeps their order, and syncs them all before the manifest', async () => {
    const { lake, events, mostStoring } = journaled(storage);
    const outcome = await runSourceIngestion(
      { ...deps(), storage: lake },
      { source: { name: 'usage', kind: 'postgres' }, connector: bufferedConnector(7, (name) => events.push(`release ${name}`)), trigger: 'api', ingestionRunId: 'run-d', requestedAt },
    );
    const names = Array.from({ length: 7 }, (_, i) => `part-${String(i).padStart(6, '0')}.ndjson`);
    const manifest = JSON.parse((await storage.getBuffer(outcome.manifest.key)).toString()) as RawManifest;
    expect(manifest.parts.map((p) => p.name)).toEqual(names);
    expect(manifest.parts.map((p) => p.sha256)).toEqual(names.map((_, i) => sha256(`{"part":${i}}\n`)));
    expect(mostStoring()).toBe(2);
    expect(events.slice(-2)).toEqual([`sync ${names.join(',')}`, 'put _manifest.json']);
    // Each body is given back to the connector once, after its part is stored.
    for (const name of names) {
      expect(events.filter((e) => e === `release ${name}`)).toHaveLength(1);
      expect(events.indexOf(`release ${name}`)).toBeGreaterThan(events.indexOf(`put ${name} (deferred)`));
    }
    expect(events.filter((e) => e.startsWith('put part-')).every((e) => e.endsWith('(deferred)'))).toBe(true);
  });

  it('fails the run without a manifest when one of the parts stored at once fails', async () => {
    const prefix = 'raw/source=usage2/type=postgres/ingest_date=2026-11-02/run=run-e/';
    const { lake, events } = journaled(storage, `${prefix}part-000003.ndjson`);
    await expect(
      runSourceIngestion(
        { ...deps(), storage: lake },
        { source: { name: 'usage2', kind: 'postgres' }, connector: bufferedConnector(7, (name) => events.push(`release ${name}`)), trigger: 'api', ingestionRunId: 'run-e', requestedAt },
      ),
    ).rejects.toThrow('disk full at');
    expect(events).not.toContain('release part-000003.ndjson'); // a body whose store failed is never given back
    expect(events.some((e) => e.startsWith('sync') || e.includes('_manifest'))).toBe(false);
    expect(await keysUnder(prefix)).not.toContain(`${prefix}_manifest.json`);
    expect(await db.prisma.ingestionRun.findUniqueOrThrow({ where: { id: 'run-e' } })).toMatchObject({ status: 'failed', manifestKey: null });
  });
});
