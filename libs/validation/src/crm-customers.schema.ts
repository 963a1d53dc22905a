import type { FromSchema } from 'json-schema-to-ts';

const yesNo = { type: ['string', 'null'], enum: ['Yes', 'No', null] } as const;
const money = { type: ['number', 'null'], minimum: 0 } as const;

/**
 * JSON Schema (draft-07) of one TYPED `crm_customers` record: numbers as numbers,
 * an empty CSV cell as `null`. Every column is present; only `customer_id`,
 * `tenure_months` and `churn` may not be null (the preparer imputes the rest).
 */
export const crmCustomersSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://churn.platform/schemas/crm_customers.json',
  title: 'crm_customers record',
  type: 'object',
  additionalProperties: false,
  required: [
    'customer_id', 'signup_date', 'gender', 'senior_citizen', 'partner', 'dependents', 'tenure_months',
    'contract', 'payment_method', 'paperless_billing', 'internet_service', 'phone_service', 'streaming',
    'tech_support', 'monthly_charges', 'total_charges', 'support_calls_12m', 'previous_monthly_charges', 'churn',
  ],
  properties: {
    // Ids grow past six digits once an export exceeds 999,999 customers.
    customer_id: { type: 'string', pattern: '^C[0-9]{6,}$' },
    signup_date: { type: ['string', 'null'], format: 'date' },
    gender: { type: ['string', 'null'], enum: ['Female', 'Male', null] },
    senior_citizen: { type: ['integer', 'null'], enum: [0, 1, null] },
    partner: yesNo,
    dependents: yesNo,
    tenure_months: { type: 'integer', minimum: 0, maximum: 600 },
    contract: { type: ['string', 'null'], enum: ['Month-to-month', 'One year', 'Two year', null] },
    payment_method: {
      type: ['string', 'null'],
      enum: ['Electronic check', 'Mailed check', 'Bank transfer (automatic)', 'Credit card (automatic)', null],
    },
    paperless_billing: yesNo,
    internet_service: { type: ['string', 'null'], enum: ['DSL', 'Fiber optic', 'No', null] },
    phone_service: yesNo,
    streaming: yesNo,
    tech_support: yesNo,
    monthly_charges: money,
    total_charges: money,
    support_calls_12m: { type: ['integer', 'null'], minimum: 0 },
    previous_monthly_charges: money,
    churn: { type: 'string', enum: ['Yes', 'No'] },
  },
} as const;

/** One validated `crm_customers` record. */
export type CrmCustomerRecord = FromSchema<typeof crmCustomersSchema>;
