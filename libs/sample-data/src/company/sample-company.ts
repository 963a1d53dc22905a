import { Readable } from 'node:stream';
import { CANCELLATION_SLOTS, CRM_COLUMNS, INVOICE_SLOTS, TICKET_SLOTS } from './catalog';
import { createCalendar } from './calendar';
import { cancellationOf } from './cancellations';
import { type Block, blockCollection, buildBlock, memoize } from './collections';
import { crmRowOf, csvLine } from './crm';
import { createProfile } from './customer';
import { injectDefects } from './defects';
import { CANCELLATION_DEFECTS, CRM_DEFECTS, INVOICE_DEFECTS, TICKET_DEFECTS, USAGE_DEFECTS } from './defect-specs';
import { invoiceOf } from './invoices';
import { resolveCompanyOptions } from './options';
import { hashString, STREAMS, streamRandom } from './prng';
import { ticketsOf } from './tickets';
import { usageOf } from './usage';
import type {
  BillingInvoice,
  Cancellation,
  CrmCustomerRow,
  DefectEntry,
  SampleCompany,
  SampleCompanyOptions,
  StreamOptions,
  SupportTicket,
  UsageRow,
} from './types';

/** Defect sub-streams: one range per source, so no two records share a stream. */
const DEFECT_BASE = { crm: 1000, invoices: 2000, tickets: 3000, cancellations: 4000, usage: 5000 } as const;
const CSV_BATCH = 500;

/**
 * A realistic, deterministic sample company (CRM, billing, support, usage,
 * cancellations) whose records are generated on demand from (seed, customer
 * index): random access without materialising, identical output for identical
 * options. Throws CHURN_SAMPLE_INVALID_OPTIONS on bad options.
 */
export function createSampleCompany(options: SampleCompanyOptions): SampleCompany {
  const resolved = resolveCompanyOptions(options);
  const { customers, defects: rates } = resolved;
  const seedHash = hashString(String(resolved.seed));
  const calendar = createCalendar(resolved.asOf);
  const { asOfDay } = calendar;

  const checkIndex = (j: number): void => {
    if (!Number.isInteger(j) || j < 0 || j >= customers) throw new RangeError(`customer index ${j} is outside 0..${customers - 1}`);
  };
  const profileOf = memoize((j: number) => createProfile(seedHash, calendar, j), 64);
  const context = (j: number, base: number, spec: typeof CRM_DEFECTS) => ({
    spec,
    rates,
    asOfDay,
    rngFor: (slot: number) => streamRandom(seedHash, j, STREAMS.defects, base + slot),
  });

  const invoiceBlock = memoize((j: number): Block<BillingInvoice> => {
    const profile = profileOf(j);
    const clean = Array.from({ length: INVOICE_SLOTS - 1 }, (_, m) => invoiceOf(seedHash, calendar, profile, m));
    return buildBlock(clean, (r) => r.invoice_id, context(j, DEFECT_BASE.invoices, INVOICE_DEFECTS));
  });
  const ticketBlock = memoize((j: number): Block<SupportTicket> => {
    const tickets: Array<SupportTicket | undefined> = ticketsOf(seedHash, calendar, profileOf(j));
    while (tickets.length < TICKET_SLOTS - 1) tickets.push(undefined);
    return buildBlock(tickets, (r) => r.ticket_id, context(j, DEFECT_BASE.tickets, TICKET_DEFECTS));
  });
  const cancellationBlock = memoize((j: number): Block<Cancellation> => {
    const clean = [cancellationOf(seedHash, calendar, profileOf(j))];
    return buildBlock(clean, (r) => r.customer_id, context(j, DEFECT_BASE.cancellations, CANCELLATION_DEFECTS));
  });

  /** The CRM row of customer j after defects, and whether it is written twice. */
  const crmRecordOf = (j: number): { row: CrmCustomerRow; defects: DefectEntry[]; copies: number } => {
    const row = crmRowOf(calendar, profileOf(j));
    const ctx = context(j, DEFECT_BASE.crm, CRM_DEFECTS);
    const rng = ctx.rngFor(0);
    const defects = injectDefects(row, row.customer_id, CRM_DEFECTS, rates, rng, asOfDay);
    const copies = rng.bernoulli(rates.duplicate) ? 2 : 1;
    if (copies === 2) defects.push({ source: 'crm_customers', key: row.customer_id, defect: 'duplicate', value: 1 });
    return { row, defects, copies };
  };

  /** Usage rows of customer j after defects. */
  const usageRecordsOf = (j: number): { rows: UsageRow[]; defects: DefectEntry[] } => {
    const rows = usageOf(seedHash, calendar, profileOf(j));
    const defects: DefectEntry[] = [];
    for (const row of rows) {
      const rng = streamRandom(seedHash, j, STREAMS.defects, DEFECT_BASE.usage + calendar.usageDayIndex.get(row.day)!);
      defects.push(...injectDefects(row, `${row.customer_id}/${row.day}`, USAGE_DEFECTS, rates, rng, asOfDay));
    }
    return { rows, defects };
  };

  const range = (o: StreamOptions = {}): [number, number] => [Math.max(0, o.from ?? 0), Math.min(customers, o.to ?? customers)];

  function* crmRows(o: StreamOptions = {}): Generator<CrmCustomerRow> {
    const [from, to] = range(o);
    for (let j = from; j < to; j += 1) {
      const { row, defects, copies } = crmRecordOf(j);
      if (o.onDefect) for (const e of defects) o.onDefect(e);
      for (let c = 0; c < copies; c += 1) yield { ...row };
    }
  }

  function* crmChunks(o: StreamOptions): Generator<Buffer> {
    let lines: string[] = [csvLine(CRM_COLUMNS)];
    for (const row of crmRows(o)) {
      lines.push(csvLine(CRM_COLUMNS.map((c) => row[c])));
      if (lines.length >= CSV_BATCH) {
        yield Buffer.from(lines.join('\n') + '\n');
        lines = [];
      }
    }
    if (lines.length > 0) yield Buffer.from(lines.join('\n') + '\n');
  }

  function* usageRows(o: StreamOptions = {}): Generator<UsageRow> {
    const [from, to] = range(o);
    for (let j = from; j < to; j += 1) {
      const { rows, defects } = usageRecordsOf(j);
      if (o.onDefect) for (const e of defects) o.onDefect(e);
      yield* rows;
    }
  }

  const collections = {
    billing_invoices: blockCollection('billing_invoices', customers, INVOICE_SLOTS, invoiceBlock),
    support_tickets: blockCollection('support_tickets', customers, TICKET_SLOTS, ticketBlock),
    cancellations: blockCollection('cancellations', customers, CANCELLATION_SLOTS, cancellationBlock),
  };

  function* ledger(): Generator<DefectEntry> {
    for (let j = 0; j < customers; j += 1) yield* crmRecordOf(j).defects;
    for (const collection of Object.values(collections)) {
      for (let i = 0; i < collection.size; i += 1) yield* collection.defectsAt(i);
    }
    for (let j = 0; j < customers; j += 1) yield* usageRecordsOf(j).defects;
  }

  return {
    options: resolved,
    customerAt(j) {
      checkIndex(j);
      return { ...profileOf(j) };
    },
    collections,
    crmCsv: (o = {}) => Readable.from(crmChunks(o), { objectMode: false }),
    crmRows,
    usageRows,
    ledger,
  };
}
