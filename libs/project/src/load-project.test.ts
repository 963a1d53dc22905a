import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkProject } from './check-project';
import { loadProject } from './load-project';
import type { FeatureDeclaration } from './project-types';
import { copyProject, EXAMPLE, refusal, removeTempProjects, set, unset, type ProjectJson } from './test-projects.test-support';

type Edit = (files: ProjectJson) => void;
const feature = (f: ProjectJson, i: number): FeatureDeclaration => f.features.views[0]!.features[i]!;

afterAll(removeTempProjects);

describe('loadProject: the example projects', () => {
  it('loads the sample company: several sources, an event label, one feature view', () => {
    const project = loadProject(EXAMPLE.sampleCompany);
    expect(project.dir).toBe(EXAMPLE.sampleCompany);
    expect(project.version).toMatch(/^p_[0-9a-f]{16}$/);
    expect(project.manifest.entity).toEqual({ name: 'customer', key: 'customer_id', dataset: 'customers', since: 'signup_date' });
    expect(project.manifest.label).toEqual({ kind: 'event', dataset: 'cancellations', time: 'cancelled_at', horizonDays: 30, snapshots: 3 });
    expect(project.sources.map((s) => `${s.name}:${s.kind}`)).toEqual([
      'crm_customers:csv',
      'billing_invoices:rest',
      'support_tickets:rest',
      'cancellations:rest',
      'product_usage:postgres',
    ]);
    expect(project.suites.map((s) => s.source).sort()).toEqual(project.sources.map((s) => s.name).sort());
    expect(project.datasets.map((d) => d.name)).toEqual(['customers', 'billing_invoices', 'support_tickets', 'product_usage', 'cancellations']);
    expect(project.views.map((v) => [v.name, v.features.length])).toEqual([['customer_features', 26]]);
    expect(project.files.features).toBe(join(EXAMPLE.sampleCompany, 'features.json'));
    expect(checkProject(project)).toEqual([]);
  });

  it('loads telco: one CSV with its real headers renamed, a status label', () => {
    const project = loadProject(EXAMPLE.telco);
    expect(project.manifest.label).toEqual({ kind: 'status', column: 'churn', positive: ['Yes'] });
    expect(project.manifest.entity.since).toBeUndefined();
    expect(project.sources).toHaveLength(1);
    expect(project.sources[0]!.columns?.rename).toMatchObject({ customerID: 'customer_id', TotalCharges: 'total_charges', Churn: 'churn' });
    expect(project.datasets.map((d) => d.name)).toEqual(['customers']);
    expect(checkProject(project)).toEqual([]);
  });

  it('checks a project built in memory too (checkProject), as located problems', () => {
    const project = structuredClone(loadProject(EXAMPLE.telco));
    project.manifest.label = { kind: 'status', column: 'Churn', positive: ['Yes'] };
    expect(checkProject(project)).toEqual([
      { file: 'project', path: ['label', 'column'], reason: '"Churn" is not a column of dataset customers (source telco_customers)' },
    ]);
  });

  it('fills in the model defaults', () => {
    const dir = copyProject(EXAMPLE.telco, (f) => {
      f.project.model = { name: 'telco-churn', featureView: 'customer_features' } as typeof f.project.model;
    });
    expect(loadProject(dir).manifest.model).toEqual({
      name: 'telco-churn',
      featureView: 'customer_features',
      algorithms: ['logistic_regression'],
      testFraction: 0.2,
      seed: 42,
      l2: 1,
      threshold: 0.5,
    });
  });
});

describe('loadProject: the project version', () => {
  const versionOf = (dir: string) => loadProject(dir).version;
  const sample = versionOf(EXAMPLE.sampleCompany);

  /** Every object's keys in reverse order, at every level. */
  const reversed = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(reversed)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]))
        : value;

  it('is the same for the same files, wherever the folder is', () => {
    expect(versionOf(EXAMPLE.sampleCompany)).toBe(sample);
    expect(versionOf(copyProject(EXAMPLE.sampleCompany))).toBe(sample);
    expect(versionOf(EXAMPLE.telco)).not.toBe(sample);
  });

  it('ignores formatting, key order and $schema', () => {
    const dir = copyProject(EXAMPLE.sampleCompany);
    for (const file of ['project.json', 'sources.json', 'expectations.json', 'datasets.json', 'features.json']) {
      const parsed = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(dir, file), JSON.stringify(reversed({ ...parsed, $schema: `https://example.com/${file}` })));
    }
    expect(versionOf(dir)).toBe(sample);
  });

  it('is the same when a default is left out instead of written', () => {
    const dir = copyProject(EXAMPLE.sampleCompany, (f) => {
      f.project.model = { name: f.project.model.name, featureView: f.project.model.featureView } as typeof f.project.model;
    });
    expect(versionOf(dir)).toBe(sample);
  });

  it.each<[string, Edit]>([
    ['a threshold', (f) => (f.project.model.threshold = 0.6)],
    ['a feature description', (f) => (f.features.views[0]!.features[0]!.description = 'Tenure')],
    ['the order of two features', (f) => f.features.views[0]!.features.reverse()],
    ['an expectation bound', (f) => set(f.expectations.suites[0]!.columns['monthly_fee']!, 'max', 600)],
    ['a source schedule', (f) => set(f.sources.sources[0]!, 'schedule', '0 3 * * *')],
  ])('changes with %s', (_what, edit) => {
    expect(versionOf(copyProject(EXAMPLE.sampleCompany, edit))).not.toBe(sample);
  });
});

describe('loadProject: a bad project is refused with every problem at once', () => {
  it('names each problem by file, JSON path and reason, one line each', () => {
    const dir = copyProject(EXAMPLE.sampleCompany, (f) => {
      const features = f.features.views[0]!.features;
      // An unknown column in an attribute, and a misspelt one-hot category (the suite lists the contracts).
      set(features[2]!, 'expr', 'fee');
      set(features[7]!, 'expr', 'contract__month_to_monht');
      // A cycle among derived features.
      features.push(
        { kind: 'derived', name: 'a', dtype: 'float', expr: 'b + 1', description: 'a' },
        { kind: 'derived', name: 'b', dtype: 'float', expr: 'a * 2', description: 'b' },
      );
      // The label's dataset is not declared.
      set(f.project.label, 'dataset', 'churn_events');
      // Bad windows: a trend over an odd number of days, a window column that is not a date, a sum without expr.
      set(features[23]!, 'window', { days: 31 });
      set(features[16]!, 'window', { days: 90, column: 'amount' });
      unset(features[6]!, 'expr');
      // A misspelt field, and a value outside its enum.
      set(features[19]!, 'descripton', features[19]!.description);
      unset(features[19]!, 'description');
      set(features[20]!, 'dtype', 'integer');
      // A lookup in a dataset that does not exist.
      set(f.datasets.datasets[1]!.columns['payment_method']!.impute!, 'dataset', 'crm');
    });
    // A JSON syntax error: a trailing comma.
    const sources = readFileSync(join(dir, 'sources.json'), 'utf8');
    writeFileSync(join(dir, 'sources.json'), sources.replace(/}\n {2}]\n}\n$/, '},\n  ]\n}\n'));

    const { error, problems } = refusal(dir);
    expect(error.code).toBe('CHURN_PROJECT_INVALID');
    expect(error.retriable).toBe(false);
    expect(problems).toEqual([
      'project.json label.dataset: no dataset named churn_events in datasets.json',
      `sources.json: not valid JSON at line ${sources.split('\n').length - 2}, column 3: Unexpected token ']'`,
      'datasets.json datasets[1].columns.payment_method.impute.dataset: no dataset named crm in datasets.json',
      'features.json views[0].features[2].expr: "fee" is not a column of dataset customers (source crm_customers)',
      'features.json views[0].features[6].expr: is required: sum aggregates an expression (only count and days_since_last need none)',
      'features.json views[0].features[7].expr: "contract__month_to_monht" is not a column of dataset customers (source crm_customers)',
      'features.json views[0].features[16].window.column: "amount" is a number column, not a date or timestamp',
      'features.json views[0].features[19].descripton: unknown field (did you mean description?)',
      'features.json views[0].features[20].dtype: must be one of "float", "int" (got "integer")',
      'features.json views[0].features[23].window.days: trend needs an even number of days (two equal halves), got 31',
      'features.json views[0].features[26].expr: derived features form a cycle: a -> b -> a',
    ]);
    expect(error.message).toBe(`invalid project ${dir}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  });

  it('still checks what it can when a file is missing, and catches a feature that reads the status label', () => {
    const dir = copyProject(EXAMPLE.telco, (f) => {
      const features = f.features.views[0]!.features;
      features.push(
        { kind: 'attribute', name: 'churned', dtype: 'int', expr: "churn == 'Yes' ? 1 : 0", description: 'leaks' },
        { kind: 'attribute', name: 'churned_too', dtype: 'int', expr: 'churn__yes', description: 'leaks, one-hot' },
        // Unknown once expectations.json is gone: the columns are not known, so this is not reported.
        { kind: 'attribute', name: 'fee', dtype: 'float', expr: 'fee', description: 'unknown column' },
        { kind: 'derived', name: 'ratio', dtype: 'float', expr: 'monthly_charges / T', description: 'reads T' },
      );
      set(f.project.model, 'treshold', 0.4);
    });
    rmSync(join(dir, 'expectations.json'));
    expect(refusal(dir).problems).toEqual([
      'project.json model.treshold: unknown field (did you mean threshold?)',
      'expectations.json: the file does not exist',
      'features.json views[0].features[51].expr: "churn" is the label column (project.json label.column): a feature that reads it leaks the label',
      'features.json views[0].features[52].expr: "churn__yes" is made from the label column churn: a feature that reads it leaks the label',
      'features.json views[0].features[54].expr: derived features read other features: T is not available (use a tenure or window feature)',
    ]);
  });

  it('refuses a folder that does not exist in one line', () => {
    const { error, problems } = refusal('/nonexistent/project');
    expect(error.code).toBe('CHURN_PROJECT_INVALID');
    expect(problems).toEqual(['/nonexistent/project: no such folder']);
  });

  it('names every missing file of an empty folder', () => {
    const dir = copyProject(EXAMPLE.telco);
    for (const file of ['project.json', 'sources.json', 'expectations.json', 'datasets.json', 'features.json']) rmSync(join(dir, file));
    expect(refusal(dir).problems).toEqual([
      'project.json: the file does not exist',
      'sources.json: the file does not exist',
      'expectations.json: the file does not exist',
      'datasets.json: the file does not exist',
      'features.json: the file does not exist',
    ]);
  });

  it.each([
    ['{\n  "views": [\n    { "name": \'x\' }\n  ]\n}', "not valid JSON at line 3, column 15: Unexpected token '''"],
    ['{\n  "views": []\n}}', 'not valid JSON at line 3, column 2: Unexpected non-whitespace character after JSON'],
    ['{\n  "views": [\n', "not valid JSON at the end of the file: Unexpected end of JSON input"],
    ['  \n', 'the file is empty: a JSON object is expected'],
  ])('places a JSON syntax error: %j', (text, reason) => {
    const dir = copyProject(EXAMPLE.telco);
    writeFileSync(join(dir, 'features.json'), text);
    // features.json unread: model.featureView cannot be checked against it, and is not reported.
    expect(refusal(dir).problems).toEqual([`features.json: ${reason}`]);
  });
});

describe('loadProject: one clear line per schema mistake', () => {
  it.each<[string, Edit, string[]]>([
    ['an unknown feature kind', (f) => set(feature(f, 0), 'kind', 'windoww'), ['features.json views[0].features[0].kind: must be one of "attribute", "window", "tenure", "derived" (got "windoww")']],
    ['a feature without kind', (f) => unset(feature(f, 0), 'kind'), ['features.json views[0].features[0].kind: is required']],
    ['a field of another kind', (f) => set(feature(f, 0), 'agg', 'sum'), ['features.json views[0].features[0].agg: unknown field']],
    ['a misspelt window field', (f) => set(feature(f, 6), 'window', { day: 180 }), ['features.json views[0].features[6].window.day: unknown field (did you mean days?)']],
    ['a bad feature name', (f) => set(feature(f, 0), 'name', 'tenure-months'), ['features.json views[0].features[0].name: must start with a letter or _ and hold only letters, digits and _ (got "tenure-months")']],
    ['an unknown label kind', (f) => set(f.project.label, 'kind', 'churn'), ['project.json label.kind: must be one of "status", "event" (got "churn")']],
    ['an event label without snapshots', (f) => unset(f.project.label, 'snapshots'), ['project.json label.snapshots: is required']],
    ['an unknown algorithm', (f) => set(f.project.model, 'algorithms', ['xgboost']), ['project.json model.algorithms[0]: must be one of "logistic_regression" (got "xgboost")']],
    ['a bad project name', (f) => set(f.project, 'name', 'Sample Company'), ['project.json name: must be lower-case letters, digits and -, not starting with - (got "Sample Company")']],
    [
      'an unknown imputation',
      (f) => set(f.datasets.datasets[0]!.columns['monthly_fee']!, 'impute', { strategy: 'average' }),
      ['datasets.json datasets[0].columns.monthly_fee.impute.strategy: must be one of "mean", "median", "mode", "forward_fill", "constant", "group_median", "lookup" (got "average")'],
    ],
    [
      'a lookup without column',
      (f) => set(f.datasets.datasets[1]!.columns['payment_method']!, 'impute', { strategy: 'lookup', dataset: 'customers', on: 'customer_id' }),
      ['datasets.json datasets[1].columns.payment_method.impute.column: is required'],
    ],
    ['one winsorize quantile', (f) => set(f.datasets.datasets[0]!.columns['monthly_fee']!, 'outliers', { winsorize: [0.01] }), ['datasets.json datasets[0].columns.monthly_fee.outliers.winsorize: must NOT have fewer than 2 items']],
    ['two outlier treatments', (f) => set(f.datasets.datasets[0]!.columns['monthly_fee']!, 'outliers', { winsorize: [0.01, 0.99], flag: { k: 3 } }), ['datasets.json datasets[0].columns.monthly_fee.outliers: needs exactly one of winsorize, flag']],
    ['a misspelt entity link', (f) => set(f.datasets.datasets[1]!, 'entity', { colum: 'customer_id' }), ['datasets.json datasets[1].entity.colum: unknown field (did you mean column?)']],
    ['an empty entity link', (f) => set(f.datasets.datasets[1]!, 'entity', {}), ['datasets.json datasets[1].entity: needs exactly one of column, through']],
    ['a lookup link without on', (f) => set(f.datasets.datasets[1]!, 'entity', { through: { dataset: 'customers' } }), ['datasets.json datasets[1].entity.through.on: is required']],
    ['an unknown encoding', (f) => set(f.datasets.datasets[0]!.columns['plan']!, 'encode', { kind: 'onehot' }), ['datasets.json datasets[0].columns.plan.encode.kind: must be one of "one_hot", "ordinal", "none" (got "onehot")']],
    [
      'a bad column name',
      (f) => set(f.datasets.datasets[0]!.columns, 'monthly-fee', { role: 'numeric' }),
      ['datasets.json datasets[0].columns["monthly-fee"]: is not a valid name: must start with a letter or _ and hold only letters, digits and _ (at most 63)'],
    ],
    ['sources that are not a list', (f) => set(f.sources, 'sources', {}), ['sources.json sources: must be an array']],
    // Without views, model.featureView is not reported as well.
    ['features without views', (f) => unset(f.features, 'views'), ['features.json views: is required']],
    ['datasets without datasets', (f) => set(f.datasets, 'dataset', []), ['datasets.json dataset: unknown field (did you mean datasets?)']],
  ])('%s', (_what, edit, expected) => {
    expect(refusal(copyProject(EXAMPLE.sampleCompany, edit)).problems).toEqual(expected);
  });
});

describe('loadProject: cross-file checks', () => {
  it.each<[string, Edit, string[]]>([
    ['an unknown source', (f) => set(f.datasets.datasets[2]!, 'source', 'support'), ['datasets.json datasets[2].source: no source named support in sources.json']],
    [
      'a source without suite',
      (f) => (f.expectations.suites = f.expectations.suites.filter((s) => s.source !== 'support_tickets')),
      ['datasets.json datasets[2].source: source support_tickets has no expectation suite in expectations.json: its columns are unknown'],
    ],
    [
      'lookups in a cycle',
      (f) => set(f.datasets.datasets[0]!.columns, 'plan', { role: 'categorical', impute: { strategy: 'lookup', dataset: 'billing_invoices', on: 'customer_id', column: 'payment_method' } }),
      ['datasets.json datasets[0].columns.plan.impute.dataset: lookups form a cycle: customers -> billing_invoices -> customers (a dataset is prepared after those it looks values up in)'],
    ],
    ['a dropped key column', (f) => set(f.datasets.datasets[0]!, 'drop', ['email', 'customer_id']), ['datasets.json datasets[0].drop[1]: "customer_id" is a key column: it cannot be dropped']],
    ['a numeric role on text', (f) => set(f.datasets.datasets[0]!.columns, 'region', { role: 'numeric' }), ['datasets.json datasets[0].columns.region.role: numeric needs an integer or number column; the suite types it string']],
    ['a median of a category', (f) => set(f.datasets.datasets[0]!.columns, 'plan', { role: 'categorical', impute: { strategy: 'median' } }), ['datasets.json datasets[0].columns.plan.impute.strategy: median imputation needs a numeric column (role is categorical)']],
    ['a text constant for a number', (f) => set(f.datasets.datasets[0]!.columns['monthly_fee']!, 'impute', { strategy: 'constant', value: 'none' }), ['datasets.json datasets[0].columns.monthly_fee.impute.value: a numeric column is imputed with a number']],
    ['an entity key typo', (f) => set(f.project.entity, 'key', 'customer'), ['project.json entity.key: "customer" is not a column of dataset customers (source crm_customers)']],
    ['a since that is not a date', (f) => set(f.project.entity, 'since', 'monthly_fee'), ['project.json entity.since: "monthly_fee" is a number column, not a date or timestamp']],
    ['an event label without since', (f) => unset(f.project.entity, 'since'), ['project.json entity.since: is required with an event label: the population at T is the entities known before T']],
    ['an unknown feature view', (f) => set(f.project.model, 'featureView', 'customers'), ['project.json model.featureView: no feature view named customers in features.json']],
    ['a derived feature reading a column', (f) => set(feature(f, 3), 'expr', 'coalesce(latest_invoice_amount, monthly_fee_scaled)'), ['features.json views[0].features[3].expr: "monthly_fee_scaled" is not a feature of view customer_features']],
    ['an attribute reading T', (f) => set(feature(f, 2), 'expr', 'monthly_fee * T'), ['features.json views[0].features[2].expr: attributes are current values: T is not available (use a tenure or window feature)']],
    ['a bad expression', (f) => set(feature(f, 2), 'expr', 'monthly_fee +'), ['features.json views[0].features[2].expr: invalid expression "monthly_fee +": Expected expression after + at character 13']],
    ['an unknown filter column', (f) => set(feature(f, 20), 'filter', 'is_null(closed) || closed_at >= T'), ['features.json views[0].features[20].filter: "closed" is not a column of dataset support_tickets (source support_tickets)']],
    ['a window on a snapshot dataset', (f) => set(feature(f, 19), 'dataset', 'customers'), ['features.json views[0].features[19].dataset: customers has no eventTime: window features need one to stay point-in-time']],
    ['a mean without default', (f) => unset(feature(f, 18), 'default'), ['features.json views[0].features[18].default: mean has no value without rows: give a default, or mark the feature internal and use it in a derived one']],
    ['a trend without days', (f) => set(feature(f, 23), 'window', {}), ['features.json views[0].features[23].window: trend compares the two halves of its window: it needs window.days']],
    [
      'an odd trend among several windows',
      (f) => (f.features.views[0]!.features[23] = { ...(feature(f, 23) as object), window: undefined, windows: [14, 21] } as FeatureDeclaration),
      ['features.json views[0].features[23].windows[1]: trend needs an even number of days (two equal halves), got 21'],
    ],
    [
      'a window feature whose windows clash with another feature',
      (f) => (f.features.views[0]!.features[20] = { ...(feature(f, 19) as object), name: 'tickets', window: undefined, windows: [30, 90] } as FeatureDeclaration),
      ['features.json views[0].features[20].name: tickets_30d is already a feature of view customer_features (features[19])'],
    ],
    ['a reserved feature name', (f) => set(feature(f, 8), 'name', 'label'), ['features.json views[0].features[8].name: label is a column of every feature table (entity_key, event_timestamp, label): pick another name']],
    [
      'an entity lookup through a dataset with a composite key',
      (f) => set(f.datasets.datasets[2]!, 'entity', { through: { dataset: 'product_usage', on: 'customer_id' } }),
      ['datasets.json datasets[2].entity.through.dataset: product_usage has a composite key (customer_id, day); a lookup needs a single key column'],
    ],
    ['two features of one name', (f) => set(feature(f, 8), 'name', 'is_month_to_month'), ['features.json views[0].features[8].name: is_month_to_month is already a feature of view customer_features (features[7])']],
    ['a self-reference', (f) => set(feature(f, 25), 'expr', 'days_since_last_use + 1'), ['features.json views[0].features[25].expr: derived features form a cycle: days_since_last_use -> days_since_last_use']],
  ])('%s', (_what, edit, expected) => {
    const dir = copyProject(EXAMPLE.sampleCompany, edit);
    if (expected.length === 0) expect(() => loadProject(dir)).not.toThrow();
    else expect(refusal(dir).problems).toEqual(expected);
  });

  it.each<[string, Edit, string[]]>([
    ['a positive value the suite does not allow', (f) => set(f.project.label, 'positive', ['yes']), ['project.json label.positive[0]: "yes" is not a value of churn (the suite allows "Yes", "No")']],
    ['a one-hot __other that cannot occur', (f) => set(feature(f, 10), 'expr', 'gender__other'), ['features.json views[0].features[10].expr: "gender__other" is not a column of dataset customers (source telco_customers)']],
    ['an unknown label column', (f) => set(f.project.label, 'column', 'Churn'), ['project.json label.column: "Churn" is not a column of dataset customers (source telco_customers)']],
    [
      'a one-hot category the suite does not list',
      (f) => set(feature(f, 10), 'expr', 'gender__other_value'),
      ['features.json views[0].features[10].expr: "gender__other_value" is not a column of dataset customers (source telco_customers)'],
    ],
    // Without an enum in the suite, one-hot columns are only known after fitting: any category is accepted.
    ['a one-hot category of a column without enum', (f) => (unset(f.expectations.suites[0]!.columns['gender']!, 'enum'), set(feature(f, 10), 'expr', 'gender__other_value')), []],
  ])('telco: %s', (_what, edit, expected) => {
    const dir = copyProject(EXAMPLE.telco, edit);
    if (expected.length === 0) expect(() => loadProject(dir)).not.toThrow();
    else expect(refusal(dir).problems).toEqual(expected);
  });
});
