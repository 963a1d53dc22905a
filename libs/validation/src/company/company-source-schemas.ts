import { PlatformError } from '@churn/core';
import type { RecordSchema, SourceSchema } from '../source-schemas';
import { BILLING_INVOICE_COLUMNS, billingInvoicesSchema } from './billing-invoices.schema';
import { CANCELLATION_COLUMNS, cancellationsSchema } from './cancellations.schema';
import { COMPANY_CRM_COLUMNS, companyCrmCustomersSchema } from './crm-customers.schema';
import { PRODUCT_USAGE_COLUMNS, productUsageSchema } from './product-usage.schema';
import { boundsOf } from './schema-parts';
import { SUPPORT_TICKET_COLUMNS, supportTicketsSchema } from './support-tickets.schema';

/** A {@link SourceSchema} that knows its source name and its (possibly composite) key. */
export interface CompanySourceSchema extends SourceSchema {
  source: string;
  /** Key columns; the record key is their values joined with '/'. `key` is the first of them. */
  keyColumns: readonly string[];
}

/** Names of the sample company's sources. */
export type CompanySourceName = 'crm_customers' | 'billing_invoices' | 'support_tickets' | 'cancellations' | 'product_usage';

/** Options of {@link createCompanySourceSchemas}. */
export interface CompanySchemaOptions {
  /** `yyyy-mm-dd`: events after this day are out of range. Default 2026-10-31 (the sample company's default). */
  asOf?: string;
}

const entry = (source: string, schema: unknown, columns: readonly string[], keyColumns: readonly string[]): CompanySourceSchema => ({
  source,
  schema: schema as RecordSchema,
  key: keyColumns[0]!,
  keyColumns,
  columns,
});

/** The five sources of the sample company, with date bounds taken from `asOf`. Throws CHURN_VALIDATION_INVALID_OPTIONS. */
export function createCompanySourceSchemas(options: CompanySchemaOptions = {}): Record<CompanySourceName, CompanySourceSchema> {
  const asOf = options.asOf ?? '2026-10-31';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) {
    throw new PlatformError('CHURN_VALIDATION_INVALID_OPTIONS', `asOf "${asOf}" is not a yyyy-mm-dd date`, { retriable: false });
  }
  const b = boundsOf(asOf);
  return {
    crm_customers: entry('crm_customers', companyCrmCustomersSchema(b), COMPANY_CRM_COLUMNS, ['customer_id']),
    billing_invoices: entry('billing_invoices', billingInvoicesSchema(b), BILLING_INVOICE_COLUMNS, ['invoice_id']),
    support_tickets: entry('support_tickets', supportTicketsSchema(b), SUPPORT_TICKET_COLUMNS, ['ticket_id']),
    cancellations: entry('cancellations', cancellationsSchema(b), CANCELLATION_COLUMNS, ['customer_id']),
    product_usage: entry('product_usage', productUsageSchema(b), PRODUCT_USAGE_COLUMNS, ['customer_id', 'day']),
  };
}

/** The registry for the sample company's default as-of date (2026-10-31). */
export const companySourceSchemas: Record<CompanySourceName, CompanySourceSchema> = createCompanySourceSchemas();

/** The key of a record: its key columns' values joined with '/'; undefined when one is not a non-empty string. */
export function recordKey(def: Pick<CompanySourceSchema, 'keyColumns'>, record: Record<string, unknown>): string | undefined {
  const parts: string[] = [];
  for (const column of def.keyColumns) {
    const v = record[column];
    if (typeof v !== 'string' || v === '') return undefined;
    parts.push(v);
  }
  return parts.join('/');
}
