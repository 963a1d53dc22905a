import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import { createCompanySourceSchemas } from './schemas/company-source-schemas';
import { CRM_HEADER, crmRow, toCsv, validateOne } from './test-support';
import { validateCsvStream } from './validate-csv';
import { ValidationRun } from './validation-run';

const schema = createCompanySourceSchemas().crm_customers;
const run = (input: AsyncIterable<Buffer | string> | Readable | string) => validateOne('csv', input, { schema });

describe('validateCsvStream', () => {
  it('splits valid and quarantined rows, with start lines and errors', async () => {
    const csv = toCsv([
      crmRow({ customer_id: 'C0000001' }),
      crmRow({ customer_id: 'C0000002', gender: 'X' }),
      crmRow({ customer_id: 'C0000003', monthly_fee: '' }),
    ]);
    const { report, valid, quarantined } = await run(csv);
    expect(valid.map((r) => r['customer_id'])).toEqual(['C0000001', 'C0000003']);
    expect(valid[1]!['monthly_fee']).toBeNull();
    expect(quarantined).toEqual([
      {
        line: 3,
        raw: expect.objectContaining({ customer_id: 'C0000002', gender: 'X' }),
        errors: [expect.objectContaining({ column: 'gender', rule: 'enum', value: 'X' })],
      },
    ]);
    expect(report).toMatchObject({ source: 'crm_customers', rowsIn: 3, rowsValid: 2, rowsQuarantined: 1, rowsSuperseded: 0 });
  });

  it('passes the first valid occurrence of a key and quarantines later ones as duplicate-key', async () => {
    const csv = toCsv([
      crmRow({ customer_id: 'C0000001', plan: 'basic' }),
      crmRow({ customer_id: 'C0000001', plan: 'premium' }),
      crmRow({ customer_id: 'C0000002' }),
      crmRow({ customer_id: 'C0000001', plan: 'standard' }),
    ]);
    const { report, valid, quarantined } = await run(csv);
    expect(valid.map((r) => [r['customer_id'], r['plan']])).toEqual([['C0000001', 'basic'], ['C0000002', 'standard']]);
    expect(quarantined.map((q) => q.line)).toEqual([3, 5]);
    expect(quarantined[0]!.errors).toEqual([expect.objectContaining({ column: 'customer_id', rule: 'duplicate-key' })]);
    expect(report.duplicateKeys).toBe(2);
  });

  it('quarantines short and long rows instead of aborting, and counts multi-line cells in line numbers', async () => {
    const good = toCsv([crmRow({ customer_id: 'C0000009' })]).split('\n')[1]!;
    const csv = [
      '\ufeff' + CRM_HEADER.join(','),
      'C0000001,2021-01-01,Male',
      `${good},surplus`,
      toCsv([crmRow({ customer_id: 'C0000003', city: 'multi\nline', gender: 'X' })]).split('\n').slice(1).join('\n').trimEnd(),
      '',
      toCsv([crmRow({ customer_id: 'C0000004' })]).split('\n')[1]!,
    ].join('\r\n');
    const { report, valid, quarantined } = await run(csv);
    expect(valid.map((r) => r['customer_id'])).toEqual(['C0000004']);
    expect(quarantined.map((q) => q.line)).toEqual([2, 3, 4]);
    expect(quarantined[0]!.errors.filter((e) => e.rule === 'missing-column')).toHaveLength(CRM_HEADER.length - 3);
    expect(quarantined[1]!.errors).toEqual([expect.objectContaining({ column: null, rule: 'column-count' })]);
    expect(quarantined[1]!.raw).toMatchObject({ __field_18: 'surplus' });
    expect(quarantined[2]!.errors).toEqual([expect.objectContaining({ column: 'gender', rule: 'enum' })]);
    expect(report.rowsIn).toBe(4);
  });

  it('throws CHURN_VALIDATION_BAD_HEADER naming the missing columns and the part', async () => {
    const header = CRM_HEADER.filter((c) => c !== 'email' && c !== 'signup_date');
    const body = Readable.from([toCsv([crmRow()], header)]);
    const err = await validateCsvStream(body, new ValidationRun({ schema }), { onValid: () => undefined, onQuarantined: () => undefined }, 'raw/x/crm.csv').catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PlatformError);
    expect(err).toMatchObject({ code: 'CHURN_VALIDATION_BAD_HEADER', retriable: false, context: { source: 'crm_customers', part: 'raw/x/crm.csv' } });
    expect((err as Error).message).toMatch(/crm_customers \(part raw\/x\/crm\.csv\).*signup_date.*email/);
  });

  it('throws CHURN_VALIDATION_BAD_HEADER on an empty file', async () => {
    await expect(run('')).rejects.toMatchObject({ code: 'CHURN_VALIDATION_BAD_HEADER', retriable: false });
  });

  it('throws CHURN_VALIDATION_MALFORMED_CSV (not retriable) on broken quoting, with the line', async () => {
    const good = toCsv([crmRow()]).split('\n')[1]!;
    const err = await run(`${CRM_HEADER.join(',')}\n${good}\nC0000002,"2024-01-01"x,Male\n`).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CHURN_VALIDATION_MALFORMED_CSV', retriable: false, context: { line: 3 } });
    expect((err as Error).message).toContain('Invalid Closing Quote');
    await expect(run(`${CRM_HEADER.join(',')}\n"C0000001,2024-01-01\n`)).rejects.toMatchObject({ code: 'CHURN_VALIDATION_MALFORMED_CSV' });
  });

  it('reports unknown header columns and validates the rest', async () => {
    const header = [...CRM_HEADER, 'notes'];
    const { report, valid } = await run(toCsv([{ ...crmRow(), notes: 'hi' }], header));
    expect(valid).toHaveLength(1);
    expect(valid[0]).not.toHaveProperty('notes');
    expect(report.headerProblems).toEqual([expect.objectContaining({ column: 'notes', rule: 'unknown-column' })]);
  });

  it('accepts a chunked async iterable that splits rows and multi-byte characters', async () => {
    const bytes = Buffer.from(toCsv([crmRow({ customer_id: 'C0000001', city: 'Düsseldorf' }), crmRow({ customer_id: 'C0000002', city: 'Köln' })]));
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
    }
    const { report, valid } = await run(chunks());
    expect(report.rowsValid).toBe(2);
    expect(valid.map((r) => r['city'])).toEqual(['Düsseldorf', 'Köln']);
  });

  it('propagates errors of the input stream unchanged', async () => {
    async function* broken() {
      yield `${CRM_HEADER.join(',')}\n`;
      throw new Error('socket hang up');
    }
    await expect(run(broken())).rejects.toThrow('socket hang up');
  });

  it('validates a 12k-row stream and counts right, estimating distinct values past the cap', async () => {
    const n = 12_000;
    const template = crmRow();
    async function* generate() {
      yield `${CRM_HEADER.join(',')}\n`;
      let batch = '';
      for (let i = 1; i <= n; i += 1) {
        const row: Record<string, string> = { ...template, customer_id: `C${String(i).padStart(7, '0')}`, birth_year: String(1950 + (i % 50)) };
        if (i % 1000 === 0) row.gender = 'Unknown';
        if (i % 2500 === 0) row.customer_id = 'C0000001';
        batch += `${CRM_HEADER.map((c) => row[c]).join(',')}\n`;
        if (i % 1000 === 0) {
          yield batch;
          batch = '';
        }
      }
    }
    const { report, valid, quarantined } = await validateOne('csv', generate(), { schema, distinctCap: 2_000 });
    // i % 1000 === 0 -> bad gender (12 rows); i % 2500 === 0 -> repeats C0000001 (4 rows, 2 of them also bad gender).
    expect(report).toMatchObject({ rowsIn: n, rowsValid: n - 14, rowsQuarantined: 14, duplicateKeys: 4 });
    expect([valid.length, quarantined.length]).toEqual([n - 14, 14]);
    const ids = report.columns.find((c) => c.column === 'customer_id')!;
    expect(ids.distinctExact).toBe(false);
    expect(Math.abs(ids.distinct - (n - 14)) / (n - 14)).toBeLessThan(0.05);
    const births = report.columns.find((c) => c.column === 'birth_year')!;
    expect(births.numeric).toMatchObject({ min: 1950, max: 1999 });
    expect(births.distinct).toBe(50);
  }, 30_000);
});
