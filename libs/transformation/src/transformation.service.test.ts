import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@churn/bus';
import { createEvent, topicOf, type EventPayload, type TypedEvent } from '@churn/contracts';
import { getHistoricalFeatures, readFeatureRows } from '@churn/feature-store';
import { readCsvRecords } from '@churn/lineage';
import { classificationMetrics, fitStandardScaler, predictProba, trainLogisticRegression, transform } from '@churn/ml';
import { collectEvents, createTestContext, waitUntil } from '@churn/service';
import { customerFeatures } from './customer-features';
import { DATASET_NAMES } from './prepared-datasets';
import { putDatasetCsv, sampleCompanyDatasets } from './test-support';
import { transformationService } from './transformation.service';

type Ctx = Awaited<ReturnType<typeof createTestContext>>;
type Computed = TypedEvent<'features.computed'>;

const ref = { key: 'prepared/params.json', sha256: 'a'.repeat(64), bytes: 2 };

describe('transformer service on a sample company', { timeout: 120_000 }, () => {
  let ctx: Ctx;
  let computed: EventEnvelope[];
  let failed: EventEnvelope[];
  let datasets: EventPayload<'preparation.completed'>['datasets'];
  let event: Computed;

  const prepared = (runId: string, list = datasets) =>
    createEvent(
      'preparation.completed',
      { asOf: '2026-10-31', datasets: list, params: ref, paramsArtifactId: 'art_params', stats: { rowsIn: 1, rowsOut: 1, durationMs: 1 } },
      { runId, producer: 'test' },
    );

  beforeAll(async () => {
    ctx = await createTestContext('transformer', {}, transformationService);
    computed = collectEvents(ctx, topicOf('features.computed'));
    failed = collectEvents(ctx, topicOf('stage.failed'));
    const data = sampleCompanyDatasets({ customers: 1000, seed: 11 });
    datasets = [];
    for (const name of DATASET_NAMES) {
      const dataset = await putDatasetCsv(ctx.storage, `prepared/run=r0/${name}.csv`, data[name]);
      datasets.push({ name, sources: [name], dataset, artifactId: `art_${name}`, rows: data[name].length });
    }
    await transformationService.start!(ctx);
    await ctx.bus.publish(topicOf('preparation.completed'), prepared('run-1'));
    await waitUntil(() => computed.length === 1 || failed.length > 0);
    expect(failed).toEqual([]);
    event = computed[0] as Computed;
  }, 120_000);
  afterAll(async () => ctx?.close());

  it('announces the feature set with its observation times, labels and inputs', () => {
    expect(event.payload).toMatchObject({
      featureSetId: 'fs_run-1',
      featureSetName: 'customer_features',
      featureSetVersion: 1,
      asOf: '2026-10-31',
      trainingTimestamps: ['2026-08-03T00:00:00.000Z', '2026-09-02T00:00:00.000Z', '2026-10-02T00:00:00.000Z'],
      servingTimestamp: '2026-11-01T00:00:00.000Z',
      horizonDays: 30,
      labels: { key: 'features/customer_features/v1/run=run-1/labels.csv' },
      datasetArtifactIds: DATASET_NAMES.map((n) => `art_${n}`),
    });
  });

  it('stores one offline row per customer and observation time, and registers the features with their windows', async () => {
    const set = await ctx.db.prisma.featureSet.findUniqueOrThrow({ where: { id: 'fs_run-1' } });
    expect(set).toMatchObject({ name: 'customer_features', version: 1, entity: 'customer_id', sourceArtifactId: 'art_customers' });
    const metadata = set.features as Array<{ name: string; window: string; sources: string[] }>;
    expect(metadata.map((f) => f.name)).toEqual(customerFeatures.map((f) => f.name));
    expect(metadata.every((f) => f.window.length > 0 && f.sources.length > 0)).toBe(true);

    const grouped = await ctx.db.prisma.customerFeature.groupBy({ by: ['eventTimestamp'], where: { featureSetId: 'fs_run-1' }, _count: true });
    const byTime = Object.fromEntries(grouped.map((c) => [c.eventTimestamp.toISOString(), c._count]));
    expect(Object.keys(byTime).sort()).toEqual([...event.payload.trainingTimestamps, event.payload.servingTimestamp]);
    expect(Object.values(byTime).reduce((a, b) => a + b, 0)).toBe(event.payload.stats.rowsOut);
    expect(byTime[event.payload.servingTimestamp]).toBeGreaterThan(700);
  });

  it('writes labels for the training rows only, with their lineage', async () => {
    const labels = await readCsvRecords(ctx.storage, event.payload.labels.key);
    expect(Object.keys(labels[0]!)).toEqual(['customer_id', 'event_timestamp', 'churned']);
    expect(new Set(labels.map((l) => l.event_timestamp))).toEqual(new Set(event.payload.trainingTimestamps));
    expect(labels.every((l) => l.churned === 0 || l.churned === 1)).toBe(true);
    const artifact = await ctx.db.prisma.artifact.findUniqueOrThrow({ where: { id: event.payload.labelsArtifactId } });
    expect(artifact).toMatchObject({ kind: 'labels', producer: 'transformer', parentIds: DATASET_NAMES.map((n) => `art_${n}`) });
    const snapshot = await readCsvRecords(ctx.storage, 'features/customer_features/v1/run=run-1/features.csv');
    expect(snapshot).toHaveLength(event.payload.stats.rowsOut);
  });

  it('gives back each labelled row\'s own features through point-in-time retrieval', async () => {
    const labels = await readCsvRecords(ctx.storage, event.payload.labels.key);
    const entityRows = labels.map((l) => ({ customerId: String(l.customer_id), timestamp: new Date(String(l.event_timestamp)) }));
    const rows = await getHistoricalFeatures(ctx.db, { featureSetId: 'fs_run-1', features: customerFeatures, entityRows });
    expect(rows.every((r, i) => r.eventTimestamp?.getTime() === entityRows[i]!.timestamp.getTime())).toBe(true);

    // The features predict the labels out of time: fit on the two older snapshots, score the newest.
    const newest = event.payload.trainingTimestamps.at(-1)!;
    const X = rows.map((r) => customerFeatures.map((f) => r.values![f.column]!));
    const y = labels.map((l) => Number(l.churned));
    const train = labels.map((l, i) => (l.event_timestamp === newest ? -1 : i)).filter((i) => i >= 0);
    const test = labels.map((l, i) => (l.event_timestamp === newest ? i : -1)).filter((i) => i >= 0);
    const scaler = fitStandardScaler(train.map((i) => X[i]!));
    const model = trainLogisticRegression(transform(scaler, train.map((i) => X[i]!)), train.map((i) => y[i]!), { l2: 1 });
    const metrics = classificationMetrics(test.map((i) => y[i]!), predictProba(model, transform(scaler, test.map((i) => X[i]!))));
    expect(metrics.roc_auc).toBeGreaterThan(0.7);
  });

  it('defines exactly the columns of the offline table, with their SQL types', async () => {
    const columns = await ctx.db.prisma.$queryRaw<Array<{ column_name: string; data_type: string }>>`
      SELECT column_name, data_type FROM information_schema.columns
      WHERE table_name = 'customer_features' AND column_name NOT IN ('feature_set_id', 'customer_id', 'event_timestamp') ORDER BY ordinal_position`;
    expect(columns.map((c) => [c.column_name, c.data_type === 'integer' ? 'int' : 'float'])).toEqual(customerFeatures.map((f) => [f.column, f.type]));
  });

  it('reports the serving population and the training churn rate as metrics', async () => {
    const text = await ctx.registry.metrics();
    const value = (name: string) => Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1]);
    const serving = await ctx.db.prisma.customerFeature.count({ where: { featureSetId: 'fs_run-1', eventTimestamp: new Date(event.payload.servingTimestamp) } });
    expect(value('churn_transformer_serving_rows')).toBe(serving);
    expect(value('churn_transformer_training_churn_rate')).toBeGreaterThan(0.01);
    expect(value('churn_transformer_training_churn_rate')).toBeLessThan(0.2);
  });

  it('keeps the serving rows apart from the training rows', async () => {
    const serving = await readFeatureRows(ctx.db, { featureSetId: 'fs_run-1', features: customerFeatures, eventTimestamp: new Date(event.payload.servingTimestamp) });
    expect(serving.length).toBeGreaterThan(700);
    expect(new Set(serving.map((r) => r.customerId)).size).toBe(serving.length);
  });

  it('redone after a crash past its transaction, reuses the version and rewrites identical artifacts', async () => {
    const rows = await ctx.db.prisma.customerFeature.count();
    await ctx.db.prisma.stageRun.delete({ where: { runId_stage: { runId: 'run-1', stage: 'transformer' } } });
    await ctx.bus.publish(topicOf('preparation.completed'), prepared('run-1'));
    await waitUntil(() => computed.length === 2 || failed.length > 0);
    expect(failed).toEqual([]);
    const { stats: _first, ...first } = event.payload;
    const { stats: _again, ...again } = (computed[1] as Computed).payload;
    expect(again).toEqual(first);
    expect(await ctx.db.prisma.customerFeature.count()).toBe(rows);
  });

  it('fails the run without retrying when a dataset or a column is missing', async () => {
    await ctx.bus.publish(topicOf('preparation.completed'), prepared('run-2', datasets.filter((d) => d.name !== 'product_usage')));
    await waitUntil(() => failed.length === 1);
    expect(failed[0]).toMatchObject({ runId: 'run-2', payload: { stage: 'transformer', error: { code: 'CHURN_TRANSFORMATION_DATASET_MISSING' } } });

    const broken = await putDatasetCsv(ctx.storage, 'prepared/run=r3/support_tickets.csv', [{ ticket_id: 'T1', customer_id: 'C0000001', opened_at: '2026-10-01T00:00:00Z' }]);
    const withBroken = datasets.map((d) => (d.name === 'support_tickets' ? { ...d, dataset: broken } : d));
    await ctx.bus.publish(topicOf('preparation.completed'), prepared('run-3', withBroken));
    await waitUntil(() => failed.length === 2);
    expect(failed[1]).toMatchObject({ runId: 'run-3', payload: { error: { code: 'CHURN_TRANSFORMATION_DATASET_COLUMNS' } } });
    expect((failed[1] as TypedEvent<'stage.failed'>).payload.error.message).toContain('closed_at, satisfaction');
    expect(await ctx.db.prisma.featureSet.count()).toBe(1);
  });
});
