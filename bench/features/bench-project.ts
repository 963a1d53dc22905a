/**
 * The bench project: a subscription business with a CRM (1 row per customer), daily product usage, invoices,
 * support tickets and cancellations (the churn events), declared as a project folder like projects/sample-company.
 * `writeBenchProject` writes the five files and loads them with loadProject, so the folder is checked exactly as a
 * real one is.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidRecordsSchema } from '@churn/contracts';
import { loadProject, type DatasetDeclaration, type FeatureDeclaration, type Project, type ProjectManifest } from '@churn/project';
import { loadExpectationSuites } from '../../libs/validation/src/suites/load-expectation-suites';
import type { ExpectationSuite } from '../../libs/validation/src/suites/suite-types';
import { validRecordsSchemaOf } from '../../libs/validation/src/service/valid-schema';

/** The run's as-of day: serving time 2026-11-01, training times 2026-08-03, 2026-09-02, 2026-10-02. */
export const AS_OF = '2026-10-31';

export const PLANS = ['basic', 'standard', 'premium'];
export const REGIONS = ['north', 'south', 'east', 'west', 'central'];
export const PAYMENT_METHODS = ['card', 'direct_debit', 'bank_transfer', 'paypal'];
export const INVOICE_STATUSES = ['paid', 'late', 'open'];
export const CATEGORIES = ['billing', 'technical', 'account', 'cancellation', 'other'];
export const PRIORITIES = ['low', 'normal', 'high'];
export const REASONS = ['price', 'service', 'competitor', 'moved', 'other'];

const manifest: ProjectManifest = {
  name: 'bench-company',
  description: 'Benchmark company: 1,000,000 customers, 20,000,000 usage, invoice and ticket events; predicts cancellations within 30 days.',
  entity: { name: 'customer', key: 'customer_id', dataset: 'customers', since: 'signup_date' },
  label: { kind: 'event', dataset: 'cancellations', time: 'cancelled_at', horizonDays: 30, snapshots: 3 },
  model: { name: 'bench-churn', featureView: 'customer_features', algorithms: ['logistic_regression'], testFraction: 0.2, seed: 42, l2: 1, threshold: 0.5 },
};

const sources = [
  { name: 'crm_customers', kind: 'csv', description: 'Nightly CRM export.', csv: { location: '${BENCH_DATA_DIR}/crm_customers.csv', encoding: 'utf-8', delimiter: ',' } },
  { name: 'product_usage', kind: 'postgres', description: 'Daily usage per customer.', postgres: { urlEnv: 'USAGE_DB_URL', query: 'SELECT * FROM usage_daily WHERE updated_at > $1', incremental: { column: 'updated_at' } } },
  { name: 'billing_invoices', kind: 'csv', description: 'Invoices export.', csv: { location: '${BENCH_DATA_DIR}/invoices.csv', encoding: 'utf-8', delimiter: ',' } },
  { name: 'support_tickets', kind: 'csv', description: 'Support tickets export.', csv: { location: '${BENCH_DATA_DIR}/tickets.csv', encoding: 'utf-8', delimiter: ',' } },
  { name: 'cancellations', kind: 'csv', description: 'Cancellations: the churn events.', csv: { location: '${BENCH_DATA_DIR}/cancellations.csv', encoding: 'utf-8', delimiter: ',' } },
];

const rows = (name: string) => [
  { name: 'rows_present', check: 'row_count', min: 1 },
  { name: `${name}_unique`, check: 'unique', columns: [name] },
];

/** The expectation suites (what the validator checked; schema.json is derived from them). */
export const suites: ExpectationSuite[] = [
  {
    source: 'crm_customers',
    key: ['customer_id'],
    columns: {
      customer_id: { type: 'string', required: true, pattern: '^C[0-9]{7,}$' },
      signup_date: { type: 'date', required: true, min: '2000-01-01', max: '${asOf}' },
      plan: { type: 'string', enum: PLANS },
      region: { type: 'string', enum: REGIONS },
      channel: { type: 'string' },
      monthly_fee: { type: 'number', min: 0, max: 500 },
      age: { type: 'integer', min: 16, max: 120 },
      seats: { type: 'integer', min: 1, max: 10000 },
      paperless: { type: 'boolean' },
      updated_at: { type: 'timestamp', required: true },
    },
    checks: [...rows('customer_id'), { name: 'plan_complete', check: 'completeness', column: 'plan', atLeast: 0.9, severity: 'warn' }],
  },
  {
    source: 'product_usage',
    key: ['customer_id', 'day'],
    columns: {
      customer_id: { type: 'string', required: true, pattern: '^C[0-9]{7,}$' },
      day: { type: 'date', required: true, min: '2000-01-01', max: '${asOf}' },
      sessions: { type: 'integer', min: 0, max: 1000 },
      minutes: { type: 'number', min: 0, max: 1440 },
      data_mb: { type: 'number', min: 0 },
      updated_at: { type: 'timestamp', required: true },
    },
    checks: [{ name: 'rows_present', check: 'row_count', min: 1 }],
  },
  {
    source: 'billing_invoices',
    key: ['invoice_id'],
    columns: {
      invoice_id: { type: 'string', required: true, pattern: '^INV-[0-9]{9,}$' },
      customer_id: { type: 'string', required: true, pattern: '^C[0-9]{7,}$' },
      issued_date: { type: 'date', required: true, max: '${asOf}' },
      due_date: { type: 'date', required: true },
      paid_date: { type: 'date', max: '${asOf}' },
      amount: { type: 'number', min: 0, max: 5000 },
      status: { type: 'string', required: true, enum: INVOICE_STATUSES },
      payment_method: { type: 'string', enum: PAYMENT_METHODS },
      updated_at: { type: 'timestamp', required: true },
    },
    checks: rows('invoice_id'),
  },
  {
    source: 'support_tickets',
    key: ['ticket_id'],
    columns: {
      ticket_id: { type: 'string', required: true, pattern: '^TCK-[0-9]{9,}$' },
      customer_id: { type: 'string', required: true, pattern: '^C[0-9]{7,}$' },
      opened_at: { type: 'timestamp', required: true },
      closed_at: { type: 'timestamp' },
      category: { type: 'string', enum: CATEGORIES },
      priority: { type: 'string', enum: PRIORITIES },
      rating: { type: 'integer', min: 1, max: 5 },
      updated_at: { type: 'timestamp', required: true },
    },
    checks: rows('ticket_id'),
  },
  {
    source: 'cancellations',
    key: ['customer_id'],
    columns: {
      customer_id: { type: 'string', required: true, pattern: '^C[0-9]{7,}$' },
      cancelled_at: { type: 'date', required: true, max: '${asOf}' },
      reason: { type: 'string', enum: REASONS },
      updated_at: { type: 'timestamp', required: true },
    },
    checks: rows('customer_id'),
  },
] as ExpectationSuite[];

const dedupe = { by: 'updated_at' };
const entity = { column: 'customer_id' };

/** datasets.json: median, mode and group-median imputation, one-hot and ordinal encoding, scaling, winsorising, dedupe. */
export const datasets: DatasetDeclaration[] = [
  {
    name: 'customers',
    source: 'crm_customers',
    description: 'One row per customer, current CRM values.',
    key: ['customer_id'],
    dedupe,
    columns: {
      customer_id: { role: 'id' },
      signup_date: { role: 'date' },
      plan: { role: 'categorical', impute: { strategy: 'mode' }, encode: { kind: 'one_hot' } },
      region: { role: 'categorical', impute: { strategy: 'mode' }, encode: { kind: 'one_hot' } },
      channel: { role: 'categorical', impute: { strategy: 'mode' }, encode: { kind: 'one_hot', top: 3 } },
      monthly_fee: { role: 'numeric', impute: { strategy: 'group_median', by: 'plan', indicator: true }, scale: 'standard' },
      age: { role: 'numeric', impute: { strategy: 'median' }, scale: 'standard' },
      seats: { role: 'numeric', outliers: { winsorize: [0, 0.99] }, scale: 'robust' },
      paperless: { role: 'boolean', impute: { strategy: 'mode' } },
    },
  },
  {
    name: 'product_usage',
    source: 'product_usage',
    description: 'Daily usage; a metering gap gets the customer\'s median (the overall median for a customer never metered).',
    key: ['customer_id', 'day'],
    eventTime: 'day',
    entity,
    dedupe,
    columns: {
      day: { role: 'date' },
      sessions: { role: 'numeric', impute: { strategy: 'group_median', by: 'customer_id' } },
      minutes: { role: 'numeric', impute: { strategy: 'group_median', by: 'customer_id' } },
      data_mb: { role: 'numeric', impute: { strategy: 'median' }, outliers: { winsorize: [0, 0.999] } },
    },
  },
  {
    name: 'billing_invoices',
    source: 'billing_invoices',
    description: 'Invoices; a missing amount gets the customer\'s median invoice.',
    key: ['invoice_id'],
    eventTime: 'issued_date',
    entity,
    dedupe,
    columns: {
      issued_date: { role: 'date' },
      due_date: { role: 'date' },
      paid_date: { role: 'date' },
      amount: { role: 'numeric', impute: { strategy: 'group_median', by: 'customer_id' } },
      status: { role: 'categorical', encode: { kind: 'one_hot' } },
      payment_method: { role: 'categorical', impute: { strategy: 'mode' }, encode: { kind: 'one_hot' } },
    },
  },
  {
    name: 'support_tickets',
    source: 'support_tickets',
    description: 'Support tickets; an unrated ticket stays unrated.',
    key: ['ticket_id'],
    eventTime: 'opened_at',
    entity,
    dedupe,
    columns: {
      opened_at: { role: 'date' },
      closed_at: { role: 'date' },
      category: { role: 'categorical', impute: { strategy: 'constant', value: 'other' } },
      priority: { role: 'categorical', impute: { strategy: 'mode' }, encode: { kind: 'ordinal', order: PRIORITIES } },
      rating: { role: 'numeric' },
    },
  },
  {
    name: 'cancellations',
    source: 'cancellations',
    description: 'Cancellations: the churn events.',
    key: ['customer_id'],
    eventTime: 'cancelled_at',
    entity,
    dedupe,
    columns: {
      cancelled_at: { role: 'date' },
      reason: { role: 'categorical', impute: { strategy: 'constant', value: 'other' } },
    },
  },
];

const usage = 'product_usage';
const invoices = 'billing_invoices';
const tickets = 'support_tickets';

/** features.json: attributes, tenure, window count/sum/mean/latest/days_since_last/trend over 7-365 days, derived ratios. */
export const features: FeatureDeclaration[] = [
  { kind: 'attribute', name: 'plan_premium', dtype: 'int', default: 0, expr: 'plan__premium', description: '1 on the premium plan' },
  { kind: 'attribute', name: 'plan_basic', dtype: 'int', default: 0, expr: 'plan__basic', description: '1 on the basic plan' },
  { kind: 'attribute', name: 'channel_web', dtype: 'int', default: 0, expr: 'channel__web', description: '1 when acquired on the web' },
  { kind: 'attribute', name: 'monthly_fee', dtype: 'float', default: 0, expr: 'monthly_fee', description: 'Monthly fee (group median of the plan when missing)' },
  { kind: 'attribute', name: 'age_scaled', dtype: 'float', default: 0, round: 4, expr: 'age_scaled', description: 'Age, standardised' },
  { kind: 'attribute', name: 'seats_scaled', dtype: 'float', default: 0, round: 4, expr: 'seats_scaled', description: 'Seats, winsorised and robust-scaled' },
  { kind: 'attribute', name: 'paperless', dtype: 'int', default: 0, expr: 'paperless', description: '1 with paperless billing' },
  { kind: 'tenure', name: 'tenure_months', dtype: 'float', column: 'signup_date', unit: 'months', round: 2, description: 'Months from signup to T' },
  { kind: 'window', name: 'active_days', dtype: 'int', dataset: usage, agg: 'count', windows: [7, 30, 90], description: 'Days with usage before T' },
  { kind: 'window', name: 'minutes_30d', dtype: 'float', round: 2, dataset: usage, agg: 'sum', expr: 'minutes', window: { days: 30 }, description: 'Minutes used in the 30 days before T' },
  { kind: 'window', name: 'minutes_mean_90d', dtype: 'float', round: 2, default: 0, dataset: usage, agg: 'mean', expr: 'minutes', window: { days: 90 }, description: 'Mean minutes per active day, 90 days' },
  { kind: 'window', name: 'minutes_trend_30d', dtype: 'float', round: 4, dataset: usage, agg: 'trend', expr: 'minutes', window: { days: 30 }, description: 'Minutes of the last 15 days against the 15 before' },
  { kind: 'window', name: 'data_mb_365d', dtype: 'float', round: 2, dataset: usage, agg: 'sum', expr: 'data_mb', window: { days: 365 }, description: 'Data used in the year before T' },
  { kind: 'window', name: 'days_since_usage', dtype: 'float', internal: true, dataset: usage, agg: 'days_since_last', description: 'Days from the last usage day to T' },
  { kind: 'window', name: 'invoices_365d', dtype: 'int', dataset: invoices, agg: 'count', window: { days: 365 }, description: 'Invoices issued in the year before T' },
  { kind: 'window', name: 'spend_90d', dtype: 'float', round: 2, dataset: invoices, agg: 'sum', expr: 'amount', window: { days: 90 }, description: 'Invoiced in the 90 days before T' },
  { kind: 'window', name: 'latest_invoice_amount', dtype: 'float', default: 0, dataset: invoices, agg: 'latest', expr: 'amount', description: 'Amount of the latest invoice before T' },
  { kind: 'window', name: 'late_invoices_90d', dtype: 'int', dataset: invoices, agg: 'count', window: { days: 90, column: 'due_date' }, filter: 'paid_date < T && paid_date > due_date', description: 'Invoices due in the 90 days before T paid late' },
  { kind: 'window', name: 'unpaid_invoices', dtype: 'int', dataset: invoices, agg: 'count', window: { days: 365 }, filter: 'due_date < T && (is_null(paid_date) || paid_date >= T)', description: 'Invoices past due and unpaid at T' },
  { kind: 'window', name: 'days_since_invoice', dtype: 'float', default: 9999, dataset: invoices, agg: 'days_since_last', description: 'Days since the latest invoice' },
  { kind: 'window', name: 'tickets', dtype: 'int', dataset: tickets, agg: 'count', windows: [30, 90], description: 'Tickets opened before T' },
  { kind: 'window', name: 'avg_rating_90d', dtype: 'float', round: 2, default: 3, dataset: tickets, agg: 'mean', expr: 'rating', window: { days: 90 }, filter: 'rating >= 1', description: 'Mean rating of the tickets of the 90 days before T' },
  { kind: 'window', name: 'open_tickets', dtype: 'int', dataset: tickets, agg: 'count', window: { days: 365 }, filter: 'is_null(closed_at) || closed_at >= T', description: 'Tickets of the year before T still open at T' },
  { kind: 'window', name: 'days_since_ticket', dtype: 'float', round: 2, default: 9999, dataset: tickets, agg: 'days_since_last', description: 'Days since the latest ticket' },
  { kind: 'derived', name: 'days_since_last_use', dtype: 'float', expr: 'is_null(days_since_usage) ? 365 : min(365, days_since_usage)', description: 'Days since the last usage, capped at 365' },
  { kind: 'derived', name: 'minutes_per_active_day_30d', dtype: 'float', round: 2, expr: 'coalesce(minutes_30d / active_days_30d, 0)', description: 'Minutes per active day, 30 days' },
  { kind: 'derived', name: 'spend_to_fee_90d', dtype: 'float', round: 4, expr: 'coalesce(spend_90d / (monthly_fee * 3), 0)', description: 'Invoiced over three monthly fees' },
];

/** Writes the bench project folder into `dir` and loads it (loadProject checks every file and across files). */
export function writeBenchProject(dir: string): Project {
  mkdirSync(dir, { recursive: true });
  const write = (file: string, value: unknown) => writeFileSync(join(dir, file), `${JSON.stringify(value, null, 2)}\n`);
  write('project.json', manifest);
  write('sources.json', { sources });
  write('expectations.json', { description: 'Suites of the bench company.', suites });
  loadExpectationSuites(join(dir, 'expectations.json'));
  write('datasets.json', { datasets });
  write('features.json', {
    views: [{ name: 'customer_features', description: 'Point-in-time churn signals per customer.', owner: 'bench@example.com', ttlDays: 35, features }],
  });
  return loadProject(dir);
}

/** The schema.json the validator publishes for a source's valid records. */
export function schemaOf(source: string): ValidRecordsSchema {
  const suite = suites.find((s) => s.source === source);
  if (!suite) throw new Error(`no suite for ${source}`);
  return validRecordsSchemaOf(suite);
}
