import { COMPANY_CATEGORIES as C } from './company-sources';
import type { PreparationSpec } from './preparation-types';

/**
 * Preparation of the company's `crm_customers` into the `customers` dataset. No label: churn is
 * derived from cancellations by the transformer. One-hot columns cover every category of the source
 * contract, seen or not, so the dataset's columns never depend on the data.
 */
export const customersPreparationSpec: PreparationSpec = {
  idColumn: 'customer_id',
  numeric: ['monthly_fee', 'birth_year'],
  categorical: ['gender', 'region', 'plan', 'contract', 'payment_method', 'internet_service'],
  binary: ['paperless_billing', 'phone_service', 'streaming', 'tech_support'],
  passthrough: ['signup_date'],
  categories: {
    gender: [...C.gender],
    region: [...C.region],
    plan: [...C.plan],
    contract: [...C.contract],
    payment_method: [...C.payment_method],
    internet_service: [...C.internet_service],
  },
  keepCategoryText: true,
};
