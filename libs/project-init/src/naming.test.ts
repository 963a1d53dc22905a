import { describe, expect, it } from 'vitest';
import { distinctName, platformName, projectSlug, singular, snakeCase } from './naming';

describe('naming', () => {
  it('snake-cases real export headers', () => {
    expect(['customerID', 'SeniorCitizen', 'StreamingTV', 'TotalCharges', 'tenure', 'Monthly Charges ($)', 'HTTPStatus', 'Attrition_Flag'].map(snakeCase)).toEqual([
      'customer_id',
      'senior_citizen',
      'streaming_tv',
      'total_charges',
      'tenure',
      'monthly_charges',
      'http_status',
      'attrition_flag',
    ]);
  });

  it('gives every file a distinct table name a suite can hold', () => {
    const taken = new Set<string>();
    expect(['Telco-Customer-Churn', 'telco_customer_churn', '2024 export', '???'].map((f) => distinctName(platformName(f, 'table', 't'), taken))).toEqual([
      'telco_customer_churn',
      'telco_customer_churn_2',
      't_2024_export',
      'table',
    ]);
  });

  it('makes singular nouns and project slugs', () => {
    expect(['accounts', 'companies', 'addresses', 'status', 'churn_events', 'usage'].map(singular)).toEqual(['account', 'company', 'address', 'status', 'churn_event', 'usage']);
    expect(projectSlug('My Company_2')).toBe('my-company-2');
  });
});
