import { describe, expect, it } from 'vitest';
import { categorySlug, preparedColumns, suiteOfDataset } from './dataset-columns';
import { loadProject } from './load-project';
import type { DatasetDeclaration, ProjectSuite } from './project-types';
import { EXAMPLE } from './test-projects.test-support';

const suite: ProjectSuite = {
  source: 'crm',
  key: ['id'],
  columns: {
    id: { type: 'string' },
    fee: { type: 'number' },
    plan: { type: 'string', enum: ['basic', 'Premium Plus'] },
    city: { type: 'string' },
    size: { type: 'string' },
    active: { type: 'string' },
    joined: { type: 'date' },
    seen_at: { type: 'timestamp' },
  },
};
const dataset = (columns: DatasetDeclaration['columns'], drop?: string[]): DatasetDeclaration => ({ name: 'customers', source: 'crm', key: ['id'], columns, ...(drop ? { drop } : {}) });
const columnsOf = (d: DatasetDeclaration) => Object.fromEntries(preparedColumns({ suites: [suite] }, d));

describe('preparedColumns', () => {
  it('keeps the source columns as the suite types them, less drop', () => {
    expect(columnsOf(dataset({}, ['city', 'size']))).toEqual({ id: 'string', fee: 'number', plan: 'string', active: 'string', joined: 'date', seen_at: 'timestamp' });
  });

  it('adds what preparation makes of a column', () => {
    const d = dataset(
      {
        fee: { role: 'numeric', impute: { strategy: 'median', indicator: true }, outliers: { flag: { k: 3 } }, scale: 'standard' },
        plan: { role: 'categorical', encode: { kind: 'one_hot', top: 1 } },
        city: { role: 'categorical', encode: { kind: 'one_hot' } },
        size: { role: 'categorical', encode: { kind: 'ordinal', order: ['S', 'M', 'L'] } },
        active: { role: 'boolean', trueValues: ['on'] },
      },
      [],
    );
    expect(columnsOf(d)).toEqual({
      id: 'string',
      fee: 'number',
      fee_missing: 'number',
      fee_outlier: 'number',
      fee_scaled: 'number',
      // One-hot: a column per category the suite lists (top only keeps some after fitting), and __other (top < 2 values).
      plan: 'string',
      plan__basic: 'number',
      plan__premium_plus: 'number',
      plan__other: 'number',
      // No enum: the categories are only known after fitting.
      city: 'string',
      city__other: 'number',
      size: 'string',
      size_code: 'number',
      // Booleans become 0/1.
      active: 'number',
      joined: 'date',
      seen_at: 'timestamp',
    });
  });

  it('adds nothing for winsorizing, no scaling, no encoding or an imputation without indicator', () => {
    const d = dataset({
      fee: { role: 'numeric', impute: { strategy: 'mean' }, outliers: { winsorize: [0.01, 0.99] }, scale: 'none' },
      plan: { role: 'categorical', encode: { kind: 'none' } },
    });
    expect(Object.keys(columnsOf(d))).toEqual(['id', 'fee', 'plan', 'city', 'size', 'active', 'joined', 'seen_at']);
  });

  it.each<[string, DatasetDeclaration['columns']['plan'], boolean]>([
    ['every declared value encoded, imputed with the mode', { role: 'categorical', impute: { strategy: 'mode' }, encode: { kind: 'one_hot' } }, false],
    ['top keeping all declared values', { role: 'categorical', encode: { kind: 'one_hot', top: 2 } }, false],
    ['a constant outside the enum', { role: 'categorical', impute: { strategy: 'constant', value: 'unknown' }, encode: { kind: 'one_hot' } }, true],
    ['a constant inside the enum', { role: 'categorical', impute: { strategy: 'constant', value: 'basic' }, encode: { kind: 'one_hot' } }, false],
    ['a lookup in another dataset', { role: 'categorical', impute: { strategy: 'lookup', dataset: 'plans', on: 'id', column: 'plan' }, encode: { kind: 'one_hot' } }, true],
  ])('lists plan__other only when a value outside the encoded ones can occur: %s', (_what, plan, other) => {
    expect(preparedColumns({ suites: [suite] }, dataset({ plan })).has('plan__other')).toBe(other);
  });

  it('knows no columns of a dataset whose source has no suite', () => {
    expect(preparedColumns({ suites: [] }, dataset({})).size).toBe(0);
  });

  it('gives telco the renamed columns, one-hot flags and the blank-TotalCharges indicator, and keeps churn as text', () => {
    const project = loadProject(EXAMPLE.telco);
    const columns = preparedColumns(project, project.datasets[0]!);
    expect(suiteOfDataset(project, project.datasets[0]!)?.source).toBe('telco_customers');
    expect(columns.get('total_charges_missing')).toBe('number');
    expect(columns.get('monthly_charges')).toBe('number');
    expect(columns.get('churn')).toBe('string');
    // Every contract is declared and none is imputed from elsewhere: no contract__other.
    expect([...columns.keys()].filter((c) => c.startsWith('contract__'))).toEqual(['contract__month_to_month', 'contract__one_year', 'contract__two_year']);
    expect([...columns.keys()].filter((c) => c.startsWith('churn'))).toEqual(['churn']);
  });

  it('gives the sample company customers without the dropped email and city, booleans as numbers', () => {
    const project = loadProject(EXAMPLE.sampleCompany);
    const columns = preparedColumns(project, project.datasets[0]!);
    expect(columns.has('email')).toBe(false);
    expect(columns.has('city')).toBe(false);
    expect(columns.get('paperless_billing')).toBe('number');
    expect(columns.get('signup_date')).toBe('date');
    expect(columns.get('updated_at')).toBe('timestamp');
    expect(columns.get('payment_method__bank_transfer_automatic')).toBe('number');
    expect(columns.get('monthly_fee_missing')).toBe('number');
  });
});

describe('categorySlug', () => {
  it.each([
    ['Fiber optic', 'fiber_optic'],
    ['Bank transfer (automatic)', 'bank_transfer_automatic'],
    ['Month-to-month', 'month_to_month'],
    ['  No  ', 'no'],
    ['1', '1'],
    ['%', 'blank'],
  ])('%j -> %s', (value, slug) => {
    expect(categorySlug(value)).toBe(slug);
  });
});
