import { describe, expect, it } from 'vitest';
import { createBillingInvoicesPreparation } from './billing-invoices-preparation';
import { createCancellationsPreparation } from './cancellations-preparation';
import type { InputRecord } from './preparation-types';
import { createProductUsagePreparation } from './product-usage-preparation';
import { createSupportTicketsPreparation } from './support-tickets-preparation';
import type { TablePreparation } from './table-preparation';

/** Both passes over in-memory records, as prepareTable does over the lake. */
function run(table: TablePreparation, records: InputRecord[]) {
  for (const r of records) table.learn(r);
  table.finishLearning();
  const rows = records.map((r) => table.prepare(r));
  for (const row of rows) expect(Object.keys(row)).toEqual(table.columns);
  return { rows, params: table.params() };
}

const invoice = (id: number, customer: string, over: Record<string, unknown> = {}): InputRecord => ({
  invoice_id: `INV-${customer.slice(1)}-${String(id).padStart(6, '0')}`, customer_id: customer, period: '2026-01', amount: 30,
  currency: 'EUR', issued_date: '2026-01-01', due_date: '2026-01-15', paid_date: '2026-01-10', status: 'paid',
  payment_method: 'Mailed check', updated_at: '2026-01-10T00:00:00Z', ...over,
} as InputRecord);

describe('billing_invoices preparation', () => {
  const records = [
    invoice(1, 'C0000001', { amount: 10 }),
    invoice(2, 'C0000001', { amount: 20, paid_date: '2026-01-20', status: 'late' }),
    invoice(3, 'C0000001', { amount: null, payment_method: null }),
    invoice(4, 'C0000002', { amount: null, paid_date: null, status: 'failed', payment_method: null }),
    invoice(5, 'C0000003', { amount: 50, payment_method: 'Electronic check' }),
    invoice(6, 'C0000004', { amount: 60, payment_method: 'Electronic check' }),
  ];

  it('imputes amounts by customer median then overall median, payment methods from the CRM then the mode', () => {
    const table = createBillingInvoicesPreparation({ crmPaymentMethods: new Map([['C0000001', 'Credit card (automatic)']]) });
    const { rows, params } = run(table, records);
    expect(rows.map((r) => r['amount'])).toEqual([10, 20, 15, 35, 50, 60]);
    expect(rows.map((r) => r['payment_method'])).toEqual([
      'Mailed check', 'Mailed check', 'Credit card (automatic)', 'Electronic check', 'Electronic check', 'Electronic check',
    ]);
    expect(params).toMatchObject({
      rows: 6,
      imputed: { amount: 2, payment_method: 2 },
      imputation: {
        amount: { overallMedian: 35, filledBy: { customerMedian: 1, overallMedian: 1, leftMissing: 0 }, customerMedians: { C0000001: 15 } },
        payment_method: { mode: 'Electronic check', filledBy: { crm: 1, mode: 1, leftMissing: 0 } },
      },
    });
  });

  it('derives days_late (negative when early, null while unpaid) and drops the currency', () => {
    const { rows } = run(createBillingInvoicesPreparation({ crmPaymentMethods: new Map() }), records);
    expect(rows.map((r) => r['days_late'])).toEqual([-5, 5, -5, null, -5, -5]);
    expect(rows[3]).toMatchObject({ paid_date: null, status: 'failed' });
    expect(rows[0]).not.toHaveProperty('currency');
  });

  it('fails on an amount that is not a number', () => {
    const table = createBillingInvoicesPreparation({ crmPaymentMethods: new Map() });
    expect(() => table.learn(invoice(1, 'C0000001', { amount: 'ten' }))).toThrow(expect.objectContaining({ code: 'CHURN_PREPARATION_BAD_VALUE' }));
  });
});

const ticket = (n: number, over: Record<string, unknown> = {}): InputRecord => ({
  ticket_id: `TCK-0000001-${String(n).padStart(2, '0')}`, customer_id: 'C0000001', opened_at: '2026-01-01T08:00:00Z',
  closed_at: '2026-01-01T20:30:00Z', category: 'billing', priority: 'high', status: 'closed', satisfaction: 4,
  updated_at: '2026-01-02T00:00:00Z', ...over,
} as InputRecord);

describe('support_tickets preparation', () => {
  it("fills category with 'other' and priority with the mode, keeps satisfaction missing, derives resolution hours", () => {
    const records = [
      ticket(1, { priority: 'normal' }),
      ticket(2, { priority: 'normal', satisfaction: null }),
      ticket(3, { category: null, priority: null, closed_at: null, status: 'open', satisfaction: null }),
      ticket(4, { closed_at: '2025-12-31T08:00:00Z' }),
    ];
    const { rows, params } = run(createSupportTicketsPreparation(), records);
    expect(rows.map((r) => [r['category'], r['priority'], r['satisfaction'], r['resolution_hours']])).toEqual([
      ['billing', 'normal', 4, 12.5],
      ['billing', 'normal', null, 12.5],
      ['other', 'normal', null, null],
      ['billing', 'high', 4, null],
    ]);
    expect(params).toMatchObject({
      rows: 4,
      imputed: { category: 1, priority: 1 },
      imputation: { priority: { mode: 'normal' }, resolution_hours: { closedBeforeOpened: 1 } },
    });
    expect(params.imputed).not.toHaveProperty('satisfaction');
  });

  it("falls back to priority 'normal' when no ticket has one", () => {
    const { rows } = run(createSupportTicketsPreparation(), [ticket(1, { priority: null })]);
    expect(rows[0]!['priority']).toBe('normal');
  });
});

const usage = (customer: string, day: string, over: Record<string, unknown> = {}): InputRecord => ({
  customer_id: customer, day, sessions: 2, minutes: 30, data_mb: 100, features_used: 1, updated_at: `${day}T23:00:00Z`, ...over,
} as InputRecord);

describe('product_usage preparation', () => {
  it("imputes each measure with the customer's median, or 0 for a customer never metered", () => {
    const records = [
      usage('C0000001', '2026-01-01', { sessions: 1, minutes: 10 }),
      usage('C0000001', '2026-01-02', { sessions: 4, minutes: 20 }),
      usage('C0000001', '2026-01-03', { sessions: null, minutes: null, data_mb: null }),
      usage('C0000002', '2026-01-01', { sessions: null, minutes: null, data_mb: null, features_used: null }),
    ];
    const { rows, params } = run(createProductUsagePreparation(), records);
    expect(rows[2]).toEqual({ customer_id: 'C0000001', day: '2026-01-03', sessions: 2.5, minutes: 15, data_mb: 100, features_used: 1 });
    expect(rows[3]).toEqual({ customer_id: 'C0000002', day: '2026-01-01', sessions: 0, minutes: 0, data_mb: 0, features_used: 0 });
    expect(params.imputed).toEqual({ sessions: 2, minutes: 2, data_mb: 2, features_used: 1 });
    expect(params.imputation['sessions']).toEqual({ filledBy: { customerMedian: 1, zero: 1 }, customerMedians: { C0000001: 2.5 } });
  });
});

describe('cancellations preparation', () => {
  it("fills reason with 'other' and channel with the mode", () => {
    const c = (customer: string, reason: string | null, channel: string | null): InputRecord =>
      ({ customer_id: customer, cancelled_at: '2026-02-01', reason, channel, updated_at: '2026-02-01T00:00:00Z' });
    const { rows, params } = run(createCancellationsPreparation(), [
      c('C0000001', 'price', 'web'), c('C0000002', null, 'web'), c('C0000003', 'moved', null), c('C0000004', 'price', 'phone'),
    ]);
    expect(rows.map((r) => [r['reason'], r['channel']])).toEqual([['price', 'web'], ['other', 'web'], ['moved', 'web'], ['price', 'phone']]);
    expect(params).toMatchObject({ rows: 4, imputed: { reason: 1, channel: 1 }, imputation: { channel: { mode: 'web' } } });
  });
});
