import seedrandom from 'seedrandom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, topicOf, type TypedEvent } from '@churn/contracts';
import { addFeatureSet, parquetOf } from '@churn/feature-store/testing';
import { createArtifactWriter, projectArtifactId } from '@churn/lineage';
import { collectEvents, createTestContext, waitUntil } from '@churn/service';
import { trainingService } from './training.service';

type Ctx = Awaited<ReturnType<typeof createTestContext>>;

const LABELS_KEY = 'features/customer_features/fs_0000000000000001/labels.parquet';
const trainingTimestamps = ['2026-08-03T00:00:00.000Z', '2026-09-02T00:00:00.000Z', '2026-10-02T00:00:00.000Z'];
const servingTimestamp = '2026-11-01T00:00:00.000Z';
// The view exposes three of the offline table's columns; the model must use exactly these, in this order.
const features = [
  { name: 'usage_active_days_30d', dtype: 'int' as const, description: 'activity' },
  { name: 'tenure_months', dtype: 'float' as const, description: 'tenure' },
  { name: 'tickets_30d', dtype: 'int' as const, description: 'tickets' },
];

/**
 * A generated population: a latent risk drives low activity, short tenure,
 * more tickets and churn; each customer is observed at every time, with
 * features that drift a little from one snapshot to the next.
 */
function generate(customers: number) {
  const rng = seedrandom('trainer-test');
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const rows: Array<{ entityKey: string; eventTimestamp: Date; values: Record<string, number>; churned: number }> = [];
  for (let i = 0; i < customers; i += 1) {
    const risk = normal();
    const tenure = Math.max(1, 24 - 8 * risk + 6 * normal());
    for (const [k, at] of [...trainingTimestamps, servingTimestamp].entries()) {
      rows.push({
        entityKey: `C${String(i).padStart(5, '0')}`,
        eventTimestamp: new Date(at),
        values: {
          usage_active_days_30d: Math.max(0, Math.min(30, Math.round(15 - 5 * risk + 3 * normal()))),
          tenure_months: Math.round((tenure + k) * 100) / 100,
          tickets_30d: Math.max(0, Math.round(0.5 + 0.8 * risk + normal())),
        },
        churned: rng() < 1 / (1 + Math.exp(-(-2.2 + 1.4 * risk))) ? 1 : 0,
      });
    }
  }
  return rows;
}

describe('trainer service on labelled point-in-time snapshots', { timeout: 120_000 }, () => {
  let ctx: Ctx;
  let registered: TypedEvent<'model.registered'>;

  beforeAll(async () => {
    ctx = await createTestContext('trainer', {}, trainingService);
    const models = collectEvents(ctx, topicOf('model.registered'));
    const failed = collectEvents(ctx, topicOf('stage.failed'));
    const rows = generate(400);

    await addFeatureSet(ctx.db, {
      id: 'fs_0000000000000001',
      version: 1,
      features,
      rows: rows.map((r) => ({ entityKey: r.entityKey, at: r.eventTimestamp.toISOString(), values: r.values })),
    });
    const training = rows.filter((r) => r.eventTimestamp.toISOString() !== servingTimestamp);
    const labelRows = [
      ...training.map((r) => ({ entity_key: r.entityKey, event_timestamp: r.eventTimestamp.toISOString(), label: r.churned })),
      { entity_key: 'C99999', event_timestamp: trainingTimestamps[0]!, label: 1 }, // no features: left out
    ];
    const labels = await createArtifactWriter(ctx).put({
      kind: 'labels',
      key: LABELS_KEY,
      body: await parquetOf(labelRows, { entity_key: 'VARCHAR', event_timestamp: 'TIMESTAMP', label: 'INTEGER' }),
      contentType: 'application/vnd.apache.parquet',
      runId: 'r1',
      producer: 'transformer',
    });

    await trainingService.start!(ctx);
    const materialized = createEvent(
      'features.materialized',
      {
        featureView: 'customer_features',
        featureSetId: 'fs_0000000000000001',
        featureSetVersion: 1,
        asOf: '2026-10-31',
        labelKind: 'event',
        trainingTimestamps,
        servingTimestamp,
        horizonDays: 30,
        features: { key: 'features/customer_features/fs_0000000000000001/features.parquet', sha256: 'a'.repeat(64), bytes: 1 },
        featuresArtifactId: 'art_features',
        labels: { key: labels.key, sha256: labels.sha256, bytes: labels.bytes },
        labelsArtifactId: labels.id,
        datasetArtifactIds: ['art_customers', 'art_usage'],
        stats: { rowsIn: 1, rowsOut: 1, durationMs: 1 },
      },
      { runId: 'r1', producer: 'feature-store' },
    );
    await ctx.bus.publish(topicOf('features.materialized'), materialized);
    await waitUntil(() => models.length === 1 || failed.length > 0);
    expect(failed.map((f) => f.payload)).toEqual([]);
    registered = models[0] as TypedEvent<'model.registered'>;
  }, 120_000);
  afterAll(async () => ctx?.close());

  it('evaluates out of time: trained on the older snapshots, tested on the newest', async () => {
    const report = JSON.parse((await ctx.storage.getBuffer(registered.payload.artifact.key.replace(/model\.onnx$/, 'report.json'))).toString('utf8'));
    expect(report.data).toMatchObject({ rows: 1200, withoutFeatures: 1, split: 'out-of-time', trainRows: 800, testRows: 400 });
    expect(report.data.snapshots.map((s: { timestamp: string; part: string }) => [s.timestamp, s.part])).toEqual([
      [trainingTimestamps[0], 'train'],
      [trainingTimestamps[1], 'train'],
      [trainingTimestamps[2], 'test'],
    ]);
    for (const s of report.data.snapshots) expect(s).toMatchObject({ rows: 400, positives: expect.any(Number) });
    expect(report.data.snapshots.reduce((n: number, s: { positives: number }) => n + s.positives, 0)).toBeGreaterThan(60);
    expect(report.featureSet).toEqual({ id: 'fs_0000000000000001', name: 'customer_features', version: 1 });
    expect(report.project).toEqual({ name: ctx.project.manifest.name, version: ctx.project.version });
  });

  it('registers a model that ranks churners above stayers on the later period', async () => {
    expect(registered.payload).toMatchObject({ name: 'customer-churn', version: 1, algorithm: 'logistic_regression' });
    expect(registered.payload.metrics.roc_auc).toBeGreaterThan(0.7);
    const model = await ctx.db.prisma.model.findUniqueOrThrow({ where: { id: registered.payload.modelId } });
    expect(model).toMatchObject({ featureSetId: 'fs_0000000000000001', featureNames: features.map((f) => f.name), stage: 'candidate' });
  });

  it('records the model\'s lineage: the labels and the datasets behind them', async () => {
    const onnx = await ctx.db.prisma.artifact.findUniqueOrThrow({ where: { key: registered.payload.artifact.key } });
    const labels = await ctx.db.prisma.artifact.findUniqueOrThrow({ where: { key: LABELS_KEY } });
    expect(onnx.parentIds).toEqual([labels.id, 'art_features', 'art_customers', 'art_usage', projectArtifactId(ctx.project)]);
    expect(onnx.metadata).toMatchObject({ split: 'out-of-time' });
  });
});
