// Test fixtures only (not exported from index.ts): prepared datasets as the preparer writes them.
import { toCsv } from '@churn/lineage';
import { createSampleCompany, type RecordCollection } from '@churn/sample-data';
import type { ObjectStore } from '@churn/storage';
import type { DatasetName, DatasetRecord } from './prepared-datasets';

export type PreparedRecords = Record<DatasetName, DatasetRecord[]>;

const yes = (v: string): number => (v === 'Yes' ? 1 : 0);
const oneHot = (value: string, categories: Record<string, string>, prefix: string) =>
  Object.fromEntries(Object.entries(categories).map(([suffix, category]) => [`${prefix}__${suffix}`, value === category ? 1 : 0]));

function collect<T extends Record<string, unknown>>(collection: RecordCollection<T>): DatasetRecord[] {
  const out: DatasetRecord[] = [];
  for (let i = 0; i < collection.size; i += 1) {
    const record = collection.get(i);
    if (record) out.push(record as unknown as DatasetRecord);
  }
  return out;
}

/**
 * The five prepared datasets of a clean sample company (no injected defects),
 * with the columns the preparer writes: one-hot and 0/1 encodings for the CRM,
 * the other sources as they are.
 */
export function sampleCompanyDatasets(options: { customers: number; seed?: number; asOf?: string }): PreparedRecords {
  const company = createSampleCompany({
    ...options,
    defects: { missing: 0, duplicate: 0, malformedDate: 0, malformedNumber: 0, outlier: 0, unknownCategory: 0, lateArriving: 0 },
  });
  const customers = [...company.crmRows()].map((row) => ({
    customer_id: row.customer_id,
    signup_date: row.signup_date,
    monthly_fee: Number(row.monthly_fee),
    birth_year: Number(row.birth_year),
    ...oneHot(row.contract, { month_to_month: 'Month-to-month', one_year: 'One year', two_year: 'Two year' }, 'contract'),
    ...oneHot(row.internet_service, { fiber_optic: 'Fiber optic', dsl: 'DSL', no: 'No' }, 'internet_service'),
    ...oneHot(
      row.payment_method,
      {
        electronic_check: 'Electronic check',
        bank_transfer_automatic: 'Bank transfer (automatic)',
        credit_card_automatic: 'Credit card (automatic)',
        mailed_check: 'Mailed check',
      },
      'payment_method',
    ),
    paperless_billing: yes(row.paperless_billing),
    phone_service: yes(row.phone_service),
    streaming: yes(row.streaming),
    tech_support: yes(row.tech_support),
  }));
  return {
    customers,
    cancellations: collect(company.collections.cancellations),
    billing_invoices: collect(company.collections.billing_invoices),
    support_tickets: collect(company.collections.support_tickets),
    product_usage: [...company.usageRows()] as unknown as DatasetRecord[],
  };
}

/** Writes records as a prepared CSV (header from the first record, or `columns`); returns its object ref. */
export async function putDatasetCsv(storage: ObjectStore, key: string, records: DatasetRecord[], columns?: string[]) {
  const header = columns ?? Object.keys(records[0] ?? {});
  const stored = await storage.put(key, toCsv(header, records), { contentType: 'text/csv' });
  return { key, sha256: stored.sha256, bytes: stored.bytes };
}
