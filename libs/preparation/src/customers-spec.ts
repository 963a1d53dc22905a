import type { PreparationSpec } from './preparation-types';

/**
 * Preparation of the company's `crm_customers` into the `customers` dataset. No label: churn is
 * derived from cancellations by the transformer. The one-hot categories are not written here: they are
 * the enums the validator declares for crm_customers (its schema.json), given per run to
 * {@link customersSpecWith}, so the columns cover every declared category, seen or not, in the declared order.
 */
export const customersPreparationSpec: PreparationSpec = {
  idColumn: 'customer_id',
  numeric: ['monthly_fee', 'birth_year'],
  categorical: ['gender', 'region', 'plan', 'contract', 'payment_method', 'internet_service'],
  binary: ['paperless_billing', 'phone_service', 'streaming', 'tech_support'],
  passthrough: ['signup_date'],
  keepCategoryText: true,
};

/** {@link customersPreparationSpec} with the declared categories of its categorical columns. */
export function customersSpecWith(categories: Record<string, string[]>): PreparationSpec {
  return { ...customersPreparationSpec, categories };
}
