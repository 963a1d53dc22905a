import { describe, expect, it } from 'vitest';
import { computePointInTimeFeatures, type PointInTimeFeatures } from './compute-features';
import { parseDay } from './calendar';
import { observationTimes } from './observation-times';
import type { DatasetRecord } from './prepared-datasets';
import type { PreparedRecords } from './test-support';

// asOf 2026-03-31, horizon 30 days, one training snapshot: T0 = 2026-04-01 (serving), T1 = 2026-03-02 (training).
const times = observationTimes('2026-03-31', { horizonDays: 30, snapshots: 1 });
const T0 = parseDay('2026-04-01')!;
const T1 = parseDay('2026-03-02')!;

const customer = (id: string, signup: string, attrs: Record<string, number> = {}): DatasetRecord => ({
  customer_id: id,
  signup_date: signup,
  monthly_fee: 40,
  contract__month_to_month: 0,
  contract__two_year: 1,
  internet_service__fiber_optic: 0,
  internet_service__no: 1,
  payment_method__electronic_check: 0,
  payment_method__bank_transfer_automatic: 1,
  payment_method__credit_card_automatic: 0,
  paperless_billing: 0,
  phone_service: 1,
  streaming: 0,
  tech_support: 0,
  ...attrs,
});
const invoice = (customerId: string, issued: string, amount: number, due: string, paid: string | null, status = 'paid'): DatasetRecord => ({
  invoice_id: `INV-${customerId}-${issued}`,
  customer_id: customerId,
  amount,
  issued_date: issued,
  due_date: due,
  paid_date: paid,
  status,
});
const ticket = (customerId: string, opened: string, closed: string | null, satisfaction: number | null): DatasetRecord => ({
  ticket_id: `T-${customerId}-${opened}`,
  customer_id: customerId,
  opened_at: opened,
  closed_at: closed,
  satisfaction,
});
const usage = (customerId: string, day: string, minutes: number): DatasetRecord => ({ customer_id: customerId, day, minutes, sessions: 1 });
const cancellation = (customerId: string, day: string): DatasetRecord => ({ customer_id: customerId, cancelled_at: day, reason: 'price' });

/** Customer A carries every signal; B..G exercise the population and label rules. */
function handMade(): PreparedRecords {
  const monthly = ['2025-08-01', '2025-09-01', '2025-10-01', '2025-11-01', '2025-12-01', '2026-01-01'].map((issued) => {
    const day = issued.slice(0, 8);
    return invoice('A', issued, 50, `${day}15`, `${day}04`);
  });
  return {
    customers: [
      customer('A', '2025-01-15', {
        monthly_fee: 99,
        contract__month_to_month: 1,
        contract__two_year: 0,
        internet_service__fiber_optic: 1,
        internet_service__no: 0,
        payment_method__electronic_check: 1,
        payment_method__bank_transfer_automatic: 0,
        paperless_billing: 1,
      }),
      customer('B', '2026-03-15'),
      customer('C', '2024-01-01'),
      customer('D', '2024-01-01'),
      customer('E', '2024-01-01'),
      customer('F', '2026-03-31'),
      customer('G', '2024-06-01', { tech_support: 1, streaming: 1, internet_service__no: 0 }),
    ],
    cancellations: [
      cancellation('C', '2026-03-10'),
      cancellation('D', '2026-03-02'),
      cancellation('E', '2026-02-01'),
      cancellation('G', '2026-04-01'),
      cancellation('Z', '2026-03-05'),
    ],
    billing_invoices: [
      ...monthly,
      invoice('A', '2026-02-01', 60, '2026-02-15', '2026-03-05', 'late'),
      invoice('A', '2026-03-01', 60, '2026-03-15', null, 'failed'),
      invoice('Z', '2026-03-01', 10, '2026-03-15', null),
      invoice('A', 'not a date', 10, '2026-03-15', null),
    ],
    support_tickets: [
      ticket('A', '2026-02-20T10:00:00Z', '2026-02-21T10:00:00Z', 2),
      ticket('A', '2026-03-10T09:00:00Z', null, null),
      ticket('A', '2026-03-31T23:00:00Z', '2026-04-02T08:00:00Z', 5),
    ],
    product_usage: [
      usage('A', '2026-02-10', 100),
      usage('A', '2026-02-25', 40),
      usage('A', '2026-03-05', 30),
      usage('A', '2026-03-10', 30),
      usage('A', '2026-03-20', 10),
      usage('A', '2026-03-28', 5),
      usage('A', '2026-04-05', 500),
    ],
  };
}

const compute = (data: PreparedRecords) => computePointInTimeFeatures(data, times);
const rowsAt = (f: PointInTimeFeatures, day: number) => [...f.rowsAt(day)];
const valuesOf = (f: PointInTimeFeatures, day: number, id: string) => rowsAt(f, day).find((r) => r.customerId === id)?.values;
const daysBetween = (from: string, to: string) => parseDay(to)! - parseDay(from)!;

const staticA = {
  is_month_to_month: 1,
  is_two_year: 0,
  has_fiber: 1,
  has_no_internet: 0,
  is_auto_pay: 0,
  pays_electronic_check: 1,
  paperless_billing: 1,
  services_count: 2,
  tech_support: 0,
};

describe('observation times', () => {
  it('serves at the end of asOf and trains a horizon apart, oldest first', () => {
    const t = observationTimes('2026-10-31', { horizonDays: 30, snapshots: 3 });
    expect(new Date(t.serving * 86_400_000).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(t.training.map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10))).toEqual(['2026-08-03', '2026-09-02', '2026-10-02']);
  });

  it('refuses a bad as-of date or horizon', () => {
    expect(() => observationTimes('2026-02-30', { horizonDays: 30, snapshots: 3 })).toThrowError(expect.objectContaining({ code: 'CHURN_TRANSFORMATION_INVALID_OPTIONS' }));
    expect(() => observationTimes('2026-02-01', { horizonDays: 0, snapshots: 3 })).toThrowError(expect.objectContaining({ code: 'CHURN_TRANSFORMATION_INVALID_OPTIONS' }));
  });
});

describe('point-in-time customer features', () => {
  it('computes exact values at the serving time', async () => {
    const f = await compute(handMade());
    expect(valuesOf(f, T0, 'A')).toEqual({
      tenure_months: Math.round((daysBetween('2025-01-15', '2026-04-01') / 30.44) * 100) / 100,
      monthly_fee: 60,
      fee_change_pct_6m: 20, // 2026-03 invoice (60) vs the latest before 2025-10-01 (2025-09, 50)
      spend_180d: 270, // invoices issued from 2025-10-03: 3 x 50 + 2 x 60
      ...staticA,
      invoices_late_90d: 1, // February's, paid 18 days late on 2026-03-05
      overdue_invoices: 1, // March's, unpaid and past due
      avg_days_late_90d: 11.67, // January 0, February 18, March 17 days so far
      tickets_30d: 2,
      open_tickets: 2, // one never closed, one closed after T0
      avg_satisfaction_90d: 2, // the 5 comes with a closing after T0: not known yet
      usage_active_days_30d: 4,
      usage_minutes_trend: -0.6, // (15 - 60) / 75
      days_since_last_use: 3, // last used 2026-03-28; the 2026-04-05 row is after T0
    });
  });

  it('computes exact values at a training time from what was known then', async () => {
    const f = await compute(handMade());
    expect(valuesOf(f, T1, 'A')).toEqual({
      tenure_months: Math.round((daysBetween('2025-01-15', '2026-03-02') / 30.44) * 100) / 100,
      monthly_fee: 60,
      fee_change_pct_6m: 20, // 2026-03 vs 2025-08
      spend_180d: 320,
      ...staticA,
      invoices_late_90d: 0, // February's was still unpaid on 2026-03-02
      overdue_invoices: 1, // ... so it was overdue then
      avg_days_late_90d: 5, // December 0, January 0, February 15 days so far
      tickets_30d: 1,
      open_tickets: 0,
      avg_satisfaction_90d: 2,
      usage_active_days_30d: 2,
      usage_minutes_trend: -0.4286, // (40 - 100) / 140
      days_since_last_use: 4,
    });
  });

  it('falls back to neutral values without billing, tickets or usage', async () => {
    const f = await compute(handMade());
    expect(valuesOf(f, T0, 'B')).toMatchObject({
      monthly_fee: 40, // the CRM fee: nothing invoiced yet
      fee_change_pct_6m: 0,
      spend_180d: 0,
      avg_days_late_90d: 0,
      avg_satisfaction_90d: 3,
      usage_minutes_trend: 0,
      days_since_last_use: 30,
      services_count: 1,
      is_auto_pay: 1,
    });
    expect(valuesOf(f, T0, 'F')?.tenure_months).toBe(0.03); // signed up on asOf: one day
    expect(valuesOf(f, T0, 'G')).toMatchObject({ services_count: 4, tech_support: 1 });
  });

  it('takes customers who signed up before T and had not cancelled before T', async () => {
    const f = await compute(handMade());
    expect(rowsAt(f, T1).map((r) => r.customerId)).toEqual(['A', 'C', 'D', 'G']);
    expect(rowsAt(f, T0).map((r) => r.customerId)).toEqual(['A', 'B', 'F', 'G']);
    expect(f.snapshots).toEqual([
      { timestamp: '2026-03-02T00:00:00.000Z', rows: 4, positives: 2, role: 'training' },
      { timestamp: '2026-04-01T00:00:00.000Z', rows: 4, positives: 0, role: 'serving' },
    ]);
    expect([...f.rows()].map((r) => r.eventTimestamp.toISOString().slice(0, 10))).toEqual([...Array(4).fill('2026-03-02'), ...Array(4).fill('2026-04-01')]);
  });

  it('labels a training row 1 when the customer cancels within [T, T + horizon)', async () => {
    const f = await compute(handMade());
    expect([...f.labels()].map((l) => [l.customerId, l.eventTimestamp.toISOString(), l.churned])).toEqual([
      ['A', '2026-03-02T00:00:00.000Z', 0],
      ['C', '2026-03-02T00:00:00.000Z', 1], // cancels 2026-03-10
      ['D', '2026-03-02T00:00:00.000Z', 1], // cancels on T itself
      ['G', '2026-03-02T00:00:00.000Z', 0], // cancels on T + horizon: outside
    ]);
  });

  it('counts rows it could not use instead of guessing', async () => {
    const f = await compute(handMade());
    expect(f.reads.billing_invoices).toEqual({ rows: 10, unknownCustomer: 1, badValue: 1 });
    expect(f.reads.cancellations).toEqual({ rows: 5, unknownCustomer: 1, badValue: 0 });
    expect(f.reads.product_usage).toEqual({ rows: 7, unknownCustomer: 0, badValue: 0 });
  });

  it('refuses to compute for an empty population', async () => {
    const data = handMade();
    await expect(computePointInTimeFeatures({ ...data, customers: [customer('X', '2027-01-01')] }, times)).rejects.toMatchObject({
      code: 'CHURN_TRANSFORMATION_EMPTY_POPULATION',
    });
  });
});
