import { describe, expect, it } from 'vitest';
import type { DatasetDeclaration } from '@churn/project';
import { planRun, preparationOrder } from './dataset-order';

const d = (name: string, source: string, over: Partial<DatasetDeclaration> = {}): DatasetDeclaration => ({ name, source, key: ['id'], columns: {}, ...over });
const lookup = (dataset: string): DatasetDeclaration['columns'] => ({ x: { role: 'categorical', impute: { strategy: 'lookup', dataset, on: 'cid', column: 'x' } } });

describe('preparationOrder', () => {
  it('puts a dataset after the ones its lookups read, else keeps the declared order', () => {
    const order = preparationOrder([d('invoices', 'billing', { columns: lookup('customers') }), d('tickets', 'support'), d('customers', 'crm')]);
    expect(order.map((x) => x.name)).toEqual(['tickets', 'customers', 'invoices']);
  });

  it('fails on a cycle of lookups', () => {
    expect(() => preparationOrder([d('a', 's', { columns: lookup('b') }), d('b', 't', { columns: lookup('a') })])).toThrow(
      expect.objectContaining({ code: 'CHURN_PREPARATION_DEPENDENCY_CYCLE' }),
    );
  });
});

describe('planRun', () => {
  const datasets = [d('customers', 'crm'), d('invoices', 'billing', { columns: lookup('customers') }), d('usage', 'product'), d('sessions', 'web', { entity: { through: { dataset: 'usage', on: 'uid' } } })];

  it('skips a dataset whose source was not validated and that nothing needs', () => {
    const plan = planRun(datasets, 'customers', new Set(['crm', 'billing']));
    expect(plan.prepare.map((x) => x.name)).toEqual(['customers', 'invoices']);
    expect(plan.skipped).toEqual([
      { dataset: 'usage', source: 'product' },
      { dataset: 'sessions', source: 'web' },
    ]);
  });

  it('always requires the entity dataset', () => {
    expect(() => planRun(datasets, 'customers', new Set(['billing', 'product']))).toThrow(
      expect.objectContaining({ code: 'CHURN_PREPARATION_SOURCE_MISSING', context: { dataset: 'customers', source: 'crm', runSources: ['billing', 'product'] } }),
    );
  });

  it('requires a dataset another prepared one needs (its lookup or entity link)', () => {
    expect(() => planRun(datasets, 'customers', new Set(['crm', 'web']))).toThrow(
      expect.objectContaining({ code: 'CHURN_PREPARATION_SOURCE_MISSING', message: expect.stringContaining('dataset sessions needs it') }),
    );
  });
});
