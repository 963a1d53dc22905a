import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createCompanySourceSchemas } from './schemas/company-source-schemas';
import { invoice, toNdjson as lines, validateOne } from './test-support';

const schema = createCompanySourceSchemas().billing_invoices;

const run = (text: string | Buffer[], lateAfter?: string) =>
  validateOne('ndjson', typeof text === 'string' ? text : Readable.from(text), { schema, ...(lateAfter ? { lateAfter } : {}) });

describe('validateNdjsonStream', () => {
  it('passes typed records and catches numbers sent as strings, wrong types, bad enums and dates', async () => {
    const { report, valid, quarantined } = await run(
      lines(
        invoice(),
        invoice({ invoice_id: 'INV-0000002-202610', amount: '12,5' }),
        invoice({ invoice_id: 'INV-0000003-202610', amount: '52.4' }),
        invoice({ invoice_id: 'INV-0000004-202610', status: 'PAID' }),
        invoice({ invoice_id: 'INV-0000005-202610', issued_date: '31/02/2026' }),
        invoice({ invoice_id: 'INV-0000006-202610', amount: 99999 }),
        invoice({ invoice_id: 'INV-0000007-202610', currency: true }),
        invoice({ invoice_id: 'INV-0000008-202610', period: null }),
      ),
    );
    expect(valid).toEqual([expect.objectContaining({ invoice_id: 'INV-0000001-202610', amount: 52.4, paid_date: null })]);
    expect(quarantined.map((q) => [q.line, q.errors.map((e) => `${e.column}:${e.rule}`)])).toEqual([
      [2, ['amount:type']],
      [3, ['amount:type']],
      [4, ['status:enum']],
      [5, ['issued_date:format']],
      [6, ['amount:range']],
      [7, ['currency:type']],
      [8, ['period:required']],
    ]);
    expect(quarantined[0]!.errors[0]!.value).toBe('12,5');
    expect(report).toMatchObject({ source: 'billing_invoices', rowsIn: 8, rowsValid: 1, rowsQuarantined: 7 });
    // Every row has paid_date null (failed), valid or not.
    expect(report.warningsByRule).toEqual({ 'missing-optional': 8 });
  });

  it('quarantines lines that are not JSON objects with rule json, skips blank lines, keeps line numbers', async () => {
    const { valid, quarantined, report } = await run(
      lines(invoice(), '{"invoice_id": "INV-00', '', '[1,2]', '42', invoice({ invoice_id: 'INV-0000002-202610' })),
    );
    expect(valid).toHaveLength(2);
    expect(quarantined.map((q) => [q.line, q.raw, q.errors[0]!.rule])).toEqual([
      [2, '{"invoice_id": "INV-00', 'json'],
      [4, '[1,2]', 'json'],
      [5, '42', 'json'],
    ]);
    expect(report).toMatchObject({ rowsIn: 5, rowsQuarantined: 3, failuresByRule: { json: 3 } });
  });

  it('labels repeated keys duplicate-key, also when the first copy was quarantined', async () => {
    const bad = invoice({ invoice_id: 'INV-0000009-202610', amount: 'abc' });
    const { valid, quarantined, report } = await run(lines(invoice(), invoice(), bad, bad));
    expect(valid).toHaveLength(1);
    expect(quarantined.map((q) => q.errors.map((e) => e.rule))).toEqual([['duplicate-key'], ['type'], ['type', 'duplicate-key']]);
    expect(report.duplicateKeys).toBe(2);
  });

  it('reports unknown properties once, warns about late records, and survives UTF-8 split across chunks', async () => {
    const text = lines(invoice({ note: 'Grüße' }), invoice({ invoice_id: 'INV-0000002-202610', note: 'x', updated_at: '2026-11-03T10:00:00Z' }));
    const bytes = Buffer.from(text);
    const cut = bytes.indexOf(Buffer.from('ü')) + 1;
    const { valid, report } = await run([bytes.subarray(0, cut), bytes.subarray(cut)], '2026-10-31T23:59:59Z');
    expect(valid).toHaveLength(2);
    expect(report.headerProblems).toEqual([expect.objectContaining({ column: 'note', rule: 'unknown-column' })]);
    expect(report.warningsByRule['late-arriving']).toBe(1);
  });
});
