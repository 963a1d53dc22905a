import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProject, type FeatureDeclaration } from '@churn/project';
import { planFeatureView } from './feature-plan';
import { writeTestProject } from './testing';

const sampleCompany = loadProject(fileURLToPath(new URL('../../../projects/sample-company', import.meta.url)));

const withFeatures = (features: FeatureDeclaration[]) =>
  writeTestProject({
    entity: { name: 'account', key: 'account_id', dataset: 'accounts' },
    label: { kind: 'status', column: 'state', positive: ['gone'] },
    datasets: [{ name: 'accounts', key: ['account_id'], columns: { account_id: 'string', state: 'string', seats: 'integer' } }],
    views: [{ name: 'v', description: 'v', features }],
  });

describe('feature plan', () => {
  it('names every dataset the sample company reads and orders its derived features after their inputs', () => {
    const plan = planFeatureView(sampleCompany);
    expect(plan.datasets).toEqual(['billing_invoices', 'cancellations', 'customers', 'product_usage', 'support_tickets']);
    expect([...plan.windows.keys()]).toEqual(['billing_invoices', 'product_usage', 'support_tickets']);
    expect(plan.derivedLevels.map((l) => l.map((d) => d.feature.name))).toEqual([['monthly_fee', 'fee_change_pct_6m', 'days_since_last_use']]);
    expect(plan.served).toHaveLength(22);
  });

  it('sorts a chain of derived features by dependency, whatever the declaration order', () => {
    const plan = planFeatureView(
      withFeatures([
        { kind: 'derived', name: 'c', dtype: 'float', expr: 'b + a', description: 'c' },
        { kind: 'derived', name: 'b', dtype: 'float', expr: 'a * 2', description: 'b' },
        { kind: 'attribute', name: 'seats', dtype: 'int', expr: 'seats', description: 's' },
        { kind: 'derived', name: 'a', dtype: 'float', expr: 'seats + 1', description: 'a' },
        { kind: 'derived', name: 'd', dtype: 'float', expr: 'seats - 1', description: 'd' },
      ]),
    );
    expect(plan.derivedLevels.map((l) => l.map((d) => d.feature.name))).toEqual([['a', 'd'], ['b'], ['c']]);
    expect(plan.served.map((f) => f.name)).toEqual(['c', 'b', 'seats', 'a', 'd']);
  });

  it('refuses a feature named like an output column (loadProject does too), and an unknown view', () => {
    const loaded = withFeatures([{ kind: 'attribute', name: 'seats', dtype: 'int', expr: 'seats', description: 'x' }]);
    const project = { ...loaded, views: [{ ...loaded.views[0]!, features: [{ ...loaded.views[0]!.features[0]!, name: 'label' }] }] };
    expect(() => planFeatureView(project)).toThrowError(expect.objectContaining({ code: 'CHURN_TRANSFORMATION_INVALID_VIEW' }));
    expect(() => planFeatureView(sampleCompany, 'nope')).toThrowError(expect.objectContaining({ code: 'CHURN_TRANSFORMATION_INVALID_VIEW' }));
  });
});
