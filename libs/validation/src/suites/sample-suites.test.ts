import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOMAINS } from '@churn/sample-data';
import { loadExpectationSuites, suiteOf } from './load-expectation-suites';

const samplePath = fileURLToPath(new URL('../../../../projects/sample-company/expectations.json', import.meta.url));

describe('projects/sample-company/expectations.json', () => {
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

  // The suites are the one declaration of the category values downstream stages use (the preparer one-hot encodes
  // the enums the validator publishes in schema.json): they must be the generator's catalog, in its order.
  it('declares enums that are the sample company generator\'s category domains, in their order', () => {
    const domainOf: Record<string, Record<string, keyof typeof DOMAINS>> = {
      crm_customers: {
        gender: 'gender', region: 'region', plan: 'plan', contract: 'contract', payment_method: 'payment_method', paperless_billing: 'yes_no',
        internet_service: 'internet_service', phone_service: 'yes_no', streaming: 'yes_no', tech_support: 'yes_no',
      },
      billing_invoices: { status: 'invoice_status', payment_method: 'payment_method' },
      support_tickets: { category: 'ticket_category', priority: 'ticket_priority', status: 'ticket_status' },
      cancellations: { reason: 'cancellation_reason', channel: 'cancellation_channel' },
      product_usage: {},
    };
    // Single-valued enums the generator writes as a constant rather than a domain.
    const constants: Record<string, readonly string[]> = { 'billing_invoices.currency': ['EUR'] };
    const used = new Set<string>();
    for (const suite of suites) {
      for (const [column, spec] of Object.entries(suite.columns)) {
        if (spec.enum === undefined) continue;
        const where = `${suite.source}.${column}`;
        const domain = domainOf[suite.source]?.[column];
        if (domain !== undefined) used.add(domain);
        expect([where, spec.enum]).toEqual([where, domain !== undefined ? DOMAINS[domain] : constants[where]]);
      }
      for (const column of Object.keys(domainOf[suite.source] ?? {})) expect([suite.source, column, suite.columns[column]?.enum !== undefined]).toEqual([suite.source, column, true]);
    }
    expect([...used].sort()).toEqual(Object.keys(DOMAINS).sort());
  });
});
