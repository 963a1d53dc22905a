import { describe, expect, it } from 'vitest';
import { applyPreparation, prepareDataset, preparedColumns } from './apply-preparation';
import { crmPreparationSpec } from './crm-preparation-spec';
import { fitPreparation } from './fit-preparation';
import { records, spec } from './test-support';

const params = fitPreparation(records, spec);

describe('applyPreparation', () => {
  it('imputes, encodes and z-scores one record, keys in preparedColumns order', () => {
    const row = applyPreparation(records[1]!, params);
    expect(row).toEqual({
      id: 'C2',
      signup_date: null,
      tenure: 3,
      monthly: 20,
      partner: 0,
      senior: 0,
      contract__month_to_month: 0,
      contract__two_year: 1,
      gender__female: 1,
      gender__male: 0,
      tenure_z: (3 - 4) / Math.sqrt(5),
      monthly_z: 0,
      churn: 0,
    });
    expect(Object.keys(row)).toEqual(preparedColumns(params));
  });

  it('imputes a missing category with the mode and a missing binary with its mode', () => {
    const row = applyPreparation(records[2]!, params);
    expect(row).toMatchObject({ contract__month_to_month: 1, contract__two_year: 0, partner: 0 });
    expect(applyPreparation(records[3]!, params)).toMatchObject({ senior: 0, churn: 1 });
  });

  it('encodes an unseen category as all zeros', () => {
    const row = applyPreparation({ ...records[0]!, contract: 'One year' }, params);
    expect([row['contract__month_to_month'], row['contract__two_year']]).toEqual([0, 0]);
    expect(row).not.toHaveProperty('contract__one_year');
  });

  it('encodes the label Yes/No as 1/0, null when missing', () => {
    expect(records.map((r) => applyPreparation(r, params)['churn'])).toEqual([1, 0, 0, 1, null]);
  });

  it('gives z-scores of mean 0 and std 1 on the fitted rows', () => {
    const { rows, droppedNoLabel } = prepareDataset(records, params);
    expect(droppedNoLabel).toBe(1);
    expect(rows.map((r) => r['id'])).toEqual(['C1', 'C2', 'C3', 'C4']);
    for (const column of ['tenure_z', 'monthly_z']) {
      const z = rows.map((r) => r[column] as number);
      const mean = z.reduce((a, b) => a + b, 0) / z.length;
      const std = Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length);
      expect(mean).toBeCloseTo(0, 12);
      expect(std).toBeCloseTo(1, 12);
    }
  });

  it('has a stable column order: id, pass-through, numeric, binary, one-hot, z-scores, label', () => {
    expect(preparedColumns(params)).toEqual([
      'id', 'signup_date', 'tenure', 'monthly', 'partner', 'senior',
      'contract__month_to_month', 'contract__two_year', 'gender__female', 'gender__male',
      'tenure_z', 'monthly_z', 'churn',
    ]);
    expect(preparedColumns(fitPreparation([...records].reverse(), spec))).toEqual(preparedColumns(params));
  });

  it('prepares crm_customers records with the crm spec', () => {
    const base = {
      customer_id: 'C000001', signup_date: '2021-03-15', gender: 'Female', senior_citizen: 0, partner: 'Yes',
      dependents: 'No', tenure_months: 12, contract: 'Month-to-month', payment_method: 'Bank transfer (automatic)',
      paperless_billing: 'Yes', internet_service: 'Fiber optic', phone_service: 'Yes', streaming: 'No',
      tech_support: 'No', monthly_charges: 70.35, total_charges: 844.2, support_calls_12m: 2,
      previous_monthly_charges: 65, churn: 'No',
    };
    const crm = [
      base,
      { ...base, customer_id: 'C000002', contract: 'Two year', payment_method: 'Mailed check', senior_citizen: 1, churn: 'Yes' },
    ];
    const p = fitPreparation(crm, crmPreparationSpec);
    const columns = preparedColumns(p);
    expect(columns).toEqual(expect.arrayContaining([
      'contract__month_to_month', 'contract__two_year', 'payment_method__bank_transfer_automatic',
      'payment_method__mailed_check', 'internet_service__fiber_optic', 'tenure_months_z', 'senior_citizen',
    ]));
    expect(columns[0]).toBe('customer_id');
    expect(columns[1]).toBe('signup_date');
    expect(columns.at(-1)).toBe('churn');
    const row = applyPreparation(crm[1]!, p);
    expect(row).toMatchObject({ senior_citizen: 1, partner: 1, payment_method__mailed_check: 1, churn: 1 });
  });
});
