import { prepareDataset, preparedColumns } from './apply-preparation';
import { customersSpecWith } from './customers-spec';
import { fitPreparation } from './fit-preparation';
import type { InputRecord, PreparationParams, PreparedRow } from './preparation-types';
import type { DescribeColumn } from './summary-stats';
import { isMissing, toCategory } from './value-coding';

/** The `customers` dataset: one row per customer, prepared with the customers spec and the declared categories. */
export interface PreparedCustomers {
  params: PreparationParams;
  columns: string[];
  rows: PreparedRow[];
  summaryColumns: DescribeColumn[];
}

/**
 * Fits and applies the customers preparation, one-hot encoding over `categories` (column -> declared values,
 * see declaredCategories). Held in memory: one row per customer is small next to
 * the event sources, and the z-scores need the fitted means before any row can be written.
 */
export function prepareCustomers(records: readonly InputRecord[], categories: Record<string, string[]>): PreparedCustomers {
  const params = fitPreparation(records, customersSpecWith(categories));
  const { rows } = prepareDataset(records, params);
  const columns = preparedColumns(params);
  const { spec } = params;
  const text = new Set<string>([spec.idColumn, ...spec.passthrough, ...spec.categorical]);
  const summaryColumns: DescribeColumn[] = columns
    .filter((c) => c !== spec.idColumn && !spec.passthrough.includes(c))
    .map((name) => ({ name, kind: text.has(name) ? 'categorical' : 'numeric' }));
  return { params, columns, rows, summaryColumns };
}

/** Customer id -> the payment method the CRM records (customers without one are left out). */
export function crmPaymentMethods(records: readonly InputRecord[]): Map<string, string> {
  const methods = new Map<string, string>();
  for (const r of records) {
    const method = r['payment_method'];
    if (!isMissing(method) && !isMissing(r['customer_id'])) methods.set(String(r['customer_id']), toCategory(method));
  }
  return methods;
}
