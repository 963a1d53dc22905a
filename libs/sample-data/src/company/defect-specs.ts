import type { DefectSpec } from './defects';

/** Defect targets of crm_customers.csv: any attribute but the id may go missing. */
export const CRM_DEFECTS: DefectSpec = {
  source: 'crm_customers',
  missing: [
    'signup_date', 'gender', 'birth_year', 'region', 'city', 'plan', 'contract', 'payment_method', 'paperless_billing',
    'internet_service', 'phone_service', 'streaming', 'tech_support', 'monthly_fee', 'email',
  ],
  dates: ['signup_date'],
  numbers: ['monthly_fee', 'birth_year'],
  outliers: { monthly_fee: [99999, -20, 0], birth_year: [1850, 2031] },
  categories: {
    contract: ['Month to month ', 'month-to-month', 'MONTHLY'],
    internet_service: ['FIBER', 'fiber optic', 'Satellite'],
    payment_method: ['bitcoin', 'Cash', 'electronic check'],
    plan: ['PREMIUM', 'gold'],
    region: ['North ', 'unknown'],
  },
  empty: '',
  stringCells: true,
};

/** Defect targets of billing invoices (paid_date is legitimately null when failed, so it never goes "missing"). */
export const INVOICE_DEFECTS: DefectSpec = {
  source: 'billing_invoices',
  missing: ['period', 'amount', 'currency', 'issued_date', 'due_date', 'status', 'payment_method'],
  dates: ['issued_date', 'due_date', 'paid_date'],
  numbers: ['amount'],
  outliers: { amount: [99999, -500, 0] },
  categories: {
    status: ['PAID', 'pending', 'canceled'],
    currency: ['eur', 'USD', '€'],
    payment_method: ['bitcoin', 'Cash'],
  },
  empty: null,
  stringCells: false,
};

/** Defect targets of support tickets. */
export const TICKET_DEFECTS: DefectSpec = {
  source: 'support_tickets',
  missing: ['opened_at', 'category', 'priority', 'status', 'satisfaction'],
  dates: ['opened_at', 'closed_at'],
  numbers: ['satisfaction'],
  outliers: { satisfaction: [0, 9, -1] },
  categories: {
    category: ['Billing ', 'BILLING', 'refund'],
    priority: ['urgent', 'HIGH'],
    status: ['Resolved', 'pending'],
  },
  empty: null,
  stringCells: false,
};

/** Defect targets of cancellations (outliers are impossible dates). */
export const CANCELLATION_DEFECTS: DefectSpec = {
  source: 'cancellations',
  missing: ['reason', 'channel'],
  dates: ['cancelled_at'],
  numbers: [],
  outliers: { cancelled_at: ['1970-01-01', '2099-12-31'] },
  categories: {
    reason: ['Price', 'too expensive', 'bitcoin'],
    channel: ['email', 'Phone'],
  },
  empty: null,
  stringCells: false,
};

/** Defect targets of product usage: the table is typed, so only nulls, outliers and late rows. */
export const USAGE_DEFECTS: DefectSpec = {
  source: 'product_usage',
  missing: ['sessions', 'minutes', 'data_mb', 'features_used'],
  dates: [],
  numbers: [],
  outliers: { minutes: [-5, 100000], data_mb: [-1, 9999999], sessions: [-3, 5000] },
  categories: {},
  empty: null,
  stringCells: false,
};
