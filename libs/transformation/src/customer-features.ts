/** A prepared dataset row: numbers by column name (ids and dates as strings). */
export type PreparedRow = Record<string, string | number | null>;

/** One engineered feature: its metadata, where it comes from and how it is computed. */
export interface FeatureDefinition {
  name: string;
  /** Column of the customer_features table. */
  column: string;
  type: 'float' | 'int';
  description: string;
  sources: string[];
  derive(row: PreparedRow): number;
}

const num = (row: PreparedRow, column: string): number => {
  const value = Number(row[column] ?? 0);
  return Number.isFinite(value) ? value : 0;
};

/**
 * The customer feature view, version 1. Each feature is computed from one
 * prepared (imputed, encoded, unscaled) row; scaling happens inside the model.
 */
export const customerFeatures: FeatureDefinition[] = [
  {
    name: 'tenure_months',
    column: 'tenure_months',
    type: 'float',
    description: 'Months since the customer signed up',
    sources: ['tenure_months'],
    derive: (r) => num(r, 'tenure_months'),
  },
  {
    name: 'monthly_charges',
    column: 'monthly_charges',
    type: 'float',
    description: 'Current monthly fee',
    sources: ['monthly_charges'],
    derive: (r) => num(r, 'monthly_charges'),
  },
  {
    name: 'total_charges',
    column: 'total_charges',
    type: 'float',
    description: 'Total billed over the whole tenure (total spend)',
    sources: ['total_charges'],
    derive: (r) => num(r, 'total_charges'),
  },
  {
    name: 'avg_monthly_spend',
    column: 'avg_monthly_spend',
    type: 'float',
    description: 'Total charges divided by tenure (months, at least 1)',
    sources: ['total_charges', 'tenure_months'],
    derive: (r) => num(r, 'total_charges') / Math.max(num(r, 'tenure_months'), 1),
  },
  {
    name: 'charge_increase_ratio',
    column: 'charge_increase_ratio',
    type: 'float',
    description: 'Relative change of the monthly fee over the last year (0.1 = +10 %)',
    sources: ['monthly_charges', 'previous_monthly_charges'],
    derive: (r) => {
      const before = num(r, 'previous_monthly_charges');
      return before > 0 ? num(r, 'monthly_charges') / before - 1 : 0;
    },
  },
  {
    name: 'services_count',
    column: 'services_count',
    type: 'int',
    description: 'Services subscribed: phone, internet, streaming, tech support',
    sources: ['phone_service', 'internet_service', 'streaming', 'tech_support'],
    derive: (r) =>
      num(r, 'phone_service') + (num(r, 'internet_service__no') === 1 ? 0 : 1) + num(r, 'streaming') + num(r, 'tech_support'),
  },
  {
    name: 'is_month_to_month',
    column: 'is_month_to_month',
    type: 'int',
    description: '1 when the contract is month-to-month',
    sources: ['contract'],
    derive: (r) => num(r, 'contract__month_to_month'),
  },
  {
    name: 'has_fiber',
    column: 'has_fiber',
    type: 'int',
    description: '1 when the internet service is fiber optic',
    sources: ['internet_service'],
    derive: (r) => num(r, 'internet_service__fiber_optic'),
  },
  {
    name: 'is_auto_pay',
    column: 'is_auto_pay',
    type: 'int',
    description: '1 when the customer pays by automatic bank transfer or credit card',
    sources: ['payment_method'],
    derive: (r) => Math.min(1, num(r, 'payment_method__bank_transfer_automatic') + num(r, 'payment_method__credit_card_automatic')),
  },
  {
    name: 'support_calls_per_year',
    column: 'support_calls_per_year',
    type: 'float',
    description: 'Support calls over the last 12 months',
    sources: ['support_calls_12m'],
    derive: (r) => num(r, 'support_calls_12m'),
  },
];

export const CUSTOMER_FEATURE_VIEW = 'customer_features';
export const CUSTOMER_ENTITY = 'customer_id';
