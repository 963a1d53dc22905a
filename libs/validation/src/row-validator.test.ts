import { describe, expect, it } from 'vitest';
import { createRowValidator, parseStrictNumber, type RowValidationResult } from './row-validator';
import { createCompanySourceSchemas } from './schemas/company-source-schemas';
import { CRM_HEADER, crmRow, invoice } from './test-support';

const schemas = createCompanySourceSchemas({ asOf: '2026-10-31' });
const crm = createRowValidator(schemas.crm_customers, { lateAfter: '2026-10-31T23:59:59Z' });

function errorsOf(result: RowValidationResult) {
  if (result.ok) throw new Error('expected the row to be invalid');
  return result.errors;
}

describe('createRowValidator on CSV cells (crm_customers)', () => {
  it('accepts a valid row and types it in schema order: numbers as numbers, empty cells as null (with a warning)', () => {
    const result = crm.validate(crmRow({ gender: '', monthly_fee: '' }));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(Object.keys(result.record)).toEqual([...CRM_HEADER]);
    expect(result.record).toMatchObject({ customer_id: 'C0000001', birth_year: 1985, gender: null, monthly_fee: null, signup_date: '2024-03-15' });
    expect(result.warnings.map((w) => `${w.column}:${w.rule}`)).toEqual(['gender:missing-optional', 'monthly_fee:missing-optional']);
  });

  it.each([
    ['gender', 'female', 'enum'],
    ['contract', 'Monthly', 'enum'],
    ['payment_method', 'Cash', 'enum'],
    ['region', 'North', 'enum'],
    ['birth_year', '1899', 'range'],
    ['monthly_fee', '0', 'range'],
    ['monthly_fee', '500.01', 'range'],
    ['signup_date', '2026-11-01', 'range'],
    ['signup_date', '1999-12-31', 'range'],
    ['customer_id', 'X0000001', 'pattern'],
    ['customer_id', 'C12', 'pattern'],
    ['signup_date', '2021-02-30', 'format'],
    ['signup_date', '15/03/2021', 'format'],
    ['email', 'not-an-email', 'format'],
    ['updated_at', '2026-10-01 09:00', 'format'],
    ['monthly_fee', '12abc', 'type'],
    ['monthly_fee', '1e3x', 'type'],
    ['monthly_fee', 'NaN', 'type'],
    ['monthly_fee', '1,234', 'type'],
    ['birth_year', '1985.5', 'type'],
    ['birth_year', 'Infinity', 'type'],
    ['customer_id', '', 'required'],
    ['signup_date', '', 'required'],
    ['updated_at', '', 'required'],
  ])('rejects %s=%j with rule %s, naming the column', (column, value, rule) => {
    const errors = errorsOf(crm.validate(crmRow({ [column]: value })));
    expect(errors).toEqual([expect.objectContaining({ column, rule, value })]);
    expect(errors[0]!.message).toContain(column);
  });

  it('reports every bad column of a row at once', () => {
    const errors = errorsOf(crm.validate(crmRow({ gender: 'X', birth_year: 'abc', signup_date: '' })));
    expect(errors.map((e) => `${e.column}:${e.rule}`).sort()).toEqual(['birth_year:type', 'gender:enum', 'signup_date:required']);
  });

  it('reports unknown and absent columns', () => {
    const raw: Record<string, string> = { ...crmRow(), extra: 'x' };
    delete raw['streaming'];
    const errors = errorsOf(crm.validate(raw));
    expect(errors.map((e) => `${e.column}:${e.rule}`).sort()).toEqual(['extra:unknown-column', 'streaming:missing-column']);
  });

  it('accepts long ids, scientific notation and integral decimals for integers', () => {
    const result = crm.validate(crmRow({ customer_id: 'C10000001', monthly_fee: '4.25e1', birth_year: '1985.0' }));
    expect(result.ok && result.record).toMatchObject({ customer_id: 'C10000001', monthly_fee: 42.5, birth_year: 1985 });
  });

  it('warns about records updated after the as-of day, without quarantining them', () => {
    const result = crm.validate(crmRow({ updated_at: '2026-11-02T08:00:00Z' }));
    expect(result).toMatchObject({ ok: true, warnings: [{ column: 'updated_at', rule: 'late-arriving' }] });
  });

  it('checks a header: missing, unknown and duplicate columns', () => {
    expect(crm.checkHeader([...CRM_HEADER])).toEqual([]);
    const header = [...CRM_HEADER.filter((c) => c !== 'email' && c !== 'gender'), 'notes', 'plan'];
    expect(crm.checkHeader(header).map((p) => `${p.rule}:${p.column}`)).toEqual([
      'unknown-column:notes',
      'duplicate-column:plan',
      'missing-column:gender',
      'missing-column:email',
    ]);
  });
});

describe('createRowValidator on typed JSON (billing_invoices)', () => {
  const v = createRowValidator(schemas.billing_invoices);

  it('keeps JSON numbers and rejects numbers sent as text, even well-formed ones', () => {
    expect(v.validateTyped(invoice())).toMatchObject({ ok: true, record: { amount: 52.4, paid_date: null } });
    expect(errorsOf(v.validateTyped(invoice({ amount: '52.4' })))).toEqual([expect.objectContaining({ column: 'amount', rule: 'type', value: '52.4' })]);
    expect(errorsOf(v.validateTyped(invoice({ currency: 1 })))).toEqual([expect.objectContaining({ column: 'currency', rule: 'type', value: '1' })]);
  });

  it('treats absent, null and empty string alike: missing', () => {
    const { period: _drop, ...withoutPeriod } = invoice();
    for (const values of [withoutPeriod, invoice({ period: null }), invoice({ period: '' })]) {
      expect(errorsOf(v.validateTyped(values))).toEqual([expect.objectContaining({ column: 'period', rule: 'required' })]);
    }
  });

  it('writes typed records in schema order whatever the input order', () => {
    const reversed = Object.fromEntries(Object.entries(invoice()).reverse());
    const result = v.validateTyped(reversed);
    expect(result.ok && Object.keys(result.record)).toEqual([...schemas.billing_invoices.columns]);
  });
});

describe('parseStrictNumber', () => {
  it('parses plain numbers only', () => {
    expect(['0', '-2', '+3.5', '.5', '7.', '1e3', '2E-2'].map(parseStrictNumber)).toEqual([0, -2, 3.5, 0.5, 7, 1000, 0.02]);
    expect(['', ' 1', '1 ', '0x10', '1_000', '1e999', 'Infinity', '--1'].map(parseStrictNumber)).toEqual(new Array(8).fill(undefined));
  });
});
