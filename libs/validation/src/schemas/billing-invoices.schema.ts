import { COMPANY_ENUMS as E } from './enums';
import { customerIdField, day, enumOf, numberIn, type SchemaBounds, updatedAtField } from './schema-parts';

/** Fields of a billing_invoices record, in API order. */
export const BILLING_INVOICE_COLUMNS = [
  'invoice_id', 'customer_id', 'period', 'amount', 'currency', 'issued_date', 'due_date', 'paid_date', 'status',
  'payment_method', 'updated_at',
] as const;

/**
 * Typed billing_invoices record. An invoice is a financial document: all but
 * paid_date (null while unpaid) and payment_method are required.
 */
export function billingInvoicesSchema(b: SchemaBounds) {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://churn.platform/schemas/company/billing_invoices.json',
    title: 'billing_invoices record',
    type: 'object',
    additionalProperties: false,
    required: [...BILLING_INVOICE_COLUMNS],
    properties: {
      invoice_id: { type: 'string', pattern: '^INV-[0-9]{7,}-[0-9]{6}$' },
      customer_id: customerIdField,
      period: { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' },
      // Zero or negative amounts are credit notes, which this feed does not carry.
      amount: numberIn('number', false, 0, 5000, true),
      currency: enumOf(E.currency, false),
      issued_date: day(false, b.minDay, b.maxDay),
      // Due two weeks after issue, so it may lie after the as-of date.
      due_date: day(false, b.minDay),
      paid_date: day(true, b.minDay, b.maxDay),
      status: enumOf(E.invoice_status, false),
      payment_method: enumOf(E.payment_method),
      updated_at: updatedAtField(b),
    },
  } as const;
}
