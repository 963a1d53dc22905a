import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServiceApp, createTestContext, type ServiceContext } from '@churn/service';
import { loadExpectationSuites } from '../suites/load-expectation-suites';
import { validationService } from '../validation.service';

const CSV = ['order_id,amount,status,email', ...Array.from({ length: 60 }, (_, i) => `O-${100 + i},${(i * 2.5).toFixed(2)},${i % 2 ? 'open' : 'closed'},user${i}@example.org`)].join('\n');

describe('POST /suites/suggest', () => {
  let ctx: ServiceContext & { close(): Promise<void> };
  let app: FastifyInstance;
  beforeAll(async () => {
    ctx = await createTestContext('validator', {}, validationService);
    app = await buildServiceApp(validationService, ctx);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  const suggest = (payload: unknown) => app.inject({ method: 'POST', url: '/suites/suggest', payload: payload as object });

  it('answers a loadable expectation-suites file for a CSV sample', async () => {
    const response = await suggest({ source: 'orders', format: 'csv', content: CSV });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(loadExpectationSuites(body).suites).toHaveLength(1);
    const [suite] = body.suites;
    expect(suite).toMatchObject({ source: 'orders', key: ['order_id'] });
    expect(suite.columns).toEqual({
      order_id: { type: 'string', required: true, pattern: '^[A-Z]+-[0-9]+$' },
      amount: { type: 'number', required: true, min: 0, max: 190 },
      status: { type: 'string', required: true, enum: ['closed', 'open'] },
      email: { type: 'string', required: true, format: 'email' },
    });
  });

  it('takes NDJSON, a key and sampleRows', async () => {
    const content = ['{"a_id": 1, "b": "x"}', '{"a_id": 1, "b": "y"}', '{"a_id": 2, "b": null}'].join('\n');
    const response = await suggest({ source: 'events', format: 'ndjson', content, key: ['a_id', 'b'], sampleRows: 2 });
    expect(response.statusCode).toBe(200);
    const [suite] = response.json().suites;
    expect(suite.key).toEqual(['a_id', 'b']);
    expect(suite.checks[0]).toMatchObject({ check: 'row_count', min: 1 });
  });

  it("suggests on the source's column mapping, or proposes one, and answers the mapping beside the suites", async () => {
    const content = ['customerID,Monthly Charges,Notes', ...Array.from({ length: 30 }, (_, i) => `C-${100 + i},${(20 + i).toFixed(2)},n${i}`)].join('\n');
    const mapped = await suggest({ source: 'telco', format: 'csv', content, columns: { rename: { customerID: 'customer_id', 'Monthly Charges': 'monthly_charges' }, drop: ['Notes'] } });
    expect(mapped.statusCode).toBe(200);
    expect(Object.keys(mapped.json().suites[0].columns)).toEqual(['customer_id', 'monthly_charges']);
    expect(mapped.json().columns).toEqual({ rename: { customerID: 'customer_id', 'Monthly Charges': 'monthly_charges' }, drop: ['Notes'] });

    const proposed = await suggest({ source: 'telco', format: 'csv', content, renameColumns: true, columns: { drop: ['Notes'], types: { monthly_charges: 'number' } } });
    expect(proposed.statusCode).toBe(200);
    const body = proposed.json();
    expect(body.columns).toEqual({ drop: ['Notes'], types: { monthly_charges: 'number' }, rename: { customerID: 'customer_id', 'Monthly Charges': 'monthly_charges' } });
    expect(loadExpectationSuites({ suites: body.suites }).suites[0]!.key).toEqual(['customer_id']);

    const refused = await suggest({ source: 'telco', format: 'csv', content });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'CHURN_VALIDATION_UNSUITABLE_SAMPLE', message: expect.stringContaining('"customerID":"customer_id"') });
  });

  it('rejects a bad body with a structured 400', async () => {
    for (const payload of [
      { format: 'csv', content: CSV },
      { source: 'Orders!', format: 'csv', content: CSV },
      { source: 'orders', format: 'xml', content: CSV },
      { source: 'orders', format: 'csv', content: '' },
      { source: 'orders', format: 'csv', content: CSV, key: [] },
      { source: 'orders', format: 'csv', content: CSV, extra: 1 },
      { source: 'orders', format: 'csv', content: CSV, columns: { keep: [] } },
      { source: 'orders', format: 'csv', content: CSV, columns: { types: { amount: 'float' } } },
    ]) {
      const response = await suggest(payload);
      expect([JSON.stringify(payload), response.statusCode]).toEqual([JSON.stringify(payload), 400]);
      expect(response.json()).toMatchObject({ code: 'CHURN_HTTP_INVALID_REQUEST', details: expect.any(Array) });
    }
  });

  it('answers 400 with the engine error code for a sample it cannot use, naming no temporary file', async () => {
    const cases: Array<[object, string]> = [
      [{ source: 'orders', format: 'csv', content: 'a_id,b\n1,"open quote\n2,x\n' }, 'CHURN_VALIDATION_MALFORMED_CSV'],
      [{ source: 'orders', format: 'csv', content: 'a,a\n1,2\n' }, 'CHURN_VALIDATION_BAD_HEADER'],
      [{ source: 'orders', format: 'csv', content: 'a,b\n1,2\n1,2\n' }, 'CHURN_VALIDATION_UNSUITABLE_SAMPLE'],
      [{ source: 'orders', format: 'ndjson', content: 'not json\n[1]\n' }, 'CHURN_VALIDATION_UNSUITABLE_SAMPLE'],
      [{ source: 'orders', format: 'csv', content: CSV, key: ['nope'] }, 'CHURN_VALIDATION_INVALID_OPTIONS'],
    ];
    for (const [payload, code] of cases) {
      const response = await suggest(payload);
      expect([code, response.statusCode]).toEqual([code, 400]);
      const body = response.json();
      expect(body.code).toBe(code);
      expect(body.message).not.toMatch(/suggest-suite-/);
    }
  });
});
