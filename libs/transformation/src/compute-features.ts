import type { FeatureRow } from '@churn/feature-store';
import { PointInTimeAccumulators, type InvoiceFact, type TicketFact, type UsageFact } from './accumulators';
import { DAY_MS, isoOfDay, parseDay, parseTimestampMs, type EpochDay } from './calendar';
import { addCancellations, churnsWithin, isActiveAt, readCustomers, type CustomerTable } from './customer-table';
import { customerFeatures, type CustomerSnapshot, type FeatureDefinition } from './customer-features';
import { transformationErrors } from './errors';
import { allTimes, type ObservationTimes } from './observation-times';
import { CUSTOMER_ATTRIBUTES, type CustomerAttribute, type DatasetName, type DatasetRecord } from './prepared-datasets';

type Records = AsyncIterable<DatasetRecord> | Iterable<DatasetRecord>;

/** How the rows of one dataset were used. */
export interface ReadCounts {
  rows: number;
  /** Rows naming no customer of the customers dataset. */
  unknownCustomer: number;
  /** Rows whose event time (or another needed value) could not be read. */
  badValue: number;
}

/** A training row's entity, observation time and label. */
export interface LabelRow {
  customerId: string;
  eventTimestamp: Date;
  churned: 0 | 1;
}

/** The computed feature set of one run: rows on demand (never all in memory), labels and counts. */
export interface PointInTimeFeatures {
  times: ObservationTimes;
  features: FeatureDefinition[];
  customers: CustomerTable;
  reads: Record<DatasetName, ReadCounts>;
  /** Population (rows) and churners within the horizon (positives; 0 for the serving time) at each time, oldest first. */
  snapshots: Array<{ timestamp: string; rows: number; positives: number; role: 'training' | 'serving' }>;
  /** Feature rows of the population at one observation time, in customer order. */
  rowsAt(day: EpochDay): Generator<FeatureRow>;
  /** Every feature row: training times oldest first, then the serving time. */
  rows(): Generator<FeatureRow>;
  /** Labels of the training rows, in the order of rows(). */
  labels(): Generator<LabelRow>;
}

const invoiceOf = (r: DatasetRecord): InvoiceFact | null => {
  const issued = parseDay(r.issued_date);
  const due = parseDay(r.due_date);
  const paid = r.paid_date === null ? null : parseDay(r.paid_date);
  if (issued === null || due === null || (r.paid_date !== null && paid === null)) return null;
  const amount = typeof r.amount === 'number' ? r.amount : null;
  return { issued, due, paid, amount };
};

const ticketOf = (r: DatasetRecord): TicketFact | null => {
  const openedMs = parseTimestampMs(r.opened_at);
  const closedMs = r.closed_at === null ? null : parseTimestampMs(r.closed_at);
  if (openedMs === null || (r.closed_at !== null && closedMs === null)) return null;
  const s = r.satisfaction;
  return { openedMs, closedMs, satisfaction: typeof s === 'number' && s >= 1 && s <= 5 ? s : null };
};

const usageOf = (r: DatasetRecord): UsageFact | null => {
  const day = parseDay(r.day);
  if (day === null) return null;
  return { day, minutes: typeof r.minutes === 'number' && r.minutes > 0 ? r.minutes : 0 };
};

async function accumulate<F>(
  records: Records,
  customers: CustomerTable,
  read: (record: DatasetRecord) => F | null,
  add: (customer: number, fact: F) => void,
): Promise<ReadCounts> {
  const counts: ReadCounts = { rows: 0, unknownCustomer: 0, badValue: 0 };
  for await (const record of records) {
    counts.rows += 1;
    const c = customers.indexOf.get(String(record.customer_id ?? '').trim());
    if (c === undefined) {
      counts.unknownCustomer += 1;
      continue;
    }
    const fact = read(record);
    if (fact === null) counts.badValue += 1;
    else add(c, fact);
  }
  return counts;
}

/**
 * Computes the customer features at every observation time of a run in one
 * streaming pass per prepared dataset (customers first, then cancellations,
 * billing, tickets and usage). Rows whose event time cannot be read are left
 * out and counted, never guessed. Throws CHURN_TRANSFORMATION_EMPTY_POPULATION
 * when nobody is a customer at the serving time.
 */
export async function computePointInTimeFeatures(
  sources: Record<DatasetName, Records>,
  times: ObservationTimes,
  features: FeatureDefinition[] = customerFeatures,
): Promise<PointInTimeFeatures> {
  const customers = await readCustomers(sources.customers);
  const cancellations = await addCancellations(customers, sources.cancellations);
  const days = allTimes(times);
  const acc = new PointInTimeAccumulators(customers.ids.length, days);
  const reads: Record<DatasetName, ReadCounts> = {
    customers: { rows: customers.rowsRead, unknownCustomer: 0, badValue: customers.skipped.noId + customers.skipped.badSignupDate },
    cancellations: { rows: cancellations.rows, unknownCustomer: cancellations.unknownCustomer, badValue: cancellations.badDate },
    billing_invoices: await accumulate(sources.billing_invoices, customers, invoiceOf, (c, f) => acc.addInvoice(c, f)),
    support_tickets: await accumulate(sources.support_tickets, customers, ticketOf, (c, f) => acc.addTicket(c, f)),
    product_usage: await accumulate(sources.product_usage, customers, usageOf, (c, f) => acc.addUsage(c, f)),
  };

  const snapshots = days.map((day) => {
    let rows = 0;
    let positives = 0;
    const training = day !== times.serving;
    for (let c = 0; c < customers.ids.length; c += 1) {
      if (!isActiveAt(customers, c, day)) continue;
      rows += 1;
      if (training) positives += churnsWithin(customers, c, day, times.horizonDays);
    }
    return { timestamp: isoOfDay(day), rows, positives, role: training ? ('training' as const) : ('serving' as const) };
  });
  if (snapshots.at(-1)!.rows === 0) throw transformationErrors.emptyPopulation(times.asOf);

  function* rowsAt(day: EpochDay): Generator<FeatureRow> {
    const timeIndex = days.indexOf(day);
    if (timeIndex < 0) throw transformationErrors.invalidOptions(`${isoOfDay(day)} is not an observation time of this run`, { day });
    const eventTimestamp = new Date(day * DAY_MS);
    for (let c = 0; c < customers.ids.length; c += 1) {
      if (!isActiveAt(customers, c, day)) continue;
      const snapshot: CustomerSnapshot = {
        customerId: customers.ids[c]!,
        day,
        tenureDays: day - customers.signupDay[c]!,
        crm: Object.fromEntries(CUSTOMER_ATTRIBUTES.map((a) => [a, customers.attributes[a][c]!])) as Record<CustomerAttribute, number>,
        ...acc.factsAt(c, timeIndex),
      };
      const values: Record<string, number> = {};
      for (const feature of features) {
        const value = feature.derive(snapshot);
        // The offline store's columns are NOT NULL numbers: a NaN here is a bug, never data to store.
        if (!Number.isFinite(value) || (feature.type === 'int' && !Number.isInteger(value))) {
          throw transformationErrors.invalidFeature(feature.name, snapshot.customerId, eventTimestamp.toISOString(), value);
        }
        values[feature.column] = value;
      }
      yield { customerId: snapshot.customerId, eventTimestamp, values };
    }
  }

  return {
    times,
    features,
    customers,
    reads,
    snapshots,
    rowsAt,
    *rows() {
      for (const day of days) yield* rowsAt(day);
    },
    *labels() {
      for (const day of times.training) {
        const eventTimestamp = new Date(day * DAY_MS);
        for (let c = 0; c < customers.ids.length; c += 1) {
          if (isActiveAt(customers, c, day)) {
            yield { customerId: customers.ids[c]!, eventTimestamp, churned: churnsWithin(customers, c, day, times.horizonDays) };
          }
        }
      }
    },
  };
}
