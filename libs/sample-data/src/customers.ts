import { stringify } from 'csv-stringify/sync';
import { createRandom, type Random } from './random';

/** Header of the generated CRM export, in order. */
export const CUSTOMER_COLUMNS = [
  'customer_id', 'signup_date', 'gender', 'senior_citizen', 'partner', 'dependents', 'tenure_months',
  'contract', 'payment_method', 'paperless_billing', 'internet_service', 'phone_service', 'streaming',
  'tech_support', 'monthly_charges', 'total_charges', 'support_calls_12m', 'previous_monthly_charges', 'churn',
] as const;

export type CustomerColumn = (typeof CUSTOMER_COLUMNS)[number];

/** Snapshot date of the export: tenure is counted in whole months up to this day. */
export const AS_OF_DATE = '2026-10-31';

/** Share of empty cells per column (missing completely at random). Never in customer_id or churn. */
export const MISSING_RATES: Partial<Record<CustomerColumn, number>> = {
  total_charges: 0.03,
  payment_method: 0.025,
  internet_service: 0.02,
  monthly_charges: 0.025,
  support_calls_12m: 0.035,
  senior_citizen: 0.03,
};

export interface GenerateCustomersOptions {
  rows?: number;
  seed?: number | string;
}

type Row = Record<CustomerColumn, string>;

const yesNo = (b: boolean): string => (b ? 'Yes' : 'No');
const money = (v: number): string => v.toFixed(2);

/**
 * A synthetic telco CRM export as CSV text (header + `rows` lines),
 * deterministic for a seed. Churn comes from a logistic model of the true
 * attributes (contract, payment, fiber, tenure, support calls, price rise,
 * tech support...) with noise, at roughly a 25% rate.
 */
export function generateCustomersCsv({ rows = 5000, seed = 42 }: GenerateCustomersOptions = {}): string {
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`rows must be a positive integer, got ${rows}`);
  const rng = createRandom(seed);
  const records: string[][] = [];
  for (let i = 1; i <= rows; i += 1) {
    const row = generateRow(rng, i);
    blankMissing(rng, row);
    records.push(CUSTOMER_COLUMNS.map((c) => row[c]));
  }
  return stringify(records, { header: true, columns: [...CUSTOMER_COLUMNS], record_delimiter: '\n' });
}

function generateRow(rng: Random, index: number): Row {
  // Bimodal tenure, as in real telco books: many new customers and a loyal core.
  const tenure = rng.bernoulli(0.45)
    ? Math.min(72, Math.floor(-Math.log(1 - rng.uniform()) * 9))
    : rng.int(6, 72);
  const senior = rng.bernoulli(0.16);
  const partner = rng.bernoulli(0.48);
  const dependents = partner ? rng.bernoulli(0.5) : rng.bernoulli(0.1);
  const contract = rng.pick<string>([
    ['Month-to-month', Math.max(0.15, 0.8 - tenure / 80)],
    ['One year', 0.2 + tenure / 400],
    ['Two year', 0.05 + tenure / 120],
  ]);
  const payment = rng.pick<string>([
    ['Electronic check', 0.34],
    ['Mailed check', 0.23],
    ['Bank transfer (automatic)', 0.22],
    ['Credit card (automatic)', 0.21],
  ]);
  const internet = rng.pick<string>([['DSL', 0.35], ['Fiber optic', 0.44], ['No', 0.21]]);
  const hasInternet = internet !== 'No';
  const phone = internet === 'No' ? true : rng.bernoulli(0.9);
  const streaming = hasInternet && rng.bernoulli(internet === 'Fiber optic' ? 0.6 : 0.35);
  const techSupport = hasInternet && rng.bernoulli(internet === 'Fiber optic' ? 0.3 : 0.45);
  const paperless = rng.bernoulli(hasInternet ? 0.65 : 0.35);

  const basePrice =
    (phone ? 20 : 0) + (internet === 'DSL' ? 27 : internet === 'Fiber optic' ? 50 : 0) + (streaming ? 18 : 0) + (techSupport ? 8 : 0);
  const monthly = Math.max(18.25, basePrice + rng.normal(0, 3));
  // Price a year ago: customers older than a quarter may have had a rise of 5-25%.
  const raised = tenure >= 3 && rng.bernoulli(0.3);
  const rise = raised ? rng.uniform(0.05, 0.25) : 0;
  const previous = raised ? monthly / (1 + rise) : monthly + rng.normal(0, 0.5);
  const total = Math.max(1, tenure) * monthly * (1 - rise / 3) * Math.max(0.8, 1 + rng.normal(0, 0.05));
  const calls = rng.poisson(0.8 + (internet === 'Fiber optic' ? 0.7 : 0) + (hasInternet && !techSupport ? 0.8 : 0) + (senior ? 0.4 : 0));

  const logit =
    -1.35 +
    (contract === 'Month-to-month' ? 1.5 : contract === 'One year' ? 0.3 : -0.6) +
    (payment === 'Electronic check' ? 0.65 : 0) +
    (internet === 'Fiber optic' ? 0.6 : internet === 'No' ? -0.6 : 0) +
    -0.9 * Math.log1p(tenure) +
    0.28 * calls +
    5 * rise +
    (hasInternet && !techSupport ? 0.45 : 0) +
    (senior ? 0.3 : 0) +
    (partner ? -0.2 : 0) +
    (paperless ? 0.2 : 0) +
    rng.normal(0, 0.6);
  const churn = rng.bernoulli(1 / (1 + Math.exp(-logit)));

  return {
    customer_id: `C${String(index).padStart(6, '0')}`,
    signup_date: signupDate(rng, tenure),
    gender: rng.bernoulli(0.5) ? 'Female' : 'Male',
    senior_citizen: senior ? '1' : '0',
    partner: yesNo(partner),
    dependents: yesNo(dependents),
    tenure_months: String(tenure),
    contract,
    payment_method: payment,
    paperless_billing: yesNo(paperless),
    internet_service: internet,
    phone_service: yesNo(phone),
    streaming: yesNo(streaming),
    tech_support: yesNo(techSupport),
    monthly_charges: money(monthly),
    total_charges: money(total),
    support_calls_12m: String(calls),
    previous_monthly_charges: money(Math.max(10, previous)),
    churn: yesNo(churn),
  };
}

/** A signup date that is `tenure` whole months (plus 0-27 days) before AS_OF_DATE. */
function signupDate(rng: Random, tenure: number): string {
  const [year, month, day] = AS_OF_DATE.split('-').map(Number) as [number, number, number];
  const monthIndex = year * 12 + (month - 1) - tenure;
  const y = Math.floor(monthIndex / 12);
  const m = monthIndex % 12;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const anchor = Date.UTC(y, m, Math.min(day, lastDay));
  return new Date(anchor - rng.int(0, 27) * 86_400_000).toISOString().slice(0, 10);
}

function blankMissing(rng: Random, row: Row): void {
  for (const [column, rate] of Object.entries(MISSING_RATES) as Array<[CustomerColumn, number]>) {
    if (rng.bernoulli(rate)) row[column] = '';
  }
}
