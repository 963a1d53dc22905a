import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { AS_OF_DATE, CUSTOMER_COLUMNS, MISSING_RATES, generateCustomersCsv } from './customers';

const HEADER =
  'customer_id,signup_date,gender,senior_citizen,partner,dependents,tenure_months,contract,payment_method,paperless_billing,internet_service,phone_service,streaming,tech_support,monthly_charges,total_charges,support_calls_12m,previous_monthly_charges,churn';

const csv = generateCustomersCsv({ rows: 5000, seed: 42 });
const records = parse(csv, { columns: true }) as Array<Record<string, string>>;

/** Whole months from an ISO date to AS_OF_DATE. */
function wholeMonths(from: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = AS_OF_DATE.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

describe('generateCustomersCsv', () => {
  it('writes the exact header and the requested number of rows', () => {
    expect(csv.split('\n')[0]).toBe(HEADER);
    expect(CUSTOMER_COLUMNS.join(',')).toBe(HEADER);
    expect(records).toHaveLength(5000);
    expect(records[0]!.customer_id).toBe('C000001');
    expect(records[4999]!.customer_id).toBe('C005000');
    expect(generateCustomersCsv({ rows: 3, seed: 1 }).trimEnd().split('\n')).toHaveLength(4);
  });

  it('is deterministic for a seed and varies across seeds', () => {
    expect(generateCustomersCsv({ rows: 300, seed: 42 })).toBe(csv.split('\n').slice(0, 301).join('\n') + '\n');
    expect(generateCustomersCsv({ rows: 300, seed: 43 })).not.toBe(generateCustomersCsv({ rows: 300, seed: 42 }));
  });

  it('leaves 1-5% empty cells only in the designated columns', () => {
    for (const column of CUSTOMER_COLUMNS) {
      const missing = records.filter((r) => r[column] === '').length / records.length;
      if (column in MISSING_RATES) {
        expect(missing, column).toBeGreaterThanOrEqual(0.01);
        expect(missing, column).toBeLessThanOrEqual(0.05);
      } else {
        expect(missing, column).toBe(0);
      }
    }
  });

  it('has a churn rate around 25%', () => {
    const rate = records.filter((r) => r.churn === 'Yes').length / records.length;
    expect(rate).toBeGreaterThan(0.2);
    expect(rate).toBeLessThan(0.3);
    expect(new Set(records.map((r) => r.churn))).toEqual(new Set(['Yes', 'No']));
  });

  it('keeps values in their domains and signup dates consistent with tenure', () => {
    const domains: Record<string, string[]> = {
      gender: ['Female', 'Male'],
      senior_citizen: ['0', '1', ''],
      contract: ['Month-to-month', 'One year', 'Two year'],
      payment_method: ['Electronic check', 'Mailed check', 'Bank transfer (automatic)', 'Credit card (automatic)', ''],
      internet_service: ['DSL', 'Fiber optic', 'No', ''],
    };
    for (const c of ['partner', 'dependents', 'paperless_billing', 'phone_service', 'streaming', 'tech_support']) domains[c] = ['Yes', 'No'];
    const violations: string[] = [];
    for (const r of records) {
      for (const [column, allowed] of Object.entries(domains)) {
        if (!allowed.includes(r[column]!)) violations.push(`${r.customer_id} ${column}=${r[column]}`);
      }
      if (!/^\d{4}-\d{2}-\d{2}$/.test(r.signup_date!) || wholeMonths(r.signup_date!) !== Number(r.tenure_months)) {
        violations.push(`${r.customer_id} signup ${r.signup_date} vs tenure ${r.tenure_months}`);
      }
      if (!/^(\d+)?$/.test(r.support_calls_12m!)) violations.push(`${r.customer_id} calls=${r.support_calls_12m}`);
      if (r.monthly_charges !== '' && !(Number(r.monthly_charges) > 0)) violations.push(`${r.customer_id} monthly=${r.monthly_charges}`);
    }
    expect(violations.slice(0, 10)).toEqual([]);
    // Some customers had a price rise over the last year.
    const raised = records.filter((r) => r.monthly_charges !== '' && Number(r.monthly_charges) > 1.04 * Number(r.previous_monthly_charges));
    expect(raised.length / records.length).toBeGreaterThan(0.1);
  });
});
