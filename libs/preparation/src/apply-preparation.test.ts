import { describe, expect, it } from 'vitest';
import { applyPreparation, prepareDataset, preparedColumns } from './apply-preparation';
import { customersSpecWith } from './customers-spec';
import { fitPreparation } from './fit-preparation';
import { records, sampleCustomersCategories, spec } from './test-support';

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

  it('prepares company crm_customers records without a label, with every category the sample suite declares, in its order', () => {
    const base = {
      customer_id: 'C0000001', signup_date: '2021-03-15', gender: 'Female', birth_year: 1980, region: 'north', city: 'Kiel',
      plan: 'basic', contract: 'Month-to-month', payment_method: 'Bank transfer (automatic)', paperless_billing: 'Yes',
      internet_service: 'Fiber optic', phone_service: 'Yes', streaming: 'No', tech_support: 'No', monthly_fee: 70.35,
      email: null, updated_at: '2026-01-01T00:00:00Z',
    };
    const crm = [base, { ...base, customer_id: 'C0000002', contract: 'Two year', payment_method: 'Mailed check', region: null }];
    const p = fitPreparation(crm, customersSpecWith(sampleCustomersCategories()));
    const columns = preparedColumns(p);
    expect(columns).toEqual(expect.arrayContaining([
      'contract__month_to_month', 'contract__one_year', 'contract__two_year', 'payment_method__credit_card_automatic',
      'payment_method__electronic_check', 'internet_service__dsl', 'internet_service__no', 'region__central', 'monthly_fee_z',
    ]));
    // The exact list documented in docs/stages/preparation.md: the transformer relies on it.
    expect(columns).toEqual([
      'customer_id', 'signup_date', 'monthly_fee', 'birth_year', 'paperless_billing', 'phone_service', 'streaming', 'tech_support',
      'gender', 'region', 'plan', 'contract', 'payment_method', 'internet_service',
      'gender__female', 'gender__male', 'region__north', 'region__south', 'region__east', 'region__west', 'region__central',
      'plan__basic', 'plan__standard', 'plan__premium', 'contract__month_to_month', 'contract__one_year', 'contract__two_year',
      'payment_method__electronic_check', 'payment_method__mailed_check', 'payment_method__bank_transfer_automatic',
      'payment_method__credit_card_automatic', 'internet_service__dsl', 'internet_service__fiber_optic', 'internet_service__no',
      'monthly_fee_z', 'birth_year_z',
    ]);
    expect(columns).not.toContain('city');
    const row = applyPreparation(crm[1]!, p);
    expect(row).toMatchObject({ region: 'north', region__north: 1, contract: 'Two year', payment_method__mailed_check: 1, paperless_billing: 1 });
    expect(Object.keys(row)).toEqual(columns);
  });

  it('keeps every row and adds no label column when the spec has none', () => {
    const { labelColumn: _label, ...unlabelled } = spec;
    const p = fitPreparation(records, unlabelled);
    const { rows, droppedNoLabel } = prepareDataset(records, p);
    expect([rows.length, droppedNoLabel, p.rowsFitted, p.rowsDroppedNoLabel]).toEqual([5, 0, 5, 0]);
    expect(preparedColumns(p)).not.toContain('churn');
    expect(rows[4]).not.toHaveProperty('churn');
  });

  it('keeps the imputed category text beside the one-hot columns when asked', () => {
    const p = fitPreparation(records, { ...spec, keepCategoryText: true });
    expect(preparedColumns(p).slice(4, 8)).toEqual(['partner', 'senior', 'contract', 'gender']);
    expect(applyPreparation(records[2]!, p)).toMatchObject({ contract: 'Month-to-month', contract__month_to_month: 1 });
    expect(applyPreparation({ ...records[0]!, contract: 'One year' }, p)).toMatchObject({ contract: 'One year', contract__month_to_month: 0 });
  });
});
