import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ingestionEnv,
  listKeys,
  openLake,
  readManifest,
  runFolder,
  startIngestionService,
  type IngestionProcess,
} from './fixtures/ingestion-service';
import { recordsOf, startTestSampleSystems } from './fixtures/sample-systems';
import { repoRoot, waitFor } from './processes';
import { createScratchDatabase } from './scratch-database';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('the ingestion process killed in the middle of a REST ingestion', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('leaves no run for readers; after a restart the source completes, the watermark advances and every page is stored once', async () => {
    const adminUrl = process.env.DATABASE_URL as string;
    // Slow pages (300 ms each, ~36 of them) so the kill lands mid-run.
    const systems = await startTestSampleSystems({ customers: 2000, seed: 31, adminUrl, faults: { slowMs: 300, slowRate: 1 } });
    cleanups.push(() => systems.close());
    const database = await createScratchDatabase(adminUrl);
    cleanups.push(() => database.drop());
    const dir = mkdtempSync(join(tmpdir(), 'churn-e2e-crash-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const lakeDir = join(dir, 'lake');
    const lake = openLake(lakeDir);
    const env = ingestionEnv({ sourcesFile: join(repoRoot, 'projects/sample-company/sources.json'), lakeDir, databaseUrl: database.url, extra: { ...systems.env, INGESTION_LEASE_TTL_MS: '6000' } });
    const invoices = recordsOf(systems.company.collections.billing_invoices) as Array<{ updated_at: string }>;

    const first: IngestionProcess = await startIngestionService(env);
    cleanups.push(() => first.stop());
    const killedId = await first.startRun('billing_invoices');
    const folder = runFolder('billing_invoices', 'rest', killedId);
    const storedLines = () => first.process.stdout().split('\n').filter((l) => l.includes('"part stored"')).length;
    // Mid-run: pages in the lake, no manifest, and every page on disk fully recorded (the process waits for the next slow page).
    await waitFor(
      async () => {
        const keys = await listKeys(lake, folder);
        return keys.length >= 3 && !keys.some((k) => k.endsWith('_manifest.json')) && storedLines() === keys.length;
      },
      60_000,
      () => first.process.stdout().slice(-2000),
    );
    first.process.child.kill('SIGKILL');
    await first.process.exited;
    expect(first.process.child.signalCode).toBe('SIGKILL');

    const leftBehind = await listKeys(lake, folder);
    expect(leftBehind.length).toBeGreaterThanOrEqual(3);
    expect(leftBehind.length).toBeLessThan(Math.ceil(invoices.length / 500));
    expect(leftBehind.every((k) => /page-\d{6}\.ndjson$/.test(k))).toBe(true);
    // Every object that is visible is complete (its hash is that of its bytes); a reader finds no manifest, so no run.
    for (const key of leftBehind) expect(sha256(await lake.getBuffer(key))).toBe((await lake.head(key))?.sha256);
    expect((await listKeys(lake, 'raw/')).filter((k) => k.endsWith('_manifest.json'))).toEqual([]);

    systems.setFaults({});
    const second = await startIngestionService(env);
    cleanups.push(() => second.stop());
    const killed = await second.run(killedId);
    // Nobody closed the dead run: it stays 'running' until its lease expires and a new run takes the source.
    expect(killed).toMatchObject({ status: 'running', manifestKey: null });
    const sourcesBefore = await second.get<Array<{ name: string; watermark: string | null }>>('/sources');
    expect(sourcesBefore.find((s) => s.name === 'billing_invoices')?.watermark).toBeNull();

    // The dead run's lease is still live: the source is busy until it expires (6 s TTL here), then a new run starts.
    const answers: number[] = [];
    let newId: string | undefined;
    await waitFor(
      async () => {
        const { status, body } = await second.request('billing_invoices');
        answers.push(status);
        if (status === 202) newId = body.id as string;
        else expect(body).toMatchObject({ code: 'CHURN_INGESTION_SOURCE_BUSY' });
        return status === 202;
      },
      90_000,
      () => `answers: ${answers.join(',')}`,
    );
    // Busy (409) for as long as the dead run's lease lives, then accepted; a slow restart may already find it expired.
    expect(answers.slice(0, -1).every((status) => status === 409)).toBe(true);
    const run = await second.finished(newId as string);
    expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', records: invoices.length, watermarkBefore: null });
    const newest = invoices.map((r) => r.updated_at).reduce((a, b) => (b > a ? b : a));
    expect(run.watermarkAfter).toBe(newest);
    const sourcesAfter = await second.get<Array<{ name: string; watermark: string | null }>>('/sources');
    expect(sourcesAfter.find((s) => s.name === 'billing_invoices')?.watermark).toBe(newest);
    expect(await second.run(killedId)).toMatchObject({ status: 'abandoned', manifestKey: null });

    // Stored once: the pages the killed run landed are reused (not rewritten), the rest are new.
    const manifest = await readManifest(lake, run.manifestKey as string);
    expect(manifest.parts.length).toBe(Math.ceil(invoices.length / 500));
    const reused = manifest.parts.filter((p) => p.reused);
    expect(reused.map((p) => p.key)).toEqual(leftBehind);
    expect(manifest.parts.slice(0, reused.length)).toEqual(reused);
    const dataObjects = (await listKeys(lake, 'raw/source=billing_invoices/')).filter((k) => !k.endsWith('_manifest.json'));
    expect(dataObjects.length).toBe(manifest.parts.length);
    expect(new Set(manifest.parts.map((p) => p.sha256)).size).toBe(manifest.parts.length);
    expect(dataObjects.sort()).toEqual(manifest.parts.map((p) => p.key).sort());
  }, 300_000);
});
