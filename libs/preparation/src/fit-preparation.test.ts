import { describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import { fitPreparation } from './fit-preparation';
import type { InputRecord, PreparationSpec } from './preparation-types';
import { records, spec } from './test-support';

describe('fitPreparation', () => {
  const params = fitPreparation(records, spec);

  it('drops and counts rows without a label, never imputing it', () => {
    expect([params.rowsFitted, params.rowsDroppedNoLabel]).toEqual([4, 1]);
    expect(params.imputed).not.toHaveProperty('churn');
  });

  it('imputes numerics with the median (mean of the two middle values for an even count)', () => {
    // tenure of labelled rows: 1, 3, 5, 7 -> (3 + 5) / 2; the unlabelled 100 is ignored.
    expect(params.medians).toEqual({ tenure: 4, monthly: 20 });
    expect(params.imputed).toMatchObject({ tenure: 0, monthly: 1 });
  });

  it('learns z-score parameters after imputation (population std)', () => {
    // monthly after imputation: 10, 20, 30, 20 -> mean 20, std sqrt(50)
    expect(params.means['monthly']).toBe(20);
    expect(params.stds['monthly']).toBeCloseTo(Math.sqrt(50), 12);
    expect(params.means['tenure']).toBe(4);
    expect(params.stds['tenure']).toBeCloseTo(Math.sqrt(5), 12);
  });

  it('learns sorted categories, slugged one-hot names and modes', () => {
    expect(params.categories).toEqual({ contract: ['Month-to-month', 'Two year'], gender: ['Female', 'Male'] });
    expect(params.oneHotColumns['contract']).toEqual(['contract__month_to_month', 'contract__two_year']);
    expect(params.modes).toMatchObject({ contract: 'Month-to-month', partner: 0, senior: 0 });
    expect(params.imputed).toMatchObject({ contract: 1, gender: 0, partner: 1, senior: 1 });
  });

  it('breaks mode ties deterministically, whatever the row order', () => {
    // gender is 2 Female / 2 Male: the first in sorted order wins; partner 1 Yes / 1 No ties to 0.
    const tie: InputRecord[] = [
      { id: 'a', tenure: 1, monthly: 1, contract: 'Two year', gender: 'Male', partner: 'Yes', senior: 0, churn: 'No' },
      { id: 'b', tenure: 1, monthly: 1, contract: 'One year', gender: 'Female', partner: 'No', senior: 1, churn: 'No' },
    ];
    for (const rows of [tie, [...tie].reverse()]) {
      const p = fitPreparation(rows, spec);
      expect(p.modes).toMatchObject({ contract: 'One year', gender: 'Female', partner: 0, senior: 0 });
    }
    expect(params.modes['gender']).toBe('Female');
  });

  it('accepts the strings of a re-read CSV like typed values', () => {
    const asStrings = records.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)])),
    );
    expect(fitPreparation(asStrings, spec)).toEqual(params);
  });

  it('falls back for a column never observed', () => {
    const p = fitPreparation(records.map((r) => ({ ...r, monthly: null, gender: '' })), spec);
    expect(p.medians['monthly']).toBe(0);
    expect(p.stds['monthly']).toBe(1);
    expect(p.modes['gender']).toBeNull();
    expect(p.categories['gender']).toEqual([]);
    expect(p.imputed).toMatchObject({ monthly: 4, gender: 4 });
  });

  it('fails without labelled rows, on bad values and on a bad spec (not retriable)', () => {
    const expectError = (fn: () => unknown, code: string) => {
      try {
        fn();
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(PlatformError);
        expect(err).toMatchObject({ code, retriable: false });
      }
    };
    expectError(() => fitPreparation([{ ...records[4]! }], spec), 'CHURN_PREPARATION_NO_ROWS');
    expectError(() => fitPreparation([{ ...records[0]!, tenure: '12abc' }], spec), 'CHURN_PREPARATION_BAD_VALUE');
    expectError(() => fitPreparation([{ ...records[0]!, partner: 'Maybe' }], spec), 'CHURN_PREPARATION_BAD_VALUE');
    expectError(() => fitPreparation(records, { ...spec, binary: ['tenure'] }), 'CHURN_PREPARATION_BAD_SPEC');
    expectError(() => fitPreparation(records, { ...spec, extra: 1 } as PreparationSpec), 'CHURN_PREPARATION_BAD_SPEC');
  });

  it('fits every row when the spec has no label, failing only without any row', () => {
    const { labelColumn: _label, ...unlabelled } = spec;
    const p = fitPreparation(records, unlabelled);
    expect([p.rowsFitted, p.rowsDroppedNoLabel]).toEqual([5, 0]);
    // tenure now includes the unlabelled 100: 1, 3, 5, 7, 100
    expect(p.medians['tenure']).toBe(5);
    expect(() => fitPreparation([], unlabelled)).toThrow(expect.objectContaining({ code: 'CHURN_PREPARATION_NO_ROWS' }));
  });

  it('one-hot encodes over declared categories, seen or not, in their declared order, and refuses a value outside them', () => {
    const declared = { ...spec, categories: { contract: ['Two year', 'Month-to-month', 'One year'] } };
    const p = fitPreparation(records, declared);
    expect(p.categories['contract']).toEqual(['Two year', 'Month-to-month', 'One year']);
    expect(p.oneHotColumns['contract']).toEqual(['contract__two_year', 'contract__month_to_month', 'contract__one_year']);
    expect(p.modes['contract']).toBe('Month-to-month');
    expect(p.categories['gender']).toEqual(['Female', 'Male']);
    expect(() => fitPreparation(records, { ...spec, categories: { contract: ['Two year', 'One year'] } })).toThrow(
      expect.objectContaining({ code: 'CHURN_PREPARATION_BAD_VALUE', retriable: false }),
    );
    expect(() => fitPreparation(records, { ...spec, categories: { tenure: ['1'] } })).toThrow(
      expect.objectContaining({ code: 'CHURN_PREPARATION_BAD_SPEC' }),
    );
  });
});
