import { describe, expect, it } from 'vitest';
import { CRM_COLUMNS, USAGE_COLUMNS, createSampleCompany } from '@churn/sample-data';
import { COMPANY_SOURCE_FIELDS } from './company-sources';

describe('company source contract', () => {
  // Category values are checked where they are declared: the suites (libs/validation/src/suites/sample-suites.test.ts).
  it('reads the fields the sample company generator writes', () => {
    expect(COMPANY_SOURCE_FIELDS.crm_customers).toEqual(CRM_COLUMNS);
    expect(COMPANY_SOURCE_FIELDS.product_usage).toEqual(USAGE_COLUMNS);
    const company = createSampleCompany({ customers: 1000 });
    const first = (c: { size: number; get(i: number): object | undefined }) => {
      for (let i = 0; i < c.size; i += 1) {
        const r = c.get(i);
        if (r !== undefined) return Object.keys(r);
      }
      return [];
    };
    expect(first(company.collections.billing_invoices)).toEqual(COMPANY_SOURCE_FIELDS.billing_invoices);
    expect(first(company.collections.support_tickets)).toEqual(COMPANY_SOURCE_FIELDS.support_tickets);
    expect(first(company.collections.cancellations)).toEqual(COMPANY_SOURCE_FIELDS.cancellations);
  });
});
