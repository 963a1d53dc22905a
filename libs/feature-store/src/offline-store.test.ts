import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '@churn/service';
import { getHistoricalFeatures, insertFeatureRows, readFeatureRows } from './offline-store';
import { addFeatureSet } from './testing';

type Ctx = Awaited<ReturnType<typeof createTestContext>>;

const features = [{ name: 'tenure_months', dtype: 'float' as const, description: 'tenure' }];
const at = (day: string) => `${day}T00:00:00.000Z`;

describe('offline store (point in time)', () => {
  let ctx: Ctx;
  beforeAll(async () => {
    ctx = await createTestContext('feature-store');
    // C1 is observed monthly, C2 only in September; fs_other is another version that must never leak in.
    await addFeatureSet(ctx.db, {
      id: 'fs_a',
      version: 1,
      features,
      rows: [
        { entityKey: 'C1', at: at('2026-08-01'), values: { tenure_months: 8 } },
        { entityKey: 'C1', at: at('2026-09-01'), values: { tenure_months: 9 } },
        { entityKey: 'C1', at: at('2026-10-01'), values: { tenure_months: 10 } },
        { entityKey: 'C2', at: at('2026-09-01'), values: { tenure_months: 2 } },
      ],
    });
    await addFeatureSet(ctx.db, { id: 'fs_other', version: 2, features, rows: [{ entityKey: 'C1', at: at('2026-09-15'), values: { tenure_months: 99 } }] });
  }, 60_000);
  afterAll(async () => ctx?.close());

  it('returns, per entity row, the latest row at or before its timestamp, in request order', async () => {
    const rows = await getHistoricalFeatures(ctx.db, {
      featureSetId: 'fs_a',
      entityRows: [
        { entityKey: 'C1', timestamp: new Date(at('2026-10-01')) }, // exact match
        { entityKey: 'C1', timestamp: new Date('2026-09-30T23:59:59.999Z') }, // just before October's row
        { entityKey: 'C2', timestamp: new Date(at('2026-12-01')) }, // long after its only row
        { entityKey: 'C2', timestamp: new Date(at('2026-08-31')) }, // before any row
        { entityKey: 'C9', timestamp: new Date(at('2026-10-01')) }, // unknown
      ],
    });
    expect(rows.map((r) => [r.entityKey, r.eventTimestamp?.toISOString() ?? null, r.values?.tenure_months ?? null])).toEqual([
      ['C1', at('2026-10-01'), 10],
      ['C1', at('2026-09-01'), 9],
      ['C2', at('2026-09-01'), 2],
      ['C2', null, null],
      ['C9', null, null],
    ]);
  });

  it('ignores rows older than the ttl', async () => {
    const rows = await getHistoricalFeatures(ctx.db, {
      featureSetId: 'fs_a',
      entityRows: [
        { entityKey: 'C2', timestamp: new Date(at('2026-12-01')) },
        { entityKey: 'C1', timestamp: new Date(at('2026-10-15')) },
      ],
      ttlSeconds: 30 * 86_400,
    });
    expect(rows.map((r) => r.values?.tenure_months ?? null)).toEqual([null, 10]);
  });

  it('reads one observation time, and inserting the same rows again adds nothing', async () => {
    const september = await readFeatureRows(ctx.db, { featureSetId: 'fs_a', eventTimestamp: new Date(at('2026-09-01')) });
    expect(september.map((r) => [r.entityKey, r.values.tenure_months])).toEqual([
      ['C1', 9],
      ['C2', 2],
    ]);
    const all = await readFeatureRows(ctx.db, { featureSetId: 'fs_a' });
    expect(all.map((r) => `${r.entityKey}@${r.eventTimestamp.toISOString().slice(0, 7)}`)).toEqual(['C1@2026-08', 'C1@2026-09', 'C2@2026-09', 'C1@2026-10']);

    const again = all.map((r) => ({ ...r, values: { ...r.values, tenure_months: -1 } }));
    expect(await insertFeatureRows(ctx.db, { featureSetId: 'fs_a', rows: again })).toBe(4);
    expect((await readFeatureRows(ctx.db, { featureSetId: 'fs_a' })).map((r) => r.values.tenure_months)).toEqual([8, 9, 2, 10]);
  });

  it('answers large requests in batches, still in order', async () => {
    const entityRows = Array.from({ length: 12_000 }, (_, i) => ({ entityKey: i % 2 === 0 ? 'C1' : 'C2', timestamp: new Date(at('2026-09-01')) }));
    const rows = await getHistoricalFeatures(ctx.db, { featureSetId: 'fs_a', entityRows });
    expect(rows).toHaveLength(12_000);
    expect(rows.every((r, i) => r.values?.tenure_months === (i % 2 === 0 ? 9 : 2))).toBe(true);
  });
});
