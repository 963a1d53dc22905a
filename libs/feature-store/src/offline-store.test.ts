import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '@churn/service';
import { getHistoricalFeatures, insertFeatureRows, readFeatureRows } from './offline-store';
import { addFeatureSet, offlineColumns } from './test-support';

type Ctx = Awaited<ReturnType<typeof createTestContext>>;

const features = [{ name: 'tenure_months', column: 'tenure_months', type: 'float' as const, description: 'tenure', sources: ['customers.signup_date'] }];
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
        { customerId: 'C1', at: at('2026-08-01'), values: { tenure_months: 8 } },
        { customerId: 'C1', at: at('2026-09-01'), values: { tenure_months: 9 } },
        { customerId: 'C1', at: at('2026-10-01'), values: { tenure_months: 10 } },
        { customerId: 'C2', at: at('2026-09-01'), values: { tenure_months: 2 } },
      ],
    });
    await addFeatureSet(ctx.db, { id: 'fs_other', version: 2, features, rows: [{ customerId: 'C1', at: at('2026-09-15'), values: { tenure_months: 99 } }] });
  }, 60_000);
  afterAll(async () => ctx?.close());

  it('returns, per entity row, the latest row at or before its timestamp, in request order', async () => {
    const rows = await getHistoricalFeatures(ctx.db, {
      featureSetId: 'fs_a',
      features,
      entityRows: [
        { customerId: 'C1', timestamp: new Date(at('2026-10-01')) }, // exact match
        { customerId: 'C1', timestamp: new Date('2026-09-30T23:59:59.999Z') }, // just before October's row
        { customerId: 'C2', timestamp: new Date(at('2026-12-01')) }, // long after its only row
        { customerId: 'C2', timestamp: new Date(at('2026-08-31')) }, // before any row
        { customerId: 'C9', timestamp: new Date(at('2026-10-01')) }, // unknown
      ],
    });
    expect(rows.map((r) => [r.customerId, r.eventTimestamp?.toISOString() ?? null, r.values?.tenure_months ?? null])).toEqual([
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
      features,
      entityRows: [
        { customerId: 'C2', timestamp: new Date(at('2026-12-01')) },
        { customerId: 'C1', timestamp: new Date(at('2026-10-15')) },
      ],
      ttlSeconds: 30 * 86_400,
    });
    expect(rows.map((r) => r.values?.tenure_months ?? null)).toEqual([null, 10]);
  });

  it('reads one observation time, and inserting the same rows again adds nothing', async () => {
    const september = await readFeatureRows(ctx.db, { featureSetId: 'fs_a', features, eventTimestamp: new Date(at('2026-09-01')) });
    expect(september.map((r) => [r.customerId, r.values.tenure_months])).toEqual([
      ['C1', 9],
      ['C2', 2],
    ]);
    const all = await readFeatureRows(ctx.db, { featureSetId: 'fs_a', features });
    expect(all.map((r) => `${r.customerId}@${r.eventTimestamp.toISOString().slice(0, 7)}`)).toEqual(['C1@2026-08', 'C1@2026-09', 'C2@2026-09', 'C1@2026-10']);

    const columns = await offlineColumns(ctx.db);
    const again = all.map((r) => ({ ...r, values: { ...Object.fromEntries(columns.map((c) => [c.column, 0])), ...r.values, tenure_months: -1 } }));
    expect(await insertFeatureRows(ctx.db, { featureSetId: 'fs_a', features: columns, rows: again })).toBe(4);
    expect((await readFeatureRows(ctx.db, { featureSetId: 'fs_a', features })).map((r) => r.values.tenure_months)).toEqual([8, 9, 2, 10]);
  });

  it('answers large requests in batches, still in order', async () => {
    const entityRows = Array.from({ length: 12_000 }, (_, i) => ({ customerId: i % 2 === 0 ? 'C1' : 'C2', timestamp: new Date(at('2026-09-01')) }));
    const rows = await getHistoricalFeatures(ctx.db, { featureSetId: 'fs_a', features, entityRows });
    expect(rows).toHaveLength(12_000);
    expect(rows.every((r, i) => r.values?.tenure_months === (i % 2 === 0 ? 9 : 2))).toBe(true);
  });
});
