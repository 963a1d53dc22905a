import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '@churn/database';
import { createArtifactWriter } from '@churn/lineage';
import { createFsObjectStore, type ObjectStore } from '@churn/storage';
import { ingestCsv } from './ingest-csv';

const log = pino({ level: 'silent' });
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
// A quoted newline inside a cell: the counter must see 3 records, not 4 lines.
const csv = 'customer_id,note\r\nC1,"two\nlines"\r\nC2,plain\r\nC3,"with ""quotes"""\r\n';

describe('ingestCsv', () => {
  let db: Database;
  let storage: ObjectStore;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ingest-'));
    writeFileSync(join(dir, 'export.csv'), csv);
    storage = createFsObjectStore({ rootDir: join(dir, 'lake') });
    db = await createDatabase({ url: 'pglite:memory', logger: log });
    await db.migrate();
  }, 60_000);
  afterAll(async () => db.close());

  it('lands the file byte for byte under its partition, then the manifest, and records both', async () => {
    const artifacts = createArtifactWriter({ storage, db });
    const requestedAt = new Date('2026-11-02T23:59:00Z');
    const outcome = await ingestCsv(
      { artifacts, storage, log },
      { source: { name: 'crm', location: join(dir, 'export.csv') }, runId: 'r1', requestedAt },
    );
    expect(outcome.rows).toBe(3);
    expect(outcome.objects[0]).toMatchObject({ key: 'raw/source=crm/ingest_date=2026-11-02/run=r1/export.csv', sha256: sha256(csv) });
    expect((await storage.getBuffer(outcome.objects[0]!.key)).toString()).toBe(csv);
    const manifest = JSON.parse((await storage.getBuffer(outcome.manifest.key)).toString());
    expect(manifest).toMatchObject({ source: 'crm', rows: 3, runId: 'r1', objects: [{ sha256: sha256(csv), bytes: csv.length, rows: 3 }] });

    const rows = await db.prisma.artifact.findMany({ where: { runId: 'r1' }, orderBy: { kind: 'asc' } });
    expect(rows.map((r) => r.kind)).toEqual(['manifest', 'raw']);
    expect(rows[0]?.parentIds).toEqual([rows[1]?.id]);

    // A redelivered run request finds the manifest and stores nothing new.
    const again = await ingestCsv({ artifacts, storage, log }, { source: { name: 'crm', location: join(dir, 'export.csv') }, runId: 'r1', requestedAt });
    expect(again).toEqual(outcome);
    const keys: string[] = [];
    for await (const o of storage.list('raw/')) keys.push(o.key);
    expect(keys).toHaveLength(2);
  });

  it('refuses a source that does not exist, without retrying', async () => {
    const artifacts = createArtifactWriter({ storage, db });
    await expect(
      ingestCsv({ artifacts, storage, log }, { source: { name: 'crm', location: join(dir, 'missing.csv') }, runId: 'r2', requestedAt: new Date() }),
    ).rejects.toMatchObject({ code: 'CHURN_INGESTION_SOURCE_NOT_FOUND', retriable: false });
  });
});
