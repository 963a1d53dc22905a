import type { PreparationSpec } from './preparation-types';

/** Preparation of `crm_customers`: `senior_citizen` is already 1/0 and goes through the binary path. */
export const crmPreparationSpec: PreparationSpec = {
  idColumn: 'customer_id',
  labelColumn: 'churn',
  numeric: ['tenure_months', 'monthly_charges', 'total_charges', 'support_calls_12m', 'previous_monthly_charges'],
  categorical: ['gender', 'contract', 'payment_method', 'internet_service'],
  binary: ['senior_citizen', 'partner', 'dependents', 'paperless_billing', 'phone_service', 'streaming', 'tech_support'],
  passthrough: ['signup_date'],
};
