import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadExpectationSuites, suiteOf } from './load-expectation-suites';

const samplePath = fileURLToPath(new URL('../../../../config/expectations.sample.json', import.meta.url));

describe('config/expectations.sample.json', () => {
  const { suites } = loadExpectationSuites(samplePath);

  it('has a suite, keyed, for every source of the sample company', () => {
    const keys = { crm_customers: ['customer_id'], billing_invoices: ['invoice_id'], support_tickets: ['ticket_id'], cancellations: ['customer_id'], product_usage: ['customer_id', 'day'] };
    for (const [source, key] of Object.entries(keys)) expect([source, suiteOf({ suites }, source)?.key]).toEqual([source, key]);
  });

  it('has column, table, cross-source and drift checks for every source', () => {
    for (const suite of suites) {
      const kinds = new Set(suite.checks.map((c) => c.check));
      for (const kind of ['row_count', 'unique', 'duplicates', 'completeness', 'max_between', 'psi']) expect([suite.source, kinds.has(kind as never)]).toEqual([suite.source, true]);
      if (suite.source !== 'crm_customers') expect(kinds.has('references')).toBe(true);
    }
  });
});
