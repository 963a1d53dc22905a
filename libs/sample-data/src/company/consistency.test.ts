import { describe, expect, it } from 'vitest';
import { INVOICE_SLOTS, TICKET_SLOTS } from './catalog';
import { createSampleCompany } from './sample-company';

const CLEAN = { missing: 0, duplicate: 0, malformedDate: 0, malformedNumber: 0, outlier: 0, unknownCategory: 0, lateArriving: 0 };

describe('sources are consistent with each customer', () => {
  const N = 2000;
  const company = createSampleCompany({ customers: N, seed: 11, defects: CLEAN });
  const { billing_invoices: invoices, support_tickets: tickets, cancellations } = company.collections;
  const crm = new Map([...company.crmRows()].map((r) => [r.customer_id, r]));
  const usage = new Map<string, string[]>();
  for (const row of company.usageRows()) usage.set(row.customer_id, [...(usage.get(row.customer_id) ?? []), row.day]);

  it('cancelled customers have one cancellation, no invoice after it, no usage from that day on and no later ticket', () => {
    const violations: string[] = [];
    let churners = 0;
    for (let j = 0; j < N; j += 1) {
      const profile = company.customerAt(j);
      const id = profile.customerId;
      const cancellation = cancellations.get(2 * j);
      const signup = crm.get(id)!.signup_date;
      const bills = Array.from({ length: INVOICE_SLOTS - 1 }, (_, m) => invoices.get(j * INVOICE_SLOTS + m)).filter((b) => b !== undefined);
      const tks = Array.from({ length: TICKET_SLOTS - 1 }, (_, k) => tickets.get(j * TICKET_SLOTS + k)).filter((t) => t !== undefined);
      const days = usage.get(id) ?? [];
      if (bills.length === 0) violations.push(`${id}: no invoice`);
      if (bills.some((b) => b.customer_id !== id) || tks.some((t) => t.customer_id !== id)) violations.push(`${id}: foreign record`);
      // Billed every month from signup to the end (or the cancellation), without gaps.
      const periods = bills.map((b) => b.period as string);
      const first = signup.slice(0, 7) > '2025-11' ? signup.slice(0, 7) : '2025-11';
      if (periods[0] !== first) violations.push(`${id}: first invoice ${periods[0]} vs signup ${signup}`);
      if (days.some((d) => d < signup)) violations.push(`${id}: usage before signup`);
      if (cancellation === undefined) {
        if (profile.cancelDay !== null) violations.push(`${id}: cancelled without record`);
        if (periods.at(-1) !== '2026-10') violations.push(`${id}: active but last invoice ${periods.at(-1)}`);
        continue;
      }
      churners += 1;
      const cancelled = cancellation.cancelled_at as string;
      if (cancellation.customer_id !== id) violations.push(`${id}: cancellation of ${cancellation.customer_id}`);
      if (cancelled < signup) violations.push(`${id}: cancelled before signup`);
      if (periods.some((p) => p > cancelled.slice(0, 7))) violations.push(`${id}: invoice after cancellation ${cancelled}`);
      if (periods.at(-1) !== cancelled.slice(0, 7)) violations.push(`${id}: last invoice ${periods.at(-1)} vs cancellation ${cancelled}`);
      if (days.some((d) => d >= cancelled)) violations.push(`${id}: usage after cancellation`);
      if (tks.some((t) => (t.opened_at as string).slice(0, 10) > cancelled)) violations.push(`${id}: ticket after cancellation`);
      if (cancellations.get(2 * j + 1) !== undefined) violations.push(`${id}: duplicate without defects`);
    }
    expect(violations.slice(0, 10)).toEqual([]);
    expect(churners / N).toBeGreaterThan(0.2);
    expect(churners / N).toBeLessThan(0.3);
  });

  it('invoices bill the fee of the month (plus occasional extras); a price rise shows; the CRM holds the last fee', () => {
    const violations: string[] = [];
    let raised = 0;
    for (let j = 0; j < N; j += 1) {
      const profile = company.customerAt(j);
      const fee = Number(crm.get(profile.customerId)!.monthly_fee);
      const plain: number[] = [];
      for (let m = 0; m < 12; m += 1) {
        const bill = invoices.get(j * INVOICE_SLOTS + m);
        if (bill === undefined) continue;
        const base = Math.round(profile.feeStart * (profile.riseMonth >= 0 && m >= profile.riseMonth ? 1 + profile.riseRate : 1) * 100) / 100;
        const extra = Math.round(((bill.amount as number) - base) * 100) / 100;
        if (extra !== 0 && (extra < 2 || extra > 20)) violations.push(`${bill.invoice_id}: amount ${bill.amount} vs fee ${base}`);
        if (extra === 0) plain.push(base);
        if (m === profile.lastMonth && base !== fee) violations.push(`${profile.customerId}: CRM fee ${fee} vs last fee ${base}`);
      }
      if (plain.length >= 2 && plain.at(-1)! > 1.04 * plain[0]!) raised += 1;
    }
    expect(violations.slice(0, 10)).toEqual([]);
    // About 30% of customers older than a quarter get a 5-25% rise during the window.
    expect(raised / N).toBeGreaterThan(0.1);
    expect(raised / N).toBeLessThan(0.35);
  });

  it('churners show the warning signs: more payment trouble, more tickets, fading usage', () => {
    const groups = { churn: { n: 0, trouble: 0, tickets: 0, usageN: 0, usage: 0 }, stay: { n: 0, trouble: 0, tickets: 0, usageN: 0, usage: 0 } };
    const usageStart = Date.parse('2026-08-03') / 86_400_000;
    for (let j = 0; j < N; j += 1) {
      const profile = company.customerAt(j);
      const g = profile.cancelDay === null ? groups.stay : groups.churn;
      const bills = Array.from({ length: 12 }, (_, m) => invoices.get(j * INVOICE_SLOTS + m)).filter((b) => b !== undefined);
      g.n += 1;
      g.trouble += bills.filter((b) => b.status !== 'paid').length / bills.length;
      g.tickets += Array.from({ length: TICKET_SLOTS }, (_, k) => tickets.get(j * TICKET_SLOTS + k)).filter(Boolean).length;
      // Share of active days in the 14 days before leaving (or before the as-of date), when that span
      // lies in the usage window and the customer had signed up by then.
      const end = Date.parse(profile.cancelDay === null ? '2026-11-01' : (cancellations.get(2 * j)!.cancelled_at as string)) / 86_400_000;
      if (end - 14 < usageStart || Date.parse(crm.get(profile.customerId)!.signup_date) / 86_400_000 > end - 60) continue;
      g.usageN += 1;
      g.usage += (usage.get(profile.customerId) ?? []).filter((d) => {
        const day = Date.parse(d) / 86_400_000;
        return day >= end - 14 && day < end;
      }).length / 14;
    }
    const { churn, stay } = groups;
    expect(churn.usageN).toBeGreaterThan(50);
    expect(churn.trouble / churn.n).toBeGreaterThan(1.3 * (stay.trouble / stay.n));
    expect(churn.tickets / churn.n).toBeGreaterThan(1.3 * (stay.tickets / stay.n));
    expect(churn.usage / churn.usageN).toBeLessThan(0.7 * (stay.usage / stay.usageN));
  });
});
