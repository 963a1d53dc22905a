import { COMPANY_ENUMS as E } from './enums';
import { customerIdField, day, enumOf, numberIn, type SchemaBounds, updatedAtField } from './schema-parts';

/** Header of the company's crm_customers.csv, in order. */
export const COMPANY_CRM_COLUMNS = [
  'customer_id', 'signup_date', 'gender', 'birth_year', 'region', 'city', 'plan', 'contract', 'payment_method',
  'paperless_billing', 'internet_service', 'phone_service', 'streaming', 'tech_support', 'monthly_fee', 'email', 'updated_at',
] as const;

/**
 * Typed crm_customers record of the sample company. Only the id, the signup
 * date (tenure derives from it) and updated_at are required; the attributes
 * may be null, the preparer imputes them.
 */
export function companyCrmCustomersSchema(b: SchemaBounds) {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://churn.platform/schemas/company/crm_customers.json',
    title: 'crm_customers record (sample company)',
    type: 'object',
    additionalProperties: false,
    required: [...COMPANY_CRM_COLUMNS],
    properties: {
      customer_id: customerIdField,
      signup_date: day(false, b.minDay, b.maxDay),
      gender: enumOf(E.gender),
      birth_year: numberIn('integer', true, 1900, b.maxBirthYear),
      region: enumOf(E.region),
      city: { type: ['string', 'null'], minLength: 1 },
      plan: enumOf(E.plan),
      contract: enumOf(E.contract),
      payment_method: enumOf(E.payment_method),
      paperless_billing: enumOf(E.yes_no),
      internet_service: enumOf(E.internet_service),
      phone_service: enumOf(E.yes_no),
      streaming: enumOf(E.yes_no),
      tech_support: enumOf(E.yes_no),
      // A fee of 0 is no customer of a paid service; the cheapest plan costs ~10 EUR.
      monthly_fee: numberIn('number', true, 0, 500, true),
      email: { type: ['string', 'null'], format: 'email' },
      updated_at: updatedAtField(b),
    },
  } as const;
}
