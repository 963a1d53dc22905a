import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@churn/bus';
import { createEvent, topicOf, type EventPayload, type TypedEvent } from '@churn/contracts';
import { openSession, str } from '@churn/duckdb';
import { artifactIdOf, projectArtifactId } from '@churn/lineage';
import { collectEvents, createTestContext, waitUntil } from '@churn/service';
import { featureSetIdOf } from './feature-set-id';
import { observationTimes } from './observation-times';
import { writePreparedDatasets, writeTestProject, type TestRecord } from './testing';
import { transformationService } from './transformation.service';

type Ctx = Awaited<ReturnType<typeof createTestContext>>;
type Computed = TypedEvent<'features.computed'>;
type PreparedDatasets = EventPayload<'preparation.completed'>['datasets'];

const project = writeTestProject({
  entity: { name: 'account', key: 'account_id', dataset: 'accounts', since: 'opened_on' },
  label: { kind: 'event', dataset: 'closures', time: 'closed_on', horizonDays: 10, snapshots: 2 },
  datasets: [
    { name: 'accounts', key: ['account_id'], columns: { account_id: 'string', opened_on: 'date', seats: 'integer' } },
    { name: 'closures', key: ['account_id'], eventTime: 'closed_on', entity: { column: 'account_id' }, columns: { account_id: 'string', closed_on: 'date' } },
    { name: 'logins', key: ['account_id', 'day'], eventTime: 'day', entity: { column: 'account_id' }, columns: { account_id: 'string', day: 'date', minutes: 'number' } },
    { name: 'notes', key: ['note_id'], columns: { note_id: 'string', text: 'string' } },
  ],
  views: [
    {
      name: 'account_features',
      description: 'Accounts',
      features: [
        { kind: 'attribute', name: 'seats', dtype: 'int', expr: 'seats', description: 'Seats' },
        { kind: 'window', name: 'logins', dtype: 'int', dataset: 'logins', agg: 'count', windows: [7, 30], description: 'Login days' },
        { kind: 'window', name: 'minutes_30d', dtype: 'float', dataset: 'logins', agg: 'sum', expr: 'minutes', window: { days: 30 }, internal: true, description: 'Minutes' },
        { kind: 'derived', name: 'minutes_per_login', dtype: 'float', expr: 'minutes_30d / logins_30d', default: 0, round: 2, description: 'Minutes per login day' },
      ],
    },
  ],
});

const accounts = Array.from({ length: 40 }, (_, i) => ({ account_id: `A${String(i).padStart(2, '0')}`, opened_on: `2025-${String((i % 12) + 1).padStart(2, '0')}-01`, seats: i % 7 }));
const records: Record<string, TestRecord[]> = {
  accounts,
  closures: accounts.filter((_, i) => i % 4 === 0).map((a, i) => ({ account_id: a.account_id, closed_on: `2026-03-${String(5 + (i % 20)).padStart(2, '0')}` })),
  logins: accounts.flatMap((a, i) => Array.from({ length: 40 }, (_, d) => d).filter((d) => (d + i) % 3 !== 0).map((d) => ({ account_id: a.account_id, day: `2026-0${d < 20 ? 2 : 3}-${String((d % 20) + 1).padStart(2, '0')}`, minutes: (d * 7 + i) % 50 }))),
  notes: [{ note_id: 'n1', text: 'not read by any feature' }],
};

async function parquetSchema(ctx: Ctx, key: string): Promise<Array<[string, string]>> {
  const dir = mkdtempSync(join(tmpdir(), 'churn-schema-'));
  const session = await openSession();
  try {
    const path = join(dir, 'file.parquet');
    writeFileSync(path, await ctx.storage.getBuffer(key));
    const rows = await session.rows<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${str(path)})`);
    return rows.map((r) => [r.column_name, r.column_type]);
  } finally {
    session.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('transformer service', { timeout: 120_000 }, () => {
  let ctx: Ctx;
  let computed: EventEnvelope[];
  let failed: EventEnvelope[];
  let datasets: PreparedDatasets;
  let shas: Array<{ name: string; sha256: string }>;
  let event: Computed;

  const prepared = (runId: string, list = datasets) =>
    createEvent(
      'preparation.completed',
      { asOf: '2026-03-31', datasets: list, params: { key: 'prepared/params.json', sha256: 'a'.repeat(64), bytes: 2 }, paramsArtifactId: 'art_params', stats: { rowsIn: 1, rowsOut: 1, durationMs: 1 } },
      { runId, producer: 'test' },
    );
  const publishAndWait = async (runId: string, list = datasets) => {
    const before = { computed: computed.length, failed: failed.length };
    await ctx.bus.publish(topicOf('preparation.completed'), prepared(runId, list));
    await waitUntil(() => computed.length > before.computed || failed.length > before.failed);
    return { computed: computed.slice(before.computed) as Computed[], failed: failed.slice(before.failed) as Array<TypedEvent<'stage.failed'>> };
  };

  beforeAll(async () => {
    ctx = await createTestContext('transformer', { PROJECT_DIR: project.dir, FEATURES_THREADS: '2', FEATURES_MEMORY_LIMIT: '256MB' }, transformationService);
    computed = collectEvents(ctx, topicOf('features.computed'));
    failed = collectEvents(ctx, topicOf('stage.failed'));
    const dir = mkdtempSync(join(tmpdir(), 'churn-prepared-'));
    const files = await writePreparedDatasets(project, records, dir, 'r0');
    datasets = [];
    for (const file of files) {
      const key = `prepared/dataset=${file.name}/run=r0/${file.name}.parquet`;
      const stored = await ctx.storage.put(key, readFileSync(file.path), { contentType: 'application/vnd.apache.parquet' });
      datasets.push({ name: file.name, sources: [file.name], dataset: { key, sha256: stored.sha256, bytes: stored.bytes }, artifactId: `art_${file.name}`, rows: records[file.name]!.length });
    }
    shas = datasets.map((d) => ({ name: d.name, sha256: d.dataset.sha256 }));
    rmSync(dir, { recursive: true, force: true });
    await transformationService.start!(ctx);
    const first = await publishAndWait('run-1');
    expect(first.failed).toEqual([]);
    event = first.computed[0]!;
  });
  afterAll(async () => ctx?.close());

  it('publishes features.computed v3 with the content-hashed feature set, its files and its inputs', () => {
    const featureSetId = featureSetIdOf({
      projectVersion: project.version,
      view: 'account_features',
      datasets: shas.filter((d) => d.name !== 'notes'),
      times: observationTimes('2026-03-31', { horizonDays: 10, snapshots: 2 }),
    });
    const prefix = `features/account_features/${featureSetId}/`;
    expect([event.type, event.version, event.project]).toEqual(['features.computed', 3, { name: 'test-company', version: project.version }]);
    expect(event.payload).toEqual({
      featureView: 'account_features',
      featureSetId,
      asOf: '2026-03-31',
      labelKind: 'event',
      trainingTimestamps: ['2026-03-12T00:00:00.000Z', '2026-03-22T00:00:00.000Z'],
      servingTimestamp: '2026-04-01T00:00:00.000Z',
      horizonDays: 10,
      features: { key: `${prefix}features.parquet`, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: expect.any(Number) },
      featuresArtifactId: artifactIdOf(`${prefix}features.parquet`),
      labels: { key: `${prefix}labels.parquet`, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: expect.any(Number) },
      labelsArtifactId: artifactIdOf(`${prefix}labels.parquet`),
      datasetArtifactIds: ['art_accounts', 'art_closures', 'art_logins'], // notes is read by no feature
      stats: { rowsIn: 40 + 10 + records.logins!.length, rowsOut: expect.any(Number), durationMs: expect.any(Number) },
    });
    expect(event.payload.stats.rowsOut).toBeGreaterThan(90);
  });

  it('writes the two Parquet layouts the feature store and the trainer read', async () => {
    expect(await parquetSchema(ctx, event.payload.features.key)).toEqual([
      ['entity_key', 'VARCHAR'],
      ['event_timestamp', 'TIMESTAMP'],
      ['seats', 'DOUBLE'],
      ['logins_7d', 'DOUBLE'],
      ['logins_30d', 'DOUBLE'],
      ['minutes_per_login', 'DOUBLE'],
    ]);
    expect(await parquetSchema(ctx, event.payload.labels.key)).toEqual([
      ['entity_key', 'VARCHAR'],
      ['event_timestamp', 'TIMESTAMP'],
      ['label', 'INTEGER'],
    ]);
  });

  it('records both files as artifacts of the run, made from the prepared datasets, and writes no feature rows to Postgres', async () => {
    const artifacts = await ctx.db.prisma.artifact.findMany({ where: { id: { in: [event.payload.featuresArtifactId, event.payload.labelsArtifactId] } }, orderBy: { kind: 'asc' } });
    expect(artifacts.map((a) => [a.kind, a.producer, a.runId, a.parentIds, a.sha256])).toEqual([
      ['feature-set', 'transformer', 'run-1', ['art_accounts', 'art_closures', 'art_logins', projectArtifactId(ctx.project)], event.payload.features.sha256],
      ['labels', 'transformer', 'run-1', ['art_accounts', 'art_closures', 'art_logins', projectArtifactId(ctx.project)], event.payload.labels.sha256],
    ]);
    expect(await ctx.db.prisma.featureSet.count()).toBe(0);
    expect(await ctx.db.prisma.offlineFeature.count()).toBe(0);
  });

  it('reports the serving population, the labelled rows and their churn rate', async () => {
    const text = await ctx.registry.metrics();
    const value = (name: string) => Number(new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[2]);
    expect(value('churn_transformer_serving_rows')).toBeGreaterThan(20);
    expect(value('churn_transformer_training_rows')).toBeGreaterThan(40);
    expect(value('churn_transformer_training_churn_rate')).toBeGreaterThan(0);
    expect(value('churn_transformer_training_churn_rate')).toBeLessThan(0.5);
  });

  it('gives a redelivered or repeated identical input the same feature set id and the same bytes', async () => {
    const { stats: _s, ...first } = event.payload;
    // Another run over the same data: computed again, from scratch.
    const again = await publishAndWait('run-2');
    expect(again.failed).toEqual([]);
    const { stats: _a, ...second } = again.computed[0]!.payload;
    expect(second).toEqual(first);
    // The same run redelivered after a crash past the upload: recomputed, the same objects.
    await ctx.db.prisma.stageRun.delete({ where: { runId_stage: { runId: 'run-1', stage: 'transformer' } } });
    const redelivered = await publishAndWait('run-1');
    const { stats: _r, ...third } = redelivered.computed[0]!.payload;
    expect(third).toEqual(first);
    expect((await ctx.storage.head(first.features.key))?.sha256).toBe(first.features.sha256);
  });

  it('fails the run without retrying when a dataset is missing or not the announced bytes', async () => {
    const missing = await publishAndWait('run-3', datasets.filter((d) => d.name !== 'logins'));
    expect(missing.failed[0]).toMatchObject({ runId: 'run-3', payload: { stage: 'transformer', error: { code: 'CHURN_TRANSFORMATION_DATASET_MISSING' } } });
    expect(missing.failed[0]!.payload.error.message).toContain('logins');
    const changed = datasets.map((d) => (d.name === 'logins' ? { ...d, dataset: { ...d.dataset, sha256: 'b'.repeat(64) } } : d));
    const wrong = await publishAndWait('run-4', changed);
    expect(wrong.failed[0]).toMatchObject({ runId: 'run-4', payload: { error: { code: 'CHURN_TRANSFORMATION_DATASET_CHANGED' } } });
  });
});
