import { describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import { createRowValidator, parseStrictNumber, type RowValidationResult } from './row-validator';
import { crmRow, CRM_HEADER } from './test-support';

const validator = createRowValidator('crm_customers');

function errorsOf(result: RowValidationResult) {
  if (result.ok) throw new Error('expected the row to be invalid');
  return result.errors;
}

describe('createRowValidator(crm_customers)', () => {
  it('accepts a valid row and types it: numbers as numbers, empty cells as null', () => {
    const result = validator.validate(crmRow({ gender: '', total_charges: '', senior_citizen: '1' }));
    expect(result).toEqual({
      ok: true,
      record: expect.objectContaining({
        customer_id: 'C000001',
        gender: null,
        senior_citizen: 1,
        tenure_months: 12,
        monthly_charges: 70.35,
        total_charges: null,
        support_calls_12m: 2,
        churn: 'No',
      }),
    });
  });

  it.each([
    ['gender', 'female', 'enum'],
    ['contract', 'Monthly', 'enum'],
    ['payment_method', 'Cash', 'enum'],
    ['senior_citizen', '2', 'enum'],
    ['churn', 'maybe', 'enum'],
    ['tenure_months', '601', 'range'],
    ['tenure_months', '-1', 'range'],
    ['monthly_charges', '-0.01', 'range'],
    ['support_calls_12m', '-3', 'range'],
    ['customer_id', 'X000001', 'pattern'],
    ['customer_id', 'C12', 'pattern'],
    ['signup_date', '2021-02-30', 'format'],
    ['signup_date', '15/03/2021', 'format'],
    ['monthly_charges', '12abc', 'type'],
    ['monthly_charges', '1e3x', 'type'],
    ['total_charges', 'NaN', 'type'],
    ['total_charges', '1,234', 'type'],
    ['tenure_months', '1.5', 'type'],
    ['support_calls_12m', 'Infinity', 'type'],
    ['customer_id', '', 'required'],
    ['tenure_months', '', 'required'],
    ['churn', '', 'required'],
  ])('rejects %s=%j with rule %s, naming the column', (column, value, rule) => {
    const errors = errorsOf(validator.validate(crmRow({ [column]: value })));
    expect(errors).toEqual([expect.objectContaining({ column, rule, value })]);
    expect(errors[0]!.message).toContain(column);
  });

  it('reports every bad column of a row at once', () => {
    const errors = errorsOf(validator.validate(crmRow({ gender: 'X', tenure_months: 'abc', churn: '' })));
    expect(errors.map((e) => `${e.column}:${e.rule}`).sort()).toEqual(['churn:required', 'gender:enum', 'tenure_months:type']);
  });

  it('reports unknown and absent columns', () => {
    const raw: Record<string, string> = { ...crmRow(), extra: 'x' };
    delete raw['streaming'];
    const errors = errorsOf(validator.validate(raw));
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ column: 'extra', rule: 'unknown-column' }),
        expect.objectContaining({ column: 'streaming', rule: 'missing-column' }),
      ]),
    );
    expect(errors).toHaveLength(2);
  });

  it('accepts large ids, scientific notation and integral decimals for integers', () => {
    const result = validator.validate(crmRow({ customer_id: 'C1000001', total_charges: '1.5e3', tenure_months: '12.0' }));
    expect(result.ok && result.record).toMatchObject({ customer_id: 'C1000001', total_charges: 1500, tenure_months: 12 });
  });

  it('checks a header: missing, unknown and duplicate columns', () => {
    expect(validator.checkHeader([...CRM_HEADER])).toEqual([]);
    const header = [...CRM_HEADER.filter((c) => c !== 'churn' && c !== 'gender'), 'notes', 'tenure_months'];
    expect(validator.checkHeader(header).map((p) => `${p.rule}:${p.column}`)).toEqual([
      'unknown-column:notes',
      'duplicate-column:tenure_months',
      'missing-column:gender',
      'missing-column:churn',
    ]);
  });

  it('fails on an unknown source with a non-retriable PlatformError', () => {
    try {
      createRowValidator('nope');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PlatformError);
      expect(err).toMatchObject({ code: 'CHURN_VALIDATION_UNKNOWN_SOURCE', retriable: false });
    }
  });
});

describe('parseStrictNumber', () => {
  it('parses plain numbers only', () => {
    expect(['0', '-2', '+3.5', '.5', '7.', '1e3', '2E-2'].map(parseStrictNumber)).toEqual([0, -2, 3.5, 0.5, 7, 1000, 0.02]);
    expect(['', ' 1', '1 ', '0x10', '1_000', '1e999', 'Infinity', '--1'].map(parseStrictNumber)).toEqual(
      new Array(8).fill(undefined),
    );
  });
});
