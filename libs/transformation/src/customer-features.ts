import type { EpochDay } from './calendar';
import type { FactsAt } from './accumulators';
import type { CustomerAttribute } from './prepared-datasets';

/** Everything known about one customer at one observation time T: the input of every feature. */
export interface CustomerSnapshot extends FactsAt {
  customerId: string;
  /** The observation time T (its 00:00 UTC). */
  day: EpochDay;
  /** Days from signup to T (at least 1: the population signed up before T). */
  tenureDays: number;
  /** Current CRM attributes: the customers dataset is a snapshot without history. */
  crm: Record<CustomerAttribute, number>;
}

/** One engineered feature: its metadata (stored with every feature-set version) and how it is computed. */
export interface FeatureDefinition {
  name: string;
  /** Column of the customer_features table. */
  column: string;
  type: 'float' | 'int';
  description: string;
  /** `dataset.column` it reads. */
  sources: string[];
  /** The time span before T it looks at. */
  window: string;
  derive(snapshot: CustomerSnapshot): number;
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;
/** Prepared one-hot / yes-no columns are 0/1; anything else is read as "on" from 0.5. */
const flag = (x: number): 0 | 1 => (x >= 0.5 ? 1 : 0);

const AT_T = 'current at T';

/**
 * The customer feature view. Every feature is computed at an observation
 * time T from data with event time before T only; CRM attributes are the
 * current values (the CRM keeps no history). Values stay in natural units:
 * the model scales them. Column names match the customer_features table.
 */
export const customerFeatures: FeatureDefinition[] = [
  {
    name: 'tenure_months',
    column: 'tenure_months',
    type: 'float',
    description: 'Months from signup to T (30.44-day months)',
    sources: ['customers.signup_date'],
    window: 'since signup',
    derive: (s) => round(s.tenureDays / 30.44),
  },
  {
    name: 'monthly_fee',
    column: 'monthly_fee',
    type: 'float',
    description: 'Amount of the latest invoice issued before T; the CRM fee when none was issued yet',
    sources: ['billing_invoices.amount', 'billing_invoices.issued_date', 'customers.monthly_fee'],
    window: 'latest invoice',
    derive: (s) => round(s.billing.latestAmount ?? s.crm.monthly_fee),
  },
  {
    name: 'fee_change_pct_6m',
    column: 'fee_change_pct_6m',
    type: 'float',
    description: 'Change of the latest invoice amount over the latest one issued before T - 182 days, in percent (0 when unknown)',
    sources: ['billing_invoices.amount', 'billing_invoices.issued_date'],
    window: '182 days',
    derive: ({ billing: { latestAmount: now, amountHalfYearBefore: then } }) =>
      now !== null && then !== null && then > 0 ? round((now / then - 1) * 100) : 0,
  },
  {
    name: 'spend_180d',
    column: 'spend_180d',
    type: 'float',
    description: 'Total invoiced in the 180 days before T (spend)',
    sources: ['billing_invoices.amount', 'billing_invoices.issued_date'],
    window: '180 days',
    derive: (s) => round(s.billing.billed180d),
  },
  {
    name: 'is_month_to_month',
    column: 'is_month_to_month',
    type: 'int',
    description: '1 when the contract is month-to-month',
    sources: ['customers.contract__month_to_month'],
    window: AT_T,
    derive: (s) => flag(s.crm.contract__month_to_month),
  },
  {
    name: 'is_two_year',
    column: 'is_two_year',
    type: 'int',
    description: '1 when the contract runs two years',
    sources: ['customers.contract__two_year'],
    window: AT_T,
    derive: (s) => flag(s.crm.contract__two_year),
  },
  {
    name: 'has_fiber',
    column: 'has_fiber',
    type: 'int',
    description: '1 when the internet service is fiber optic',
    sources: ['customers.internet_service__fiber_optic'],
    window: AT_T,
    derive: (s) => flag(s.crm.internet_service__fiber_optic),
  },
  {
    name: 'has_no_internet',
    column: 'has_no_internet',
    type: 'int',
    description: '1 when the customer has no internet service',
    sources: ['customers.internet_service__no'],
    window: AT_T,
    derive: (s) => flag(s.crm.internet_service__no),
  },
  {
    name: 'is_auto_pay',
    column: 'is_auto_pay',
    type: 'int',
    description: '1 when the customer pays by automatic bank transfer or credit card',
    sources: ['customers.payment_method__bank_transfer_automatic', 'customers.payment_method__credit_card_automatic'],
    window: AT_T,
    derive: (s) => Math.max(flag(s.crm.payment_method__bank_transfer_automatic), flag(s.crm.payment_method__credit_card_automatic)),
  },
  {
    name: 'pays_electronic_check',
    column: 'pays_electronic_check',
    type: 'int',
    description: '1 when the customer pays by electronic check',
    sources: ['customers.payment_method__electronic_check'],
    window: AT_T,
    derive: (s) => flag(s.crm.payment_method__electronic_check),
  },
  {
    name: 'paperless_billing',
    column: 'paperless_billing',
    type: 'int',
    description: '1 with paperless billing',
    sources: ['customers.paperless_billing'],
    window: AT_T,
    derive: (s) => flag(s.crm.paperless_billing),
  },
  {
    name: 'services_count',
    column: 'services_count',
    type: 'int',
    description: 'Services subscribed: phone, internet, streaming, tech support',
    sources: ['customers.phone_service', 'customers.internet_service__no', 'customers.streaming', 'customers.tech_support'],
    window: AT_T,
    derive: (s) => flag(s.crm.phone_service) + (1 - flag(s.crm.internet_service__no)) + flag(s.crm.streaming) + flag(s.crm.tech_support),
  },
  {
    name: 'tech_support',
    column: 'tech_support',
    type: 'int',
    description: '1 with the tech support option',
    sources: ['customers.tech_support'],
    window: AT_T,
    derive: (s) => flag(s.crm.tech_support),
  },
  {
    name: 'invoices_late_90d',
    column: 'invoices_late_90d',
    type: 'int',
    description: 'Invoices due in the 90 days before T that were paid after their due date, before T',
    sources: ['billing_invoices.due_date', 'billing_invoices.paid_date'],
    window: '90 days',
    derive: (s) => s.billing.paidLate90d,
  },
  {
    name: 'overdue_invoices',
    column: 'overdue_invoices',
    type: 'int',
    description: 'Invoices issued in the 180 days before T that were past due and unpaid at T',
    sources: ['billing_invoices.issued_date', 'billing_invoices.due_date', 'billing_invoices.paid_date'],
    window: '180 days',
    derive: (s) => s.billing.overdue180d,
  },
  {
    name: 'avg_days_late_90d',
    column: 'avg_days_late_90d',
    type: 'float',
    description: 'Mean days past due, as known at T, of the invoices due in the 90 days before T (0 when paid on time or none)',
    sources: ['billing_invoices.due_date', 'billing_invoices.paid_date'],
    window: '90 days',
    derive: ({ billing: b }) => (b.due90d > 0 ? round(b.daysPastDue90d / b.due90d) : 0),
  },
  {
    name: 'tickets_30d',
    column: 'tickets_30d',
    type: 'int',
    description: 'Support tickets opened in the 30 days before T',
    sources: ['support_tickets.opened_at'],
    window: '30 days',
    derive: (s) => s.tickets.opened30d,
  },
  {
    name: 'open_tickets',
    column: 'open_tickets',
    type: 'int',
    description: 'Tickets opened in the 180 days before T and still open at T',
    sources: ['support_tickets.opened_at', 'support_tickets.closed_at'],
    window: '180 days',
    derive: (s) => s.tickets.openAtT,
  },
  {
    name: 'avg_satisfaction_90d',
    column: 'avg_satisfaction_90d',
    type: 'float',
    description: 'Mean satisfaction (1-5) of the tickets closed in the 90 days before T; 3 (neutral) when none was rated',
    sources: ['support_tickets.satisfaction', 'support_tickets.closed_at'],
    window: '90 days',
    derive: ({ tickets: t }) => (t.satisfactionCount90d > 0 ? round(t.satisfactionSum90d / t.satisfactionCount90d) : 3),
  },
  {
    name: 'usage_active_days_30d',
    column: 'usage_active_days_30d',
    type: 'int',
    description: 'Days with product usage in the 30 days before T (activity frequency)',
    sources: ['product_usage.day'],
    window: '30 days',
    derive: (s) => s.usage.activeDays30d,
  },
  {
    name: 'usage_minutes_trend',
    column: 'usage_minutes_trend',
    type: 'float',
    description: 'Minutes of the last 15 days minus the 15 before, over their sum: -1 (stopped) .. 1 (started); 0 without usage',
    sources: ['product_usage.day', 'product_usage.minutes'],
    window: '30 days',
    derive: ({ usage: { minutesLast15d: last, minutesPrevious15d: before } }) =>
      last + before > 0 ? round((last - before) / (last + before), 4) : 0,
  },
  {
    name: 'days_since_last_use',
    column: 'days_since_last_use',
    type: 'int',
    description: 'Whole days between the last active day and T (0: used the day before T), capped at 30',
    sources: ['product_usage.day'],
    window: '30 days (cap)',
    derive: (s) => (s.usage.lastActiveDay === null ? 30 : Math.min(30, s.day - 1 - s.usage.lastActiveDay)),
  },
];

export const CUSTOMER_FEATURE_VIEW = 'customer_features';
export const CUSTOMER_ENTITY = 'customer_id';

/** Feature metadata as stored with a feature set (everything but the function). */
export function featureMetadata(features: FeatureDefinition[] = customerFeatures) {
  return features.map(({ name, column, type, description, sources, window }) => ({ name, column, type, description, sources, window }));
}
