import { PlatformError } from '@churn/core';
import { BILLING_INVOICE_COLUMNS, billingInvoicesSchema } from './billing-invoices.schema';
import { CANCELLATION_COLUMNS, cancellationsSchema } from './cancellations.schema';
import { COMPANY_CRM_COLUMNS, companyCrmCustomersSchema } from './crm-customers.schema';
import { PRODUCT_USAGE_COLUMNS, productUsageSchema } from './product-usage.schema';
import { boundsOf } from './schema-parts';
import type { RecordSchema, SourceSchema } from './source-schema';
import { SUPPORT_TICKET_COLUMNS, supportTicketsSchema } from './support-tickets.schema';

/** Names of the sample company's sources: the sources with an expectation suite. */
export type CompanySourceName = 'crm_customers' | 'billing_invoices' | 'support_tickets' | 'cancellations' | 'product_usage';

/** Options of {@link createCompanySourceSchemas}. */
export interface CompanySchemaOptions {
  /** `yyyy-mm-dd`: events after this day are out of range. Default 2026-10-31 (the sample company's default). */
  asOf?: string;
}

const entry = (source: CompanySourceName, schema: unknown, columns: readonly string[], keyColumns: readonly string[]): SourceSchema => ({
  source,
  schema: schema as RecordSchema,
  columns,
  keyColumns,
});

/**
 * The validator's registry: the five sources of the sample company, with date
 * bounds taken from `asOf`. A source that is not here has no expectation suite.
 * Throws CHURN_VALIDATION_INVALID_OPTIONS on a malformed `asOf`.
 */
export function createCompanySourceSchemas(options: CompanySchemaOptions = {}): Record<CompanySourceName, SourceSchema> {
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

/** The schema of `source` in a registry, or undefined when the source has no expectation suite. */
export function schemaOf(schemas: Readonly<Record<string, SourceSchema>>, source: string): SourceSchema | undefined {
  return Object.prototype.hasOwnProperty.call(schemas, source) ? schemas[source] : undefined;
}
