import { describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import { CRM_COLUMNS, DOMAINS, USAGE_COLUMNS } from '@churn/sample-data';
import { createRowValidator } from '../row-validator';
import { crmRow, usage, validateOne } from '../test-support';
import { createCompanySourceSchemas, schemaOf } from './company-source-schemas';
import { COMPANY_ENUMS } from './enums';
import { recordKey } from './source-schema';

const schemas = createCompanySourceSchemas();

describe('createCompanySourceSchemas', () => {
  it('agrees with the source contract as the generator implements it', () => {
    const { currency, ...generated } = COMPANY_ENUMS;
    expect(generated).toEqual(DOMAINS);
    expect(currency).toEqual(['EUR']);
    expect(schemas.crm_customers.columns).toEqual(CRM_COLUMNS);
    expect(schemas.product_usage.columns).toEqual(USAGE_COLUMNS);
    // Every schema column is a schema property, and the other way round.
    for (const def of Object.values(schemas)) expect(Object.keys(def.schema.properties)).toEqual([...def.columns]);
  });

  it('bounds dates and birth years by the as-of date', () => {
    const v = createRowValidator(createCompanySourceSchemas({ asOf: '2025-06-30' }).product_usage);
    expect(v.validateTyped(usage({ day: '2025-06-30' })).ok).toBe(true);
    expect(v.validateTyped(usage({ day: '2025-07-01' }))).toMatchObject({ ok: false, errors: [{ column: 'day', rule: 'range' }] });
    const crm = createRowValidator(schemas.crm_customers);
    expect(crm.validate(crmRow({ birth_year: '2011' }))).toMatchObject({ ok: false, errors: [{ column: 'birth_year', rule: 'range' }] });
    expect(crm.validate(crmRow({ birth_year: '2010' }))).toMatchObject({ ok: true });
    expect(() => createCompanySourceSchemas({ asOf: '31.10.2026' })).toThrow(PlatformError);
  });

  it('is the registry: a source that is not in it has no expectation suite', () => {
    expect(schemaOf(schemas, 'cancellations')?.source).toBe('cancellations');
    expect(schemaOf(schemas, 'marketing_leads')).toBeUndefined();
    expect(schemaOf(schemas, 'toString')).toBeUndefined();
  });

  it('keys usage rows by customer and day', () => {
    expect(recordKey(schemas.product_usage, usage())).toBe('C0000001/2026-10-30');
    expect(recordKey(schemas.product_usage, usage({ day: null }))).toBeUndefined();
  });

  it('validates a CSV of any company schema, with composite duplicate keys', async () => {
    const csv = [
      USAGE_COLUMNS.join(','),
      'C0000001,2026-10-30,3,41.5,210.2,2,2026-10-30T23:10:00Z',
      'C0000001,2026-10-30,4,1,1,1,2026-10-30T23:11:00Z',
      'C0000001,2026-10-29,3,"41,5",,2,2026-10-29T23:10:00Z',
    ].join('\n');
    const { report, quarantined } = await validateOne('csv', csv, { schema: schemas.product_usage });
    expect(quarantined.map((q) => [q.line, q.errors.map((e) => `${e.column}:${e.rule}`)])).toEqual([
      [3, ['customer_id:duplicate-key']],
      [4, ['minutes:type']],
    ]);
    expect(report).toMatchObject({ source: 'product_usage', rowsIn: 3, duplicateKeys: 1, warningsByRule: { 'missing-optional': 1 } });
    await expect(validateOne('csv', 'customer_id,day\n', { schema: schemas.product_usage })).rejects.toMatchObject({ code: 'CHURN_VALIDATION_BAD_HEADER' });
  });
});
