import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, type TypedEvent } from '@churn/contracts';
import { createArtifactWriter } from '@churn/lineage';
import { createTestContext } from '@churn/service';
import { pino } from 'pino';
import { handleFeaturesComputed } from './handle-features-computed';
import { parquetOf } from './testing';

type Ctx = Awaited<ReturnType<typeof createTestContext>>;

const serving = '2026-11-01T00:00:00.000Z';
const training = '2026-10-02T00:00:00.000Z';
const log = pino({ level: 'silent' });

describe('feature store: storing a computed feature set', () => {
  let ctx: Ctx;
  let event: (id: string) => Promise<TypedEvent<'features.computed'>>;
  let served: string[];

  beforeAll(async () => {
    ctx = await createTestContext('feature-store');
    served = ctx.project.views[0]!.features.filter((f) => !f.internal).map((f) => f.name);
    const rows = ['C1', 'C2'].flatMap((entity, i) =>
      [training, serving].map((at, j) => ({ entity_key: entity, event_timestamp: at, ...Object.fromEntries(served.map((f, k) => [f, i * 100 + j * 10 + k])) })),
    );
    const artifacts = createArtifactWriter(ctx);
    const types = { entity_key: 'VARCHAR', event_timestamp: 'TIMESTAMP', ...Object.fromEntries(served.map((f) => [f, 'DOUBLE'])) };
    const features = await artifacts.put({ kind: 'feature-set', key: 'features/customer_features/fs_00000000000000aa/features.parquet', body: await parquetOf(rows, types), contentType: 'application/vnd.apache.parquet', runId: 'r1', producer: 'transformer' });
    const labels = await artifacts.put({
      kind: 'labels',
      key: 'features/customer_features/fs_00000000000000aa/labels.parquet',
      body: await parquetOf([{ entity_key: 'C1', event_timestamp: training, label: 1 }], { entity_key: 'VARCHAR', event_timestamp: 'TIMESTAMP', label: 'INTEGER' }),
      contentType: 'application/vnd.apache.parquet',
      runId: 'r1',
      producer: 'transformer',
    });
    event = async (featureSetId: string) =>
      createEvent(
        'features.computed',
        {
          featureView: 'customer_features',
          featureSetId,
          asOf: '2026-10-31',
          labelKind: 'event',
          trainingTimestamps: [training],
          servingTimestamp: serving,
          horizonDays: 30,
          features: { key: features.key, sha256: features.sha256, bytes: features.bytes },
          featuresArtifactId: features.id,
          labels: { key: labels.key, sha256: labels.sha256, bytes: labels.bytes },
          labelsArtifactId: labels.id,
          datasetArtifactIds: ['art_customers'],
          stats: { rowsIn: 4, rowsOut: 4, durationMs: 1 },
        },
        { runId: 'r1', producer: 'transformer' },
      );
  }, 60_000);
  afterAll(async () => ctx?.close());

  it('stores a new set as the next version of its view and materializes its serving rows', async () => {
    const first = await handleFeaturesComputed(ctx, await event('fs_00000000000000aa'), log);
    expect(first).toMatchObject({ reused: false, offline: 4, rows: 2, view: { name: 'customer_features', version: 1, entity: 'customer_id' } });
    expect(first.view.features.map((f) => f.name)).toEqual(served);
    const online = await ctx.db.prisma.onlineFeature.findMany({ orderBy: { entityKey: 'asc' } });
    expect(online.map((r) => [r.entityKey, (r.values as Record<string, number>)[served[1]!]])).toEqual([['C1', 11], ['C2', 111]]);
  });

  it('keeps one version when the same feature set arrives again (an identical run)', async () => {
    const again = await handleFeaturesComputed(ctx, await event('fs_00000000000000aa'), log);
    expect(again).toMatchObject({ reused: true, offline: 0, view: { version: 1 } });
    expect(await ctx.db.prisma.featureSet.count()).toBe(1);
    expect(await ctx.db.prisma.offlineFeature.count()).toBe(4);
  });

  it('serves the offline rows through a typed SQL view named after the feature view', async () => {
    const rows = await ctx.db.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `SELECT customer_id, feature_set_version, ${served[0]} AS first FROM features.customer_features WHERE event_timestamp = '${serving}' ORDER BY customer_id`,
    );
    expect(rows).toEqual([
      { customer_id: 'C1', feature_set_version: 1, first: 10 },
      { customer_id: 'C2', feature_set_version: 1, first: 110 },
    ]);
  });

  it('refuses a feature set of a view the project does not declare', async () => {
    const bad = await event('fs_00000000000000bb');
    (bad.payload as { featureView: string }).featureView = 'account_features';
    await expect(handleFeaturesComputed(ctx, bad, log)).rejects.toMatchObject({ code: 'CHURN_FEATURE_STORE_UNKNOWN_VIEW' });
  });
});
