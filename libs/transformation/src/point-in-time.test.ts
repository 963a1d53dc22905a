import { describe, expect, it } from 'vitest';
import { isoOfDay, parseDay, parseTimestampMs, DAY_MS } from './calendar';
import { computePointInTimeFeatures } from './compute-features';
import { observationTimes } from './observation-times';
import type { DatasetRecord } from './prepared-datasets';
import { sampleCompanyDatasets, type PreparedRecords } from './test-support';

const times = observationTimes('2026-10-31', { horizonDays: 30, snapshots: 3 });

/**
 * Rewrites everything that happens at or after `day` (an observation time):
 * later events change or appear, pending invoices and tickets get other fates,
 * cancellations move. Nothing before `day` is touched.
 */
function rewriteFrom(data: PreparedRecords, day: number): PreparedRecords {
  const at = isoOfDay(day).slice(0, 10);
  const after = (d: unknown) => parseDay(d)! >= day;
  const afterMs = (ts: unknown) => parseTimestampMs(ts)! >= day * DAY_MS;
  const ids = data.customers.map((c) => String(c.customer_id));
  return {
    customers: data.customers,
    cancellations: [
      ...data.cancellations.map((c) => (after(c.cancelled_at) ? { ...c, cancelled_at: isoOfDay(parseDay(c.cancelled_at)! + 3).slice(0, 10) } : c)),
      ...ids.filter((_, i) => i % 7 === 0).map((customer_id) => ({ customer_id, cancelled_at: at })),
    ],
    billing_invoices: [
      ...data.billing_invoices.map((inv): DatasetRecord => {
        if (after(inv.issued_date)) return { ...inv, amount: Number(inv.amount) * 3 + 1, paid_date: null, status: 'failed' };
        if (inv.paid_date !== null && after(inv.paid_date)) return { ...inv, paid_date: null, status: 'failed' };
        return inv;
      }),
      ...ids.map((customer_id) => ({ customer_id, amount: 999, issued_date: at, due_date: at, paid_date: null, status: 'failed' })),
    ],
    support_tickets: [
      ...data.support_tickets.map((t): DatasetRecord => {
        if (afterMs(t.opened_at)) return { ...t, closed_at: null, satisfaction: null };
        if (t.closed_at !== null && afterMs(t.closed_at)) return { ...t, closed_at: `${at}T00:00:00Z`, satisfaction: 1 };
        return t;
      }),
      ...ids.map((customer_id) => ({ customer_id, opened_at: `${at}T00:00:00Z`, closed_at: null, satisfaction: null })),
    ],
    product_usage: [
      ...data.product_usage.map((u) => (after(u.day) ? { ...u, minutes: Number(u.minutes) * 10 + 1 } : u)),
      ...ids.map((customer_id) => ({ customer_id, day: at, minutes: 600 })),
    ],
  };
}

describe('point-in-time correctness on a sample company', () => {
  const data = sampleCompanyDatasets({ customers: 1000, seed: 7 });

  it('features at T do not change when anything at or after T changes', async () => {
    const cut = times.training[1]!;
    const original = await computePointInTimeFeatures(data, times);
    const rewritten = await computePointInTimeFeatures(rewriteFrom(data, cut), times);
    for (const day of [times.training[0]!, cut]) {
      const before = [...original.rowsAt(day)];
      expect(before.length).toBeGreaterThan(500);
      expect([...rewritten.rowsAt(day)]).toEqual(before);
    }
    // The rewrite is visible from the next observation time on: the comparison above could have failed.
    const later = [...original.rowsAt(times.serving)];
    expect([...rewritten.rowsAt(times.serving)]).not.toEqual(later);
  });

  it('produces labelled snapshots with churners in each and finite numbers only', async () => {
    const f = await computePointInTimeFeatures(data, times);
    expect(f.snapshots.map((s) => s.role)).toEqual(['training', 'training', 'training', 'serving']);
    for (const s of f.snapshots.slice(0, 3)) {
      expect(s.rows).toBeGreaterThan(700);
      expect(s.positives).toBeGreaterThan(5);
      expect(s.positives / s.rows).toBeLessThan(0.2);
    }
    for (const row of f.rows()) for (const v of Object.values(row.values)) expect(Number.isFinite(v)).toBe(true);
  });

  it('features carry the generator\'s churn signals (churners fade out and pay late before leaving)', async () => {
    const f = await computePointInTimeFeatures(data, times);
    const labels = new Map([...f.labels()].map((l) => [`${l.customerId}@${l.eventTimestamp.toISOString()}`, l.churned]));
    const mean = (rows: Array<Record<string, number>>, column: string) => rows.reduce((s, r) => s + r[column]!, 0) / rows.length;
    const training = times.training.flatMap((day) => [...f.rowsAt(day)]);
    const churners = training.filter((r) => labels.get(`${r.customerId}@${r.eventTimestamp.toISOString()}`) === 1).map((r) => r.values);
    const stayers = training.filter((r) => labels.get(`${r.customerId}@${r.eventTimestamp.toISOString()}`) === 0).map((r) => r.values);
    expect(mean(churners, 'usage_minutes_trend')).toBeLessThan(mean(stayers, 'usage_minutes_trend'));
    expect(mean(churners, 'days_since_last_use')).toBeGreaterThan(mean(stayers, 'days_since_last_use'));
    expect(mean(churners, 'is_month_to_month')).toBeGreaterThan(mean(stayers, 'is_month_to_month'));
    expect(mean(churners, 'tenure_months')).toBeLessThan(mean(stayers, 'tenure_months'));
    expect(mean(churners, 'fee_change_pct_6m')).toBeGreaterThan(mean(stayers, 'fee_change_pct_6m'));
  });
});
