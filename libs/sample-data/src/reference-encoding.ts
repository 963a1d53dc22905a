import { parse } from 'csv-parse/sync';

/** Numeric matrix + 0/1 labels from a customers CSV. */
export interface EncodedCustomers {
  featureNames: string[];
  X: number[][];
  y: number[];
}

const CATEGORIES = {
  contract: ['Month-to-month', 'One year'],
  payment_method: ['Electronic check', 'Mailed check', 'Bank transfer (automatic)'],
  internet_service: ['Fiber optic', 'DSL'],
} as const;
const BINARY = ['partner', 'dependents', 'paperless_billing', 'phone_service', 'streaming', 'tech_support'] as const;
const NUMERIC = ['tenure_months', 'monthly_charges', 'total_charges', 'support_calls_12m'] as const;

/**
 * A deliberately simple baseline encoding (one-hot with a dropped reference
 * level, Yes/No -> 1/0, missing numerics -> column median plus a missing flag,
 * missing categories -> all zeros). It exists to check that generated data
 * carries signal; the platform's real feature engineering lives in the
 * transformer.
 */
export function encodeCustomersCsv(csv: string): EncodedCustomers {
  const records = parse(csv, { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const medians = Object.fromEntries(NUMERIC.map((c) => [c, median(records.map((r) => r[c] ?? ''))])) as Record<string, number>;
  const featureNames = [
    ...Object.entries(CATEGORIES).flatMap(([col, levels]) => levels.map((l) => `${col}=${l}`)),
    ...BINARY,
    'senior_citizen',
    ...NUMERIC.flatMap((c) => [c, `${c}_missing`]),
    'log_tenure',
    'price_rise_ratio',
  ];
  const X = records.map((r) => {
    const num = (c: string): number => (r[c] === '' || r[c] === undefined ? medians[c]! : Number(r[c]));
    const monthly = num('monthly_charges');
    const previous = Number(r.previous_monthly_charges);
    return [
      ...Object.entries(CATEGORIES).flatMap(([col, levels]) => levels.map((l) => (r[col] === l ? 1 : 0))),
      ...BINARY.map((c) => (r[c] === 'Yes' ? 1 : 0)),
      r.senior_citizen === '1' ? 1 : 0,
      ...NUMERIC.flatMap((c) => [num(c), r[c] === '' ? 1 : 0]),
      Math.log1p(num('tenure_months')),
      previous > 0 ? monthly / previous - 1 : 0,
    ];
  });
  const y = records.map((r) => (r.churn === 'Yes' ? 1 : 0));
  return { featureNames, X, y };
}

function median(values: string[]): number {
  const nums = values.filter((v) => v !== '').map(Number).sort((a, b) => a - b);
  if (nums.length === 0) return 0;
  const mid = Math.floor(nums.length / 2);
  return nums.length % 2 === 1 ? nums[mid]! : (nums[mid - 1]! + nums[mid]!) / 2;
}
