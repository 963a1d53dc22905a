import { pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import type { EventPayload } from '@churn/contracts';
import type { ObjectStore } from '@churn/storage';
import { transformationErrors } from './errors';

/** A prepared dataset row as the transformer reads it: declared numeric columns as numbers, the rest as strings, empty cells null. */
export type DatasetRecord = Record<string, string | number | null>;

/** Numeric attributes of the customers dataset the features use (one-hot and 0/1 columns as the preparer writes them). */
export const CUSTOMER_ATTRIBUTES = [
  'monthly_fee',
  'contract__month_to_month',
  'contract__two_year',
  'internet_service__fiber_optic',
  'internet_service__no',
  'payment_method__electronic_check',
  'payment_method__bank_transfer_automatic',
  'payment_method__credit_card_automatic',
  'paperless_billing',
  'phone_service',
  'streaming',
  'tech_support',
] as const;

export type CustomerAttribute = (typeof CUSTOMER_ATTRIBUTES)[number];

/**
 * The prepared datasets the customer feature view is computed from, with the
 * columns it reads (other columns are ignored) and which of them are numbers.
 */
export const FEATURE_DATASETS = {
  customers: { required: ['customer_id', 'signup_date', ...CUSTOMER_ATTRIBUTES], numeric: [...CUSTOMER_ATTRIBUTES] },
  cancellations: { required: ['customer_id', 'cancelled_at'], numeric: [] },
  billing_invoices: { required: ['customer_id', 'amount', 'issued_date', 'due_date', 'paid_date'], numeric: ['amount'] },
  support_tickets: { required: ['customer_id', 'opened_at', 'closed_at', 'satisfaction'], numeric: ['satisfaction'] },
  product_usage: { required: ['customer_id', 'day', 'minutes'], numeric: ['minutes'] },
} as const satisfies Record<string, { required: readonly string[]; numeric: readonly string[] }>;

export type DatasetName = keyof typeof FEATURE_DATASETS;
export const DATASET_NAMES = Object.keys(FEATURE_DATASETS) as DatasetName[];

type PreparedDataset = EventPayload<'preparation.completed'>['datasets'][number];

/** Picks the datasets the view needs out of a preparation.completed payload; throws CHURN_TRANSFORMATION_DATASET_MISSING naming every absent one. */
export function selectDatasets(datasets: PreparedDataset[]): Record<DatasetName, PreparedDataset> {
  const byName = new Map(datasets.map((d) => [d.name, d]));
  const missing = DATASET_NAMES.filter((name) => !byName.has(name));
  if (missing.length > 0) throw transformationErrors.datasetMissing(missing, datasets.map((d) => d.name));
  return Object.fromEntries(DATASET_NAMES.map((name) => [name, byName.get(name)!])) as Record<DatasetName, PreparedDataset>;
}

/** A cell as the transformer reads it: empty (or absent) is null; a numeric column's cell that is no finite number is null. */
function cellValue(cell: string | undefined, isNumber: boolean): string | number | null {
  if (cell === undefined || cell === '') return null;
  if (!isNumber) return cell;
  const n = Number(cell);
  return cell.trim() !== '' && Number.isFinite(n) ? n : null;
}

/**
 * Streams the records of a prepared dataset (CSV with a header) from the lake,
 * one at a time, so even the daily usage table is never held whole. Throws
 * CHURN_TRANSFORMATION_DATASET_COLUMNS when the header lacks a needed column.
 * Cells of numeric columns that are not numbers come back as null.
 */
export async function* readDatasetRecords(storage: ObjectStore, key: string, dataset: DatasetName): AsyncGenerator<DatasetRecord> {
  const spec = FEATURE_DATASETS[dataset];
  const numeric = new Set<string>(spec.numeric);
  const source = await storage.get(key);
  // Rows as plain arrays, converted below: csv-parse's `cast` and `columns` options build a context object per
  // field and per record, which cost more than the parsing itself on the daily usage table.
  const parser = parse({ bom: true });
  pipeline(source, parser, () => undefined);
  try {
    let names: string[] | undefined;
    let isNumber: boolean[] = [];
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (!names) {
        names = cells.map((h) => h.trim());
        const missing = spec.required.filter((c) => !names!.includes(c));
        if (missing.length > 0) throw transformationErrors.columnsMissing(dataset, missing, names);
        isNumber = names.map((n) => numeric.has(n));
        continue;
      }
      const record: DatasetRecord = {};
      for (let i = 0; i < names.length; i += 1) record[names[i]!] = cellValue(cells[i], isNumber[i]!);
      yield record;
    }
  } finally {
    source.destroy();
  }
}
