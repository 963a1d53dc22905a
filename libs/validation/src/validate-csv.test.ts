import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import type { TypedRecord } from './source-schemas';
import { crmRow, CRM_HEADER, toCsv } from './test-support';
import { validateCsvStream, type QuarantineEntry } from './validate-csv';

async function run(input: AsyncIterable<Buffer | string> | Readable | string) {
  const valid: TypedRecord[] = [];
  const quarantined: QuarantineEntry[] = [];
  const stream = typeof input === 'string' ? Readable.from([Buffer.from(input)]) : input;
  const report = await validateCsvStream(stream, {
    source: 'crm_customers',
    onValid: (r) => void valid.push(r),
    onQuarantined: async (e) => void quarantined.push(e),
  });
  return { report, valid, quarantined };
}

describe('validateCsvStream', () => {
  it('splits valid and quarantined rows, with start lines and errors', async () => {
    const csv = toCsv([
      crmRow({ customer_id: 'C000001' }),
      crmRow({ customer_id: 'C000002', gender: 'X' }),
      crmRow({ customer_id: 'C000003', monthly_charges: '' }),
    ]);
    const { report, valid, quarantined } = await run(csv);
    expect(valid.map((r) => r['customer_id'])).toEqual(['C000001', 'C000003']);
    expect(valid[1]!['monthly_charges']).toBeNull();
    expect(quarantined).toEqual([
      {
        line: 3,
        raw: expect.objectContaining({ customer_id: 'C000002', gender: 'X' }),
        errors: [expect.objectContaining({ column: 'gender', rule: 'enum', value: 'X' })],
      },
    ]);
    expect(report).toMatchObject({ source: 'crm_customers', rowsIn: 3, rowsValid: 2, rowsQuarantined: 1 });
  });

  it('passes the first occurrence of a key and quarantines later ones as duplicate-key', async () => {
    const csv = toCsv([
      crmRow({ customer_id: 'C000001', tenure_months: '1' }),
      crmRow({ customer_id: 'C000001', tenure_months: '2' }),
      crmRow({ customer_id: 'C000002' }),
      crmRow({ customer_id: 'C000001', tenure_months: '3' }),
    ]);
    const { report, valid, quarantined } = await run(csv);
    expect(valid.map((r) => [r['customer_id'], r['tenure_months']])).toEqual([['C000001', 1], ['C000002', 12]]);
    expect(quarantined.map((q) => q.line)).toEqual([3, 5]);
    expect(quarantined[0]!.errors).toEqual([expect.objectContaining({ column: 'customer_id', rule: 'duplicate-key' })]);
    expect(report.duplicateKeys).toBe(2);
  });

  it('quarantines short and long rows instead of aborting, and counts multi-line cells in line numbers', async () => {
    const good = toCsv([crmRow({ customer_id: 'C000009', payment_method: 'Mailed check' })]).split('\n')[1]!;
    const csv = [
      '\ufeff' + CRM_HEADER.join(','),
      'C000001,2021-01-01,Male',
      `${good},surplus`,
      toCsv([crmRow({ customer_id: 'C000003', gender: 'multi\nline' })]).split('\n').slice(1).join('\n').trimEnd(),
      '',
      toCsv([crmRow({ customer_id: 'C000004' })]).split('\n')[1]!,
    ].join('\r\n');
    const { report, valid, quarantined } = await run(csv);
    expect(valid.map((r) => r['customer_id'])).toEqual(['C000004']);
    expect(quarantined.map((q) => q.line)).toEqual([2, 3, 4]);
    expect(quarantined[0]!.errors.filter((e) => e.rule === 'missing-column')).toHaveLength(CRM_HEADER.length - 3);
    expect(quarantined[1]!.errors).toEqual([expect.objectContaining({ column: null, rule: 'column-count' })]);
    expect(quarantined[2]!.errors).toEqual([expect.objectContaining({ column: 'gender', rule: 'enum' })]);
    expect(report.rowsIn).toBe(4);
  });

  it('throws CHURN_VALIDATION_BAD_HEADER naming the missing columns', async () => {
    const header = CRM_HEADER.filter((c) => c !== 'churn' && c !== 'tenure_months');
    const err = await run(toCsv([crmRow()], header)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect(err).toMatchObject({ code: 'CHURN_VALIDATION_BAD_HEADER', retriable: false });
    expect((err as Error).message).toContain('tenure_months');
    expect((err as Error).message).toContain('churn');
  });

  it('throws CHURN_VALIDATION_BAD_HEADER on an empty file', async () => {
    await expect(run('')).rejects.toMatchObject({ code: 'CHURN_VALIDATION_BAD_HEADER', retriable: false });
  });

  it('reports unknown header columns and validates the rest', async () => {
    const header = [...CRM_HEADER, 'notes'];
    const { report, valid } = await run(toCsv([{ ...crmRow(), notes: 'hi' }], header));
    expect(valid).toHaveLength(1);
    expect(valid[0]).not.toHaveProperty('notes');
    expect(report.headerProblems).toEqual([expect.objectContaining({ column: 'notes', rule: 'unknown-column' })]);
  });

  it('accepts a chunked async iterable that splits rows and multi-byte characters', async () => {
    const bytes = Buffer.from(toCsv([crmRow({ customer_id: 'C000001' }), crmRow({ customer_id: 'C000002' })]));
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
    }
    const { report } = await run(chunks());
    expect(report.rowsValid).toBe(2);
  });

  it('propagates errors of the input stream', async () => {
    async function* broken() {
      yield `${CRM_HEADER.join(',')}\n`;
      throw new Error('socket hang up');
    }
    await expect(run(broken())).rejects.toThrow('socket hang up');
  });

  it('validates a 100k-row stream in bounded memory and counts right', async () => {
    const n = 100_000;
    const header = `${CRM_HEADER.join(',')}\n`;
    const template = crmRow();
    async function* generate() {
      yield header;
      let batch = '';
      for (let i = 1; i <= n; i += 1) {
        const row: Record<string, string> = { ...template, customer_id: `C${String(i).padStart(6, '0')}`, tenure_months: String(i % 100) };
        if (i % 1000 === 0) row.gender = 'Unknown';
        if (i % 2500 === 0) row.customer_id = 'C000001';
        batch += `${CRM_HEADER.map((c) => row[c]).join(',')}\n`;
        if (i % 1000 === 0) {
          yield batch;
          batch = '';
        }
      }
    }
    let validCount = 0;
    let quarantinedCount = 0;
    const report = await validateCsvStream(generate(), {
      source: 'crm_customers',
      onValid: () => void (validCount += 1),
      onQuarantined: () => void (quarantinedCount += 1),
    });
    // i % 1000 === 0 -> bad gender (100 rows); i % 2500 === 0 and not % 1000 -> duplicate key (20 rows).
    expect(report).toMatchObject({ rowsIn: n, rowsValid: n - 120, rowsQuarantined: 120, duplicateKeys: 20 });
    expect([validCount, quarantinedCount]).toEqual([n - 120, 120]);
    const ids = report.columns.find((c) => c.column === 'customer_id')!;
    expect(ids.distinctExact).toBe(false);
    expect(Math.abs(ids.distinct - (n - 120)) / (n - 120)).toBeLessThan(0.05);
    const tenure = report.columns.find((c) => c.column === 'tenure_months')!;
    expect(tenure.numeric).toMatchObject({ min: 0, max: 99 });
    expect(tenure.distinct).toBe(100);
  }, 60_000);
});
