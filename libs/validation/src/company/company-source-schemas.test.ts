import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import { CRM_COLUMNS, DOMAINS, USAGE_COLUMNS } from '@churn/sample-data';
import type { QuarantineEntry } from '../validate-csv';
import { companySourceSchemas, createCompanySourceSchemas, recordKey } from './company-source-schemas';
import { COMPANY_ENUMS } from './enums';
import { createRowValidatorFor } from './row-validator-for';
import { validateCsvStreamFor } from './validate-csv-for';

const usage = (overrides: Record<string, unknown> = {}) => ({
  customer_id: 'C0000001',
  day: '2026-10-30',
  sessions: 3,
  minutes: 41.5,
  data_mb: 210.2,
  features_used: 2,
  updated_at: '2026-10-30T23:10:00Z',
  ...overrides,
});

describe('companySourceSchemas', () => {
  it('agrees with the source contract as the generator implements it', () => {
    const { currency, ...generated } = COMPANY_ENUMS;
    expect(generated).toEqual(DOMAINS);
    expect(currency).toEqual(['EUR']);
    expect(companySourceSchemas.crm_customers.columns).toEqual(CRM_COLUMNS);
    expect(companySourceSchemas.product_usage.columns).toEqual(USAGE_COLUMNS);
  });

  it('bounds dates and birth years by the as-of date', () => {
    const v = createRowValidatorFor(createCompanySourceSchemas({ asOf: '2025-06-30' }).product_usage);
    expect(v.validateTyped(usage({ day: '2025-06-30' })).ok).toBe(true);
    expect(v.validateTyped(usage({ day: '2025-07-01' }))).toMatchObject({ ok: false, errors: [{ column: 'day', rule: 'range' }] });
    const crm = createRowValidatorFor(companySourceSchemas.crm_customers);
    const row = { customer_id: 'C0000001', signup_date: '2024-01-02', birth_year: '2011', updated_at: '2026-01-01T10:00:00Z' };
    const full = Object.fromEntries(CRM_COLUMNS.map((c) => [c, (row as Record<string, string>)[c] ?? '']));
    expect(crm.validate(full)).toMatchObject({ ok: false, errors: [{ column: 'birth_year', rule: 'range' }] });
    expect(crm.validate({ ...full, birth_year: '2010' })).toMatchObject({ ok: true });
    expect(() => createCompanySourceSchemas({ asOf: '31.10.2026' })).toThrow(PlatformError);
  });

  it('keys usage rows by customer and day', () => {
    expect(recordKey(companySourceSchemas.product_usage, usage())).toBe('C0000001/2026-10-30');
    expect(recordKey(companySourceSchemas.product_usage, usage({ day: null }))).toBeUndefined();
  });

  it('validates a CSV of any company schema, with composite duplicate keys', async () => {
    const header = USAGE_COLUMNS.join(',');
    const csv = [header, 'C0000001,2026-10-30,3,41.5,210.2,2,2026-10-30T23:10:00Z', 'C0000001,2026-10-30,4,1,1,1,2026-10-30T23:11:00Z',
      'C0000001,2026-10-29,3,"41,5",,2,2026-10-29T23:10:00Z'].join('\n');
    const quarantined: QuarantineEntry[] = [];
    const report = await validateCsvStreamFor(Readable.from([csv]), {
      schema: companySourceSchemas.product_usage,
      onValid: () => undefined,
      onQuarantined: (q) => void quarantined.push(q),
    });
    expect(quarantined.map((q) => [q.line, q.errors.map((e) => `${e.column}:${e.rule}`)])).toEqual([
      [3, ['customer_id:duplicate-key']],
      [4, ['minutes:type']],
    ]);
    expect(report).toMatchObject({ source: 'product_usage', rowsIn: 3, duplicateKeys: 1, warningsByRule: { 'missing-optional': 1 } });
    await expect(
      validateCsvStreamFor(Readable.from(['customer_id,day\n']), { schema: companySourceSchemas.product_usage, onValid: () => undefined, onQuarantined: () => undefined }),
    ).rejects.toMatchObject({ code: 'CHURN_VALIDATION_BAD_HEADER' });
  });
});
