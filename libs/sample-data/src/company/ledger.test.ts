import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CANCELLATION_SLOTS, CRM_COLUMNS, DOMAINS, INVOICE_SLOTS, TICKET_SLOTS } from './catalog';
import { isIsoDay } from './calendar';
import { createSampleCompany } from './sample-company';
import type { DefectEntry, DefectKind, SampleCollection } from './types';

const RATE = 0.03;
const RATES = { missing: RATE, duplicate: RATE, malformedDate: RATE, malformedNumber: RATE, outlier: RATE, unknownCategory: RATE, lateArriving: RATE };
const AS_OF_END = '2026-10-31T23:59:59Z';

type Check = (v: unknown) => boolean;
const inDomain = (values: readonly string[]): Check => (v) => typeof v === 'string' && values.includes(v);
const isDay: Check = (v) => typeof v === 'string' && isIsoDay(v);
const isTs: Check = (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v) && isIsoDay(v.slice(0, 10));
const upToAsOf: Check = (v) => isTs(v) && (v as string) <= AS_OF_END;
const between = (lo: number, hi: number, text = false): Check => (v) =>
  (text ? typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) : typeof v === 'number') && Number(v) >= lo && Number(v) <= hi;
const nonEmpty: Check = (v) => typeof v === 'string' && v.length > 0;
const orNull = (check: Check): Check => (v) => v === null || check(v);

/** What a clean value of each column looks like, per source. */
const VALID: Record<string, Record<string, Check>> = {
  crm_customers: {
    customer_id: nonEmpty, signup_date: isDay, gender: inDomain(DOMAINS.gender), birth_year: between(1940, 2006, true),
    region: inDomain(DOMAINS.region), city: nonEmpty, plan: inDomain(DOMAINS.plan), contract: inDomain(DOMAINS.contract),
    payment_method: inDomain(DOMAINS.payment_method), paperless_billing: inDomain(DOMAINS.yes_no),
    internet_service: inDomain(DOMAINS.internet_service), phone_service: inDomain(DOMAINS.yes_no), streaming: inDomain(DOMAINS.yes_no),
    tech_support: inDomain(DOMAINS.yes_no), monthly_fee: between(9, 300, true), email: nonEmpty, updated_at: upToAsOf,
  },
  billing_invoices: {
    invoice_id: nonEmpty, customer_id: nonEmpty, period: (v) => typeof v === 'string' && /^\d{4}-\d{2}$/.test(v), amount: between(9, 400),
    currency: (v) => v === 'EUR', issued_date: isDay, due_date: isDay, paid_date: orNull(isDay), status: inDomain(DOMAINS.invoice_status),
    payment_method: inDomain(DOMAINS.payment_method), updated_at: upToAsOf,
  },
  support_tickets: {
    ticket_id: nonEmpty, customer_id: nonEmpty, opened_at: isTs, closed_at: orNull(isTs), category: inDomain(DOMAINS.ticket_category),
    priority: inDomain(DOMAINS.ticket_priority), status: inDomain(DOMAINS.ticket_status), satisfaction: orNull(between(1, 5)), updated_at: upToAsOf,
  },
  cancellations: {
    customer_id: nonEmpty, cancelled_at: (v) => isDay(v) && (v as string) >= '2025-11-01' && (v as string) <= '2026-10-31',
    reason: inDomain(DOMAINS.cancellation_reason), channel: inDomain(DOMAINS.cancellation_channel), updated_at: upToAsOf,
  },
  product_usage: {
    customer_id: nonEmpty, day: isDay, sessions: between(1, 100), minutes: between(0.1, 2000), data_mb: between(0, 50_000),
    features_used: between(1, 50), updated_at: upToAsOf,
  },
};

/** A defect must leave a value that the clean check rejects (except a duplicate, which is a whole record). */
const isDefective: Record<Exclude<DefectKind, 'duplicate'>, (v: unknown, check: Check) => boolean> = {
  missing: (v) => v === null || v === '',
  malformed_date: (v, check) => typeof v === 'string' && !check(v) && !isIsoDay(v.slice(0, 10)),
  malformed_number: (v) => typeof v === 'string' && !/^-?\d+(\.\d+)?$/.test(v),
  outlier: (v, check) => !check(v) && Number.isFinite(Number(v)) || (typeof v === 'string' && isIsoDay(v) && !check(v)),
  unknown_category: (v, check) => typeof v === 'string' && !check(v),
  late_arriving: (v) => isTs(v) && (v as string) > AS_OF_END,
};

/** Checks one record against its ledger entries; returns the violations. */
function audit(source: string, key: string, record: Record<string, unknown>, entries: DefectEntry[]): string[] {
  const problems: string[] = [];
  const byColumn = new Map(entries.filter((e) => e.column).map((e) => [e.column!, e]));
  for (const [column, check] of Object.entries(VALID[source]!)) {
    const value = record[column];
    const entry = byColumn.get(column);
    if (!entry) {
      if (!check(value)) problems.push(`${source} ${key}.${column}=${JSON.stringify(value)} is dirty but not in the ledger`);
      continue;
    }
    const expected = entry.value === null && source === 'crm_customers' ? '' : entry.value;
    if (value !== expected && String(value) !== String(expected)) problems.push(`${source} ${key}.${column}: ledger ${JSON.stringify(entry.value)} vs data ${JSON.stringify(value)}`);
    if (!isDefective[entry.defect as Exclude<DefectKind, 'duplicate'>](value, check)) problems.push(`${source} ${key}.${column}: ${entry.defect} ${JSON.stringify(value)} looks clean`);
    if (entry.original === undefined || !check(entry.original)) problems.push(`${source} ${key}.${column}: original ${JSON.stringify(entry.original)}`);
  }
  return problems;
}

describe('the defect ledger matches the data exactly', () => {
  const N = 1000;
  const company = createSampleCompany({ customers: N, seed: 5, defects: RATES });
  const ledger = [...company.ledger()];
  const counts = (source: string, defect: DefectKind): number => ledger.filter((e) => e.source === source && e.defect === defect).length;

  it('CRM CSV: every ledger entry is in the row of that customer, nothing else is dirty, duplicates match', async () => {
    const rows = parse(await text(company.crmCsv()), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual([...CRM_COLUMNS]);
    const entries = ledger.filter((e) => e.source === 'crm_customers');
    const copies = new Map<string, Array<Record<string, string>>>();
    for (const row of rows) copies.set(row.customer_id!, [...(copies.get(row.customer_id!) ?? []), row]);
    expect(copies.size).toBe(N);
    const duplicated = new Set(entries.filter((e) => e.defect === 'duplicate').map((e) => e.key));
    expect(rows.length).toBe(N + duplicated.size);
    const problems: string[] = [];
    for (const [id, same] of copies) {
      if (same.length !== (duplicated.has(id) ? 2 : 1)) problems.push(`${id}: ${same.length} rows`);
      if (same.length === 2 && JSON.stringify(same[0]) !== JSON.stringify(same[1])) problems.push(`${id}: duplicate differs`);
      problems.push(...audit('crm_customers', id, same[0]!, entries.filter((e) => e.key === id)));
    }
    expect(problems.slice(0, 10)).toEqual([]);
    for (const kind of ['missing', 'duplicate', 'malformed_date', 'malformed_number', 'outlier', 'unknown_category', 'late_arriving'] as const) {
      expect(counts('crm_customers', kind) / N, kind).toBeGreaterThan(RATE * 0.5);
      expect(counts('crm_customers', kind) / N, kind).toBeLessThan(RATE * 1.6);
    }
  });

  it('REST collections: entries match the records at their index, duplicates repeat a record of the same customer', () => {
    const problems: string[] = [];
    const cases: Array<[SampleCollection<Record<string, unknown>>, number, string]> = [
      [company.collections.billing_invoices, INVOICE_SLOTS, 'invoice_id'],
      [company.collections.support_tickets, TICKET_SLOTS, 'ticket_id'],
      [company.collections.cancellations, CANCELLATION_SLOTS, 'customer_id'],
    ];
    for (const [collection, slots, idField] of cases) {
      let records = 0;
      let dups = 0;
      for (let i = 0; i < collection.size; i += 1) {
        const record = collection.get(i);
        const entries = collection.defectsAt(i);
        if (record === undefined) {
          if (entries.length > 0) problems.push(`${collection.name}[${i}]: entries without record`);
          continue;
        }
        if (typeof record.updated_at !== 'string') problems.push(`${collection.name}[${i}]: updated_at`);
        if (i % slots === slots - 1) {
          dups += 1;
          const block = Array.from({ length: slots - 1 }, (_, s) => collection.get(i - slots + 1 + s));
          if (!block.some((r) => JSON.stringify(r) === JSON.stringify(record))) problems.push(`${collection.name}[${i}]: duplicate of nothing`);
          if (entries.length !== 1 || entries[0]!.defect !== 'duplicate' || entries[0]!.key !== record[idField]) problems.push(`${collection.name}[${i}]: dup entry`);
          continue;
        }
        records += 1;
        if (entries.some((e) => e.key !== record[idField])) problems.push(`${collection.name}[${i}]: wrong key`);
        problems.push(...audit(collection.name, String(record[idField]), record, entries));
      }
      expect(dups).toBe(counts(collection.name, 'duplicate'));
      if (collection.name !== 'cancellations') {
        for (const kind of ['missing', 'duplicate', 'unknown_category', 'late_arriving', 'outlier'] as const) {
          expect(counts(collection.name, kind) / records, `${collection.name} ${kind}`).toBeGreaterThan(RATE * 0.5);
          expect(counts(collection.name, kind) / records, `${collection.name} ${kind}`).toBeLessThan(RATE * 1.6);
        }
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('usage rows: nulls, outliers and late rows exactly where the ledger says', () => {
    const entries = new Map<string, DefectEntry[]>();
    for (const e of ledger.filter((x) => x.source === 'product_usage')) entries.set(e.key, [...(entries.get(e.key) ?? []), e]);
    const problems: string[] = [];
    let rows = 0;
    for (const row of company.usageRows()) {
      rows += 1;
      const key = `${row.customer_id}/${row.day}`;
      problems.push(...audit('product_usage', key, row, entries.get(key) ?? []));
    }
    expect(problems.slice(0, 10)).toEqual([]);
    for (const kind of ['missing', 'outlier', 'late_arriving'] as const) {
      expect(counts('product_usage', kind) / rows, kind).toBeGreaterThan(RATE * 0.85);
      expect(counts('product_usage', kind) / rows, kind).toBeLessThan(RATE * 1.15);
    }
  });

  it('streams report the same defects as the ledger, in the same order', () => {
    const seen: DefectEntry[] = [];
    const onDefect = (e: DefectEntry): void => void seen.push(e);
    for (const _ of company.crmRows({ onDefect }));
    for (const c of Object.values(company.collections)) for (let i = 0; i < c.size; i += 1) seen.push(...c.defectsAt(i));
    for (const _ of company.usageRows({ onDefect }));
    expect(seen).toEqual(ledger);
  });

  it('all rates 0 give an empty ledger; the defaults inject every kind of defect', () => {
    const clean = createSampleCompany({ customers: 1000, defects: { missing: 0, duplicate: 0, malformedDate: 0, malformedNumber: 0, outlier: 0, unknownCategory: 0, lateArriving: 0 } });
    expect([...clean.ledger()]).toEqual([]);
    const kinds = new Set([...createSampleCompany({ customers: 1000 }).ledger()].map((e) => `${e.source}:${e.defect}`));
    expect(kinds.size).toBeGreaterThanOrEqual(26);
  });
});
