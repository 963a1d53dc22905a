/**
 * What the preparer expects of the sample company's validated sources: the
 * fields of each typed record and the category values. Kept literal here
 * (the stage must not depend on the validator or the generator); a test
 * checks they agree with the generator's source contract.
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

/** Category values per field, as the source contract defines them. */
export const COMPANY_CATEGORIES = {
  gender: ['Female', 'Male'],
  region: ['north', 'south', 'east', 'west', 'central'],
  plan: ['basic', 'standard', 'premium'],
  contract: ['Month-to-month', 'One year', 'Two year'],
  payment_method: ['Electronic check', 'Mailed check', 'Bank transfer (automatic)', 'Credit card (automatic)'],
  yes_no: ['Yes', 'No'],
  internet_service: ['DSL', 'Fiber optic', 'No'],
  invoice_status: ['paid', 'late', 'failed'],
  ticket_category: ['billing', 'technical', 'account', 'cancellation', 'other'],
  ticket_priority: ['low', 'normal', 'high'],
  ticket_status: ['open', 'resolved', 'closed'],
  cancellation_reason: ['price', 'service', 'competitor', 'moved', 'other'],
  cancellation_channel: ['phone', 'web', 'store'],
} as const;
