import { parseDay, type EpochDay } from './calendar';
import { CUSTOMER_ATTRIBUTES, type CustomerAttribute, type DatasetRecord } from './prepared-datasets';

/** The customers of a run: who they are, since when, until when, and their current (CRM) attributes. */
export interface CustomerTable {
  ids: string[];
  indexOf: Map<string, number>;
  signupDay: EpochDay[];
  /** Earliest cancellation day; Infinity for customers who stay. */
  cancelDay: Float64Array;
  attributes: Record<CustomerAttribute, number[]>;
  rowsRead: number;
  /** Rows left out: no id, no readable signup date, or an id seen before. */
  skipped: { noId: number; badSignupDate: number; duplicate: number };
}

const idOf = (record: DatasetRecord): string | null => {
  const id = record.customer_id;
  return id === null || id === undefined || String(id).trim() === '' ? null : String(id).trim();
};

/** Reads the customers dataset; the first row of an id wins (the preparer already deduplicates). */
export async function readCustomers(records: AsyncIterable<DatasetRecord> | Iterable<DatasetRecord>): Promise<CustomerTable> {
  const table: CustomerTable = {
    ids: [],
    indexOf: new Map(),
    signupDay: [],
    cancelDay: new Float64Array(0),
    attributes: Object.fromEntries(CUSTOMER_ATTRIBUTES.map((a) => [a, []])) as unknown as Record<CustomerAttribute, number[]>,
    rowsRead: 0,
    skipped: { noId: 0, badSignupDate: 0, duplicate: 0 },
  };
  for await (const record of records) {
    table.rowsRead += 1;
    const id = idOf(record);
    if (id === null) {
      table.skipped.noId += 1;
      continue;
    }
    const signup = parseDay(record.signup_date);
    if (signup === null) {
      table.skipped.badSignupDate += 1;
      continue;
    }
    if (table.indexOf.has(id)) {
      table.skipped.duplicate += 1;
      continue;
    }
    table.indexOf.set(id, table.ids.length);
    table.ids.push(id);
    table.signupDay.push(signup);
    for (const attribute of CUSTOMER_ATTRIBUTES) {
      const value = record[attribute];
      table.attributes[attribute].push(typeof value === 'number' && Number.isFinite(value) ? value : 0);
    }
  }
  table.cancelDay = new Float64Array(table.ids.length).fill(Infinity);
  return table;
}

/** Adds the cancellations (earliest date per customer); returns how many rows named no known customer or no readable date. */
export async function addCancellations(
  table: CustomerTable,
  records: AsyncIterable<DatasetRecord> | Iterable<DatasetRecord>,
): Promise<{ rows: number; unknownCustomer: number; badDate: number }> {
  const counts = { rows: 0, unknownCustomer: 0, badDate: 0 };
  for await (const record of records) {
    counts.rows += 1;
    const c = table.indexOf.get(idOf(record) ?? '');
    if (c === undefined) {
      counts.unknownCustomer += 1;
      continue;
    }
    const day = parseDay(record.cancelled_at);
    if (day === null) {
      counts.badDate += 1;
      continue;
    }
    if (day < table.cancelDay[c]!) table.cancelDay[c] = day;
  }
  return counts;
}

/** In the population at T: signed up before T and not cancelled before T. */
export function isActiveAt(table: CustomerTable, c: number, day: EpochDay): boolean {
  return table.signupDay[c]! < day && table.cancelDay[c]! >= day;
}

/** Training label at T: the customer cancels within [T, T + horizonDays). */
export function churnsWithin(table: CustomerTable, c: number, day: EpochDay, horizonDays: number): 0 | 1 {
  const cancel = table.cancelDay[c]!;
  return cancel >= day && cancel < day + horizonDays ? 1 : 0;
}
