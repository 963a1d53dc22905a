import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleCompany } from '@churn/sample-data';
import { runSuite } from '../engine/run-suite';
import { loadExpectationSuites } from './load-expectation-suites';
import { suggestSuite } from './suggest-suite';

const NO_DEFECTS = { missing: 0, duplicate: 0, malformedDate: 0, malformedNumber: 0, outlier: 0, unknownCategory: 0, lateArriving: 0 };

describe('suggestSuite', () => {
  let dir: string;
  const file = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'suggest-suite-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('suggests a loadable suite for the CRM export that quarantines none of the same sample', async () => {
    const company = createSampleCompany({ customers: 1000, defects: NO_DEFECTS });
    const path = join(dir, 'crm.csv');
    await pipeline(company.crmCsv(), createWriteStream(path));
    const suite = await suggestSuite({ source: 'crm_customers', inputs: [{ path, format: 'csv' }] });

    const { suites } = loadExpectationSuites({ suites: [suite] });
    expect(suite.key).toEqual(['customer_id']);
    expect(suite.columns.customer_id).toEqual({ type: 'string', required: true, pattern: '^[A-Z]+[0-9]+$' });
    expect(suite.columns.signup_date).toMatchObject({ type: 'date', required: true });
    expect(suite.columns.updated_at).toMatchObject({ type: 'timestamp', required: true });
    expect(suite.columns.birth_year).toMatchObject({ type: 'integer' });
    expect(suite.columns.monthly_fee).toMatchObject({ type: 'number' });
    expect(suite.columns.email).toMatchObject({ type: 'string', format: 'email' });
    expect(suite.columns.plan!.enum).toEqual(['basic', 'premium', 'standard']);
    expect(suite.columns.city!.enum === undefined || suite.columns.city!.enum.length <= 20).toBe(true);
    const kinds = suite.checks.map((c) => `${c.check}:${'column' in c ? c.column : 'columns' in c ? c.columns.join('+') : ''}`);
    expect(kinds).toContain('unique:customer_id');
    expect(kinds).toContain('psi:monthly_fee');
    expect(kinds).not.toContain('psi:customer_id');
    expect(suite.checks[0]).toMatchObject({ check: 'row_count', min: 500, severity: 'warn' });

    const result = await runSuite({ suite: suites[0]!, asOf: company.options.asOf, inputs: [{ path, format: 'csv' }], outDir: join(dir, 'crm-out') });
    expect(result.rowsIn).toBe(1000);
    expect(result.rowsQuarantined).toBe(0);
    expect(result.rowsFlagged).toBe(0);
    expect(result.checks.filter((c) => c.status === 'fail' || c.status === 'warn')).toEqual([]);
  }, 60_000);

  it('types NDJSON by JSON type, keeps leading zeros as text, adds completeness where values are missing and widens ranges', async () => {
    const lines = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({
        order_id: `ORD-${1000 + i}`,
        amount: 10 + (i % 50) * 1.5,
        paid: i % 3 === 0,
        zip: `0${2100 + (i % 40)}`,
        note: i % 4 === 0 ? null : `note ${i}`,
        status: ['open', 'closed'][i % 2],
        placed_at: `2026-01-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
      }),
    );
    const path = await file('orders.ndjson', `${lines.join('\n')}\n`);
    const suite = await suggestSuite({ source: 'orders', inputs: [{ path, format: 'ndjson' }] });
    loadExpectationSuites({ suites: [suite] });
    expect(Object.keys(suite.columns)).toEqual(['order_id', 'amount', 'paid', 'zip', 'note', 'status', 'placed_at']);
    expect(suite.key).toEqual(['order_id']);
    expect(suite.columns.order_id).toEqual({ type: 'string', required: true, pattern: '^[A-Z]+-[0-9]+$' });
    expect(suite.columns.amount).toEqual({ type: 'number', required: true, min: 0, max: 110 });
    expect(suite.columns.paid).toEqual({ type: 'boolean', required: true });
    expect(suite.columns.zip).toMatchObject({ type: 'string', required: true });
    expect(suite.columns.note).toEqual({ type: 'string' });
    expect(suite.columns.status).toEqual({ type: 'string', required: true, enum: ['closed', 'open'] });
    expect(suite.columns.placed_at).toEqual({ type: 'timestamp', required: true, min: '2025-12-02', max: '2026-02-27' });
    expect(suite.checks).toContainEqual({ name: 'note_complete', check: 'completeness', column: 'note', atLeast: 0.75, severity: 'warn' });

    const result = await runSuite({ suite: loadExpectationSuites({ suites: [suite] }).suites[0]!, asOf: '2026-02-01', inputs: [{ path, format: 'ndjson' }], outDir: join(dir, 'orders-out') });
    expect(result.rowsQuarantined).toBe(0);
  });

  it('keeps digit strings with leading zeros as strings in CSV, takes a given key and honours sampleRows', async () => {
    const path = await file('codes.csv', 'code,qty\n0123,1\n0456,2\n0789,3\n1000,4\n');
    const suite = await suggestSuite({ source: 'codes', inputs: [{ path, format: 'csv' }], key: ['code'], sampleRows: 3 });
    expect(suite.columns.code!.type).toBe('string');
    expect(suite.columns.qty).toEqual({ type: 'integer', required: true, min: 0, max: 4 });
    expect(suite.checks[0]).toMatchObject({ check: 'row_count', min: 1 });
  });

  it('fails with the engine error codes on an unparseable sample and clear errors on a bad key or no key', async () => {
    const broken = await file('broken.csv', 'a_id,b\n1,"unterminated\n2,x\n');
    await expect(suggestSuite({ source: 's', inputs: [{ path: broken, format: 'csv' }] })).rejects.toMatchObject({ code: 'CHURN_VALIDATION_MALFORMED_CSV' });
    const dupHeader = await file('dup.csv', 'a,a\n1,2\n');
    await expect(suggestSuite({ source: 's', inputs: [{ path: dupHeader, format: 'csv' }] })).rejects.toMatchObject({ code: 'CHURN_VALIDATION_BAD_HEADER' });
    const ok = await file('ok.csv', 'a,b\n1,2\n1,3\n');
    await expect(suggestSuite({ source: 's', inputs: [{ path: ok, format: 'csv' }], key: ['nope'] })).rejects.toMatchObject({ code: 'CHURN_VALIDATION_INVALID_OPTIONS' });
    await expect(suggestSuite({ source: 's', inputs: [{ path: ok, format: 'csv' }] })).rejects.toMatchObject({ code: 'CHURN_VALIDATION_UNSUITABLE_SAMPLE' });
    const badName = await file('bad-name.csv', 'Order ID,b\n1,2\n');
    await expect(suggestSuite({ source: 's', inputs: [{ path: badName, format: 'csv' }] })).rejects.toMatchObject({ code: 'CHURN_VALIDATION_UNSUITABLE_SAMPLE' });
    await expect(suggestSuite({ source: 'Bad Source', inputs: [{ path: ok, format: 'csv' }] })).rejects.toMatchObject({ code: 'CHURN_VALIDATION_INVALID_OPTIONS' });
  });

  it('suggests on the renamed columns of a mapped source, leaves dropped ones out and takes the type hints', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${String(i).padStart(4, '0')}-AB,${i % 2},${i % 3 === 0 ? ' ' : (i * 1.5).toFixed(2)},note ${i},${i % 5 ? 'No' : 'Yes'}`);
    const path = await file('telco-like.csv', `customerID,SeniorCitizen,TotalCharges,Notes,Churn\n${rows.join('\n')}\n`);
    const columns = {
      rename: { customerID: 'customer_id', SeniorCitizen: 'senior_citizen', TotalCharges: 'total_charges', Churn: 'churn' },
      drop: ['Notes'],
      types: { senior_citizen: 'number' as const },
    };
    const suite = await suggestSuite({ source: 'telco', inputs: [{ path, format: 'csv' }], columns });
    expect(Object.keys(suite.columns)).toEqual(['customer_id', 'senior_citizen', 'total_charges', 'churn']);
    expect(suite.key).toEqual(['customer_id']);
    // The hint wins over the inferred integer; blank TotalCharges cells are missing, so the column stays a number.
    expect(suite.columns.senior_citizen).toMatchObject({ type: 'number', required: true, min: 0, max: 1.3 });
    expect(suite.columns.total_charges).toMatchObject({ type: 'number' });
    expect(suite.checks).toContainEqual({ name: 'total_charges_complete', check: 'completeness', column: 'total_charges', atLeast: 0.65, severity: 'warn' });

    const result = await runSuite({ suite: loadExpectationSuites({ suites: [suite] }).suites[0]!, asOf: '2026-10-31', inputs: [{ path, format: 'csv' }], outDir: join(dir, 'telco-out'), columns });
    expect([result.rowsIn, result.rowsQuarantined, result.headerProblems]).toEqual([40, 0, []]);

    const ndjson = await file('mapped.ndjson', `${JSON.stringify({ OrderID: 'O-1', Amount: 2 })}\n${JSON.stringify({ OrderID: 'O-2', Amount: 3 })}\n`);
    const fromNdjson = await suggestSuite({ source: 'orders', inputs: [{ path: ndjson, format: 'ndjson' }], columns: { rename: { OrderID: 'order_id', Amount: 'amount' } } });
    expect(Object.keys(fromNdjson.columns)).toEqual(['order_id', 'amount']);
  });

  it('bounds a hinted date column by its valid dates only (one malformed value neither crashes nor widens it)', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `E${i},${i === 7 ? '2025-13-45' : `2025-0${1 + (i % 9)}-1${i % 10}`}`);
    const path = await file('dates.csv', `id,signed_on\n${rows.join('\n')}\n`);
    const suite = await suggestSuite({ source: 'events', inputs: [{ path, format: 'csv' }], columns: { types: { signed_on: 'date' } } });
    expect(suite.columns.signed_on).toMatchObject({ type: 'date', min: '2024-11-08', max: '2025-11-20' });
  });

  it('refuses headers a suite cannot hold, proposing their names, and a bad mapping', async () => {
    const path = await file('raw-names.csv', 'Order ID,unitPrice\nO1,2\n');
    const err = await suggestSuite({ source: 's', inputs: [{ path, format: 'csv' }] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CHURN_VALIDATION_UNSUITABLE_SAMPLE', context: { columns: ['Order ID', 'unitPrice'], rename: { 'Order ID': 'order_id', unitPrice: 'unit_price' } } });
    expect((err as Error).message).toContain(`rename them in the source's columns.rename, e.g. {"Order ID":"order_id","unitPrice":"unit_price"}`);
    await expect(suggestSuite({ source: 's', inputs: [{ path, format: 'csv' }], columns: { rename: { 'Order ID': 'Order' } } })).rejects.toMatchObject({
      code: 'CHURN_VALIDATION_INVALID_OPTIONS',
      message: expect.stringContaining('columns.rename.Order ID: "Order" is not a column name a suite can hold'),
    });
  });
});
