import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '@churn/database';
import { getFeatureSet, listFeatureViews } from './feature-registry';
import { materializeFeatureSet } from './materialize';
import { getOnlineFeatures, latestVersions } from './online-features';
import { addFeatureSet } from './testing';

const features = [
  { name: 'tenure_months', dtype: 'float' as const, description: 'tenure' },
  { name: 'is_month_to_month', dtype: 'int' as const, description: 'contract' },
];

/** A version with a training snapshot a month before its serving snapshot; only the serving one goes online. */
async function addVersion(db: Database, version: number, serving: string, training: string, rows: Array<[string, number, number]>) {
  const id = `fs_v${version}`;
  await addFeatureSet(db, {
    id,
    version,
    features,
    rows: rows.flatMap(([entityKey, tenure, m2m]) => [
      { entityKey, at: serving, values: { tenure_months: tenure, is_month_to_month: m2m } },
      { entityKey, at: training, values: { tenure_months: tenure - 1, is_month_to_month: 1 - m2m } },
    ]),
  });
  return materializeFeatureSet(db.prisma, await getFeatureSet(db.prisma, id), new Date(serving));
}

describe('online features (Feast get-online-features)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await createDatabase({ url: 'pglite:memory', logger: pino({ level: 'silent' }) });
    await db.migrate();
    expect(await addVersion(db, 1, '2026-10-01T00:00:00Z', '2026-09-01T00:00:00Z', [['C1', 3, 1], ['C2', 40, 0]])).toBe(2);
    expect(await addVersion(db, 2, '2026-11-01T00:00:00Z', '2026-10-02T00:00:00Z', [['C1', 4, 0]])).toBe(1);
  }, 60_000);
  afterAll(async () => db.close());

  it('answers column-major with statuses and event timestamps, newest serving values winning', async () => {
    const views = latestVersions(await listFeatureViews(db.prisma));
    const response = await getOnlineFeatures(
      db.prisma,
      { features: ['customer_features:tenure_months', 'customer_features:is_month_to_month'], entities: { customer_id: ['C1', 'C2', 'C9'] } },
      views,
    );
    expect(response).toEqual({
      metadata: { feature_names: ['customer_id', 'tenure_months', 'is_month_to_month'] },
      results: [
        { values: ['C1', 'C2', 'C9'], statuses: ['PRESENT', 'PRESENT', 'PRESENT'], event_timestamps: Array(3).fill('1970-01-01T00:00:00Z') },
        {
          values: [4, 40, null],
          statuses: ['PRESENT', 'PRESENT', 'NOT_FOUND'],
          event_timestamps: ['2026-11-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z', '1970-01-01T00:00:00Z'],
        },
        {
          values: [0, 0, null],
          statuses: ['PRESENT', 'PRESENT', 'NOT_FOUND'],
          event_timestamps: ['2026-11-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z', '1970-01-01T00:00:00Z'],
        },
      ],
    });
  });

  it('materializes only the serving snapshot, one online row per entity', async () => {
    expect(await db.prisma.onlineFeature.count()).toBe(2);
    const rows = await db.prisma.onlineFeature.findMany({ orderBy: { entityKey: 'asc' } });
    expect(rows.map((r) => [r.entityKey, r.eventTimestamp.toISOString(), r.featureSetVersion])).toEqual([
      ['C1', '2026-11-01T00:00:00.000Z', 2],
      ['C2', '2026-10-01T00:00:00.000Z', 1],
    ]);
  });

  it('returns every feature when none are named, with full names on request', async () => {
    const views = latestVersions(await listFeatureViews(db.prisma));
    const response = await getOnlineFeatures(db.prisma, { entities: { customer_id: ['C2'] }, full_feature_names: true }, views);
    expect(response.metadata.feature_names).toEqual(['customer_id', 'customer_features__tenure_months', 'customer_features__is_month_to_month']);
  });

  it('never rolls the online store back when an older version is materialized again', async () => {
    await materializeFeatureSet(db.prisma, await getFeatureSet(db.prisma, 'fs_v1'), new Date('2026-10-01T00:00:00Z'));
    const row = await db.prisma.onlineFeature.findUniqueOrThrow({ where: { featureView_entityKey: { featureView: 'customer_features', entityKey: 'C1' } } });
    expect(row).toMatchObject({ featureSetVersion: 2, values: { tenure_months: 4, is_month_to_month: 0 } });
  });

  it('names unknown features, views and entities as client errors', async () => {
    const views = latestVersions(await listFeatureViews(db.prisma));
    await expect(getOnlineFeatures(db.prisma, { features: ['customer_features:nope'], entities: { customer_id: ['C1'] } }, views)).rejects.toMatchObject({
      code: 'CHURN_FEATURE_STORE_UNKNOWN_FEATURE',
      statusCode: 400,
    });
    await expect(getOnlineFeatures(db.prisma, { features: ['other:x'], entities: { customer_id: ['C1'] } }, views)).rejects.toMatchObject({
      code: 'CHURN_FEATURE_STORE_UNKNOWN_VIEW',
    });
    await expect(getOnlineFeatures(db.prisma, { entities: { driver_id: ['1'] } }, views)).rejects.toMatchObject({
      code: 'CHURN_FEATURE_STORE_UNKNOWN_ENTITY',
    });
  });
});
