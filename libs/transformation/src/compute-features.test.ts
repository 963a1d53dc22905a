import { describe, expect, it } from 'vitest';
import { computeFeatures } from './compute-features';
import { customerFeatures } from './customer-features';

const prepared = {
  customer_id: 'C000001',
  tenure_months: 10,
  monthly_charges: 80,
  total_charges: 700,
  previous_monthly_charges: 64,
  support_calls_12m: 4,
  phone_service: 1,
  streaming: 1,
  tech_support: 0,
  internet_service__no: 0,
  internet_service__fiber_optic: 1,
  contract__month_to_month: 1,
  payment_method__bank_transfer_automatic: 0,
  payment_method__credit_card_automatic: 1,
};

describe('customer features', () => {
  it('derives each feature from a prepared row', () => {
    const [row] = computeFeatures([prepared], customerFeatures, 'customer_id');
    expect(row).toEqual({
      customerId: 'C000001',
      values: {
        tenure_months: 10,
        monthly_charges: 80,
        total_charges: 700,
        avg_monthly_spend: 70,
        charge_increase_ratio: 0.25,
        services_count: 3,
        is_month_to_month: 1,
        has_fiber: 1,
        is_auto_pay: 1,
        support_calls_per_year: 4,
      },
    });
  });

  it('guards divisions: new customers and unknown previous prices', () => {
    const [row] = computeFeatures([{ ...prepared, tenure_months: 0, total_charges: 50, previous_monthly_charges: 0 }], customerFeatures, 'customer_id');
    expect(row?.values.avg_monthly_spend).toBe(50);
    expect(row?.values.charge_increase_ratio).toBe(0);
  });

  it('refuses a row without an id, naming the row', () => {
    expect(() => computeFeatures([prepared, { ...prepared, customer_id: null }], customerFeatures, 'customer_id')).toThrowError(
      expect.objectContaining({ code: 'CHURN_TRANSFORMATION_MISSING_ID', message: 'prepared row 2 has no customer_id' }),
    );
  });
});
