/**
 * What the preparer reads of the sample company's validated sources. The category values are not here: they
 * travel with the data, as the enums of each source's schema.json (published by the validator from its suites).
 * The field lists stay: they are what the preparations read, checked against the published schema before a
 * record is read and on every record, so a suite that drops a field fails the stage by name instead of
 * preparing nulls. A test checks they agree with the generator's records.
 */

/** Sources the preparer knows; any other validated source is ignored. */
export const COMPANY_SOURCES = ['crm_customers', 'billing_invoices', 'support_tickets', 'cancellations', 'product_usage'] as const;

export type CompanySource = (typeof COMPANY_SOURCES)[number];

/** Fields of each source's typed record (validated/source=<s>/run=<r>/valid.ndjson), in source order. */
export const COMPANY_SOURCE_FIELDS: Readonly<Record<CompanySource, readonly string[]>> = {
  crm_customers: [
    'customer_id', 'signup_date', 'gender', 'birth_year', 'region', 'city', 'plan', 'contract', 'payment_method',
    'paperless_billing', 'internet_service', 'phone_service', 'streaming', 'tech_support', 'monthly_fee', 'email', 'updated_at',
  ],
  billing_invoices: [
    'invoice_id', 'customer_id', 'period', 'amount', 'currency', 'issued_date', 'due_date', 'paid_date', 'status',
    'payment_method', 'updated_at',
  ],
  support_tickets: ['ticket_id', 'customer_id', 'opened_at', 'closed_at', 'category', 'priority', 'status', 'satisfaction', 'updated_at'],
  cancellations: ['customer_id', 'cancelled_at', 'reason', 'channel', 'updated_at'],
  product_usage: ['customer_id', 'day', 'sessions', 'minutes', 'data_mb', 'features_used', 'updated_at'],
};
