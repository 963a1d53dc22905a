import { text } from 'node:stream/consumers';
import { beforeEach, describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import { CRM_COLUMNS, DOMAINS, USAGE_COLUMNS } from './catalog';
import { createSampleCompany } from './sample-company';
import type { SampleCollection } from './types';

const CLEAN = { missing: 0, duplicate: 0, malformedDate: 0, malformedNumber: 0, outlier: 0, unknownCategory: 0, lateArriving: 0 };
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const all = <T extends Record<string, unknown>>(c: SampleCollection<T>, limit = c.size): T[] =>
  Array.from({ length: Math.min(limit, c.size) }, (_, i) => c.get(i)).filter((r): r is T => r !== undefined);

describe('createSampleCompany: determinism', () => {
  it('gives identical bytes and records for identical options, different ones for another seed', async () => {
    const a = createSampleCompany({ customers: 1000, seed: 42 });
    const b = createSampleCompany({ customers: 1000, seed: 42 });
    const other = createSampleCompany({ customers: 1000, seed: 43 });
    const csv = await text(a.crmCsv());
    expect(await text(b.crmCsv())).toBe(csv);
    expect(await text(other.crmCsv())).not.toBe(csv);
    for (const name of ['billing_invoices', 'support_tickets', 'cancellations'] as const) {
      const of = (c: typeof a): SampleCollection<Record<string, unknown>> => c.collections[name];
      expect(all(of(b))).toEqual(all(of(a)));
      expect(all(of(other), 2000)).not.toEqual(all(of(a), 2000));
    }
    expect([...b.usageRows({ to: 50 })]).toEqual([...a.usageRows({ to: 50 })]);
    expect([...b.ledger()]).toEqual([...a.ledger()]);
    expect(a.customerAt(999)).toEqual(b.customerAt(999));
  });

  it('is random access: a record does not depend on which indexes were read before', () => {
    const forward = createSampleCompany({ customers: 5000 });
    const backward = createSampleCompany({ customers: 5000 });
    const { size } = forward.collections.billing_invoices;
    const picks = [size - 1, 7, 4321 * 13 + 5, 13 * 100, 2];
    const first = picks.map((i) => forward.collections.billing_invoices.get(i));
    const second = [...picks].reverse().map((i) => backward.collections.billing_invoices.get(i)).reverse();
    expect(second).toEqual(first);
    // Range streaming equals the same customers in the full stream.
    const full = [...forward.crmRows({ to: 30 })];
    expect([...forward.crmRows({ from: 10, to: 30 })]).toEqual(full.filter((r) => r.customer_id > 'C0000010'));
  });

  it('rejects invalid options with CHURN_SAMPLE_INVALID_OPTIONS', () => {
    for (const bad of [{ customers: 10 }, { customers: 1000.5 }, { customers: 6_000_000 }, { customers: 1000, asOf: '2026-02-30' }, { customers: 1000, defects: { missing: 2 } }, { customers: 1000, extra: 1 }]) {
      expect(() => createSampleCompany(bad as never), JSON.stringify(bad)).toThrow(PlatformError);
    }
    expect(() => createSampleCompany({ customers: 1000, asOf: 'x' })).toThrow(/CHURN|Invalid sample company options/);
    expect(() => createSampleCompany({ customers: 1000 }).customerAt(1000)).toThrow(RangeError);
  });
});

describe('createSampleCompany: record schemas (clean data)', () => {
  const company = createSampleCompany({ customers: 1000, seed: 3, defects: CLEAN });
  const { billing_invoices, support_tickets, cancellations } = company.collections;
  // Collected rather than asserted one by one: tens of thousands of expect() calls would dominate the runtime.
  let problems: string[] = [];
  const check = (ok: boolean, what: string): void => {
    if (!ok) problems.push(what);
  };
  const oneOf = (values: readonly unknown[], v: unknown, what: string): void => check(values.includes(v), `${what}=${JSON.stringify(v)}`);
  beforeEach(() => {
    problems = [];
  });

  it('writes the CRM header and one valid row per customer', async () => {
    const lines = (await text(company.crmCsv())).trimEnd().split('\n');
    expect(lines[0]).toBe(CRM_COLUMNS.join(','));
    expect(lines).toHaveLength(1001);
    const rows = [...company.crmRows()];
    expect(rows.map((r) => r.customer_id)).toEqual(Array.from({ length: 1000 }, (_, j) => `C${String(j + 1).padStart(7, '0')}`));
    for (const r of rows) {
      const id = r.customer_id;
      check(Object.keys(r).join() === CRM_COLUMNS.join(), `${id} columns`);
      check(DAY.test(r.signup_date) && r.signup_date <= '2026-10-31', `${id} signup_date`);
      check(TS.test(r.updated_at) && r.updated_at >= r.signup_date, `${id} updated_at`);
      oneOf(DOMAINS.gender, r.gender, `${id} gender`);
      oneOf(DOMAINS.region, r.region, `${id} region`);
      oneOf(DOMAINS.plan, r.plan, `${id} plan`);
      oneOf(DOMAINS.contract, r.contract, `${id} contract`);
      oneOf(DOMAINS.payment_method, r.payment_method, `${id} payment_method`);
      oneOf(DOMAINS.internet_service, r.internet_service, `${id} internet_service`);
      for (const c of ['paperless_billing', 'phone_service', 'streaming', 'tech_support'] as const) oneOf(DOMAINS.yes_no, r[c], `${id} ${c}`);
      check(/^\d+\.\d{2}$/.test(r.monthly_fee), `${id} monthly_fee`);
      check(/^\d{4}$/.test(r.birth_year) && Number(r.birth_year) >= 1940, `${id} birth_year`);
      check(/^[a-z.]+\d+@[a-z.]+$/.test(r.email), `${id} email`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('serves invoices, tickets and cancellations with the contract fields and types', () => {
    const invoices = all(billing_invoices);
    expect(invoices.length).toBeGreaterThan(8000);
    for (const i of invoices) {
      const id = i.invoice_id;
      check(Object.keys(i).join() === 'invoice_id,customer_id,period,amount,currency,issued_date,due_date,paid_date,status,payment_method,updated_at', `${id} fields`);
      check(/^\d{4}-\d{2}$/.test(i.period as string) && (i.issued_date as string).startsWith(i.period as string) === (i.issued_date! >= '2025-11-01'), `${id} period`);
      check(typeof i.amount === 'number' && i.amount > 0, `${id} amount`);
      check(i.currency === 'EUR', `${id} currency`);
      check(DAY.test(i.issued_date as string) && DAY.test(i.due_date as string) && i.due_date! > i.issued_date!, `${id} dates`);
      oneOf(DOMAINS.invoice_status, i.status, `${id} status`);
      check(i.status === 'failed' ? i.paid_date === null : DAY.test(i.paid_date as string) && i.paid_date! >= i.issued_date!, `${id} paid_date`);
      check(TS.test(i.updated_at) && i.updated_at <= '2026-10-31T23:59:59Z', `${id} updated_at`);
    }
    const tickets = all(support_tickets);
    expect(tickets.length).toBeGreaterThan(300);
    for (const t of tickets) {
      const id = t.ticket_id;
      check(Object.keys(t).join() === 'ticket_id,customer_id,opened_at,closed_at,category,priority,status,satisfaction,updated_at', `${id} fields`);
      check(TS.test(t.opened_at as string), `${id} opened_at`);
      oneOf(DOMAINS.ticket_category, t.category, `${id} category`);
      oneOf(DOMAINS.ticket_priority, t.priority, `${id} priority`);
      oneOf(DOMAINS.ticket_status, t.status, `${id} status`);
      if (t.status === 'open') check(t.closed_at === null && t.satisfaction === null, `${id} open`);
      else check(TS.test(t.closed_at as string) && t.closed_at! > t.opened_at!, `${id} closed_at`);
      check(t.satisfaction === null || [1, 2, 3, 4, 5].includes(t.satisfaction as number), `${id} satisfaction`);
      check(TS.test(t.updated_at) && t.updated_at >= t.opened_at! && t.updated_at <= '2026-10-31T23:59:59Z', `${id} updated_at`);
    }
    const cancelled = all(cancellations);
    expect(cancelled.length).toBeGreaterThan(150);
    for (const c of cancelled) {
      const id = c.customer_id;
      check(Object.keys(c).join() === 'customer_id,cancelled_at,reason,channel,updated_at', `${id} fields`);
      check(DAY.test(c.cancelled_at as string), `${id} cancelled_at`);
      oneOf(DOMAINS.cancellation_reason, c.reason, `${id} reason`);
      oneOf(DOMAINS.cancellation_channel, c.channel, `${id} channel`);
      check(c.updated_at.slice(0, 10) === c.cancelled_at, `${id} updated_at`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(billing_invoices.get(-1)).toBeUndefined();
    expect(billing_invoices.get(billing_invoices.size)).toBeUndefined();
  });

  it('yields usage rows over the last 120 days (the usage window) only, with integer and numeric columns', () => {
    const rows = [...company.usageRows({ to: 300 })];
    expect(rows.length).toBeGreaterThan(3000);
    for (const r of rows) {
      const id = `${r.customer_id}/${r.day}`;
      check(Object.keys(r).join() === USAGE_COLUMNS.join(), `${id} fields`);
      check(r.day >= '2026-07-04' && r.day <= '2026-10-31', `${id} day`);
      check(Number.isInteger(r.sessions) && r.sessions! >= 1, `${id} sessions`);
      check(Number.isInteger(r.features_used) && r.features_used! >= 1, `${id} features_used`);
      check(typeof r.minutes === 'number' && r.minutes > 0, `${id} minutes`);
      check(typeof r.data_mb === 'number' && r.data_mb >= 0, `${id} data_mb`);
      check(r.updated_at.slice(0, 10) === r.day && TS.test(r.updated_at), `${id} updated_at`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    const keys = rows.map((r) => `${r.customer_id}/${r.day}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
