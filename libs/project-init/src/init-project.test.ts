import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import { loadProject, type DatasetDeclaration, type FeatureDeclaration } from '@churn/project';
import { loadExpectationSuites, runSuite } from '@churn/validation';
import { initProject } from './init-project';

const TELCO_CSV = fileURLToPath(new URL('../../../projects/telco/data/telco_customer_churn.csv', import.meta.url));
const FILES = ['project.json', 'sources.json', 'expectations.json', 'datasets.json', 'features.json'];

const readJson = async <T>(dir: string, file: string): Promise<T> => JSON.parse(await readFile(join(dir, file), 'utf8')) as T;
const datasetOf = (project: ReturnType<typeof loadProject>, name: string): DatasetDeclaration => project.datasets.find((d) => d.name === name)!;

/** accounts, subscriptions (per account), usage (per subscription and day), tickets, churn_events: deterministic. */
async function writeSubscriptionBusiness(dir: string): Promise<void> {
  const day = (base: string, n: number) => new Date(Date.parse(base) + n * 86_400_000).toISOString().slice(0, 10);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const plans = ['basic', 'standard', 'premium'];
  const files: Record<string, string[]> = {
    accounts: ['account_id,created_at,plan'],
    subscriptions: ['subscription_id,account_id,started_at'],
    usage: ['subscription_id,day,minutes'],
    tickets: ['account_id,opened_at'],
    churn_events: ['account_id,churned_at'],
  };
  let s = 0;
  for (let i = 1; i <= 80; i++) {
    const id = `A${pad(i, 3)}`;
    files.accounts!.push(`${id},${day('2025-01-01', i * 3)},${plans[i % 3]}`);
    for (let k = 0; k < 1 + (i % 2); k++) {
      const sid = `S${pad(++s, 4)}`;
      files.subscriptions!.push(`${sid},${id},${day('2025-01-01', i * 3 + k * 20)}`);
      for (let d = 0; d < 6; d++) files.usage!.push(`${sid},${day('2025-06-01', d * 7 + k)},${(i * 7 + d * 13) % 50 === 0 ? '' : ((i * 31 + d * 17) % 240) + 0.5}`);
    }
    if (i % 4 === 0) for (let t = 0; t < 1 + (i % 3); t++) files.tickets!.push(`${id},${day('2025-05-01', i + t * 9)}T10:${pad(t, 2)}:00Z`);
    if (i % 5 === 0) files.churn_events!.push(`${id},${day('2025-07-01', i)}`);
  }
  for (const [name, lines] of Object.entries(files)) await writeFile(join(dir, `${name}.csv`), `${lines.join('\n')}\n`);
}

/** Runs every drafted suite on its copied file, renamed as its source says: per source, rows quarantined and batch checks failed. */
async function validateDraft(dir: string): Promise<Record<string, { rowsIn: number; quarantined: number; failed: string[] }>> {
  const { suites } = loadExpectationSuites(join(dir, 'expectations.json'));
  const { sources } = await readJson<{ sources: Array<{ name: string; csv: { location: string }; columns?: { rename?: Record<string, string> } }> }>(dir, 'sources.json');
  const out: Record<string, { rowsIn: number; quarantined: number; failed: string[] }> = {};
  for (const source of sources) {
    const result = await runSuite({
      suite: suites.find((s) => s.source === source.name)!,
      asOf: '2026-01-15',
      inputs: [{ path: source.csv.location.replace('${PROJECT_DIR}', dir), format: 'csv' }],
      columns: { rename: source.columns?.rename ?? {} },
      outDir: join(dir, '..', `${basename(dir)}-validated`, source.name),
    });
    out[source.name] = { rowsIn: result.rowsIn, quarantined: result.rowsQuarantined, failed: result.checks.filter((c) => c.level !== 'row' && c.status === 'fail').map((c) => c.name) };
  }
  return out;
}

async function refusal(promise: Promise<unknown>): Promise<PlatformError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PlatformError);
  expect((err as PlatformError).message).not.toContain('\n');
  return err as PlatformError;
}

describe('initProject', () => {
  let root: string;
  const folder = async (name: string, files: Record<string, string> = {}) => {
    const dir = join(root, name);
    await mkdir(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
    return dir;
  };
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'project-init-'));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('drafts a loadable Telco project: renamed headers, status label churn = Yes, one-hot features, blank TotalCharges imputed', async () => {
    const input = await folder('telco-in');
    await copyFile(TELCO_CSV, join(input, 'telco_customer_churn.csv'));
    const out = join(root, 'telco');
    const result = await initProject({ input, out, today: '2026-01-15' });

    const { project } = result;
    expect(loadProject(out).version).toBe(project.version);
    expect(project.manifest).toMatchObject({
      name: 'telco',
      description: 'Drafted by init from 1 file on 2026-01-15.',
      entity: { name: 'customer', key: 'customer_id', dataset: 'telco_customer_churn' },
      label: { kind: 'status', column: 'churn', positive: ['Yes'] },
      model: { name: 'telco-churn', featureView: 'customer_features', algorithms: ['logistic_regression'], testFraction: 0.2, seed: 42, l2: 1, threshold: 0.5 },
    });
    expect(project.manifest.entity.since).toBeUndefined();

    const { sources } = await readJson<{ sources: Array<{ columns: { rename: Record<string, string>; types: Record<string, string> } }> }>(out, 'sources.json');
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatchObject({ name: 'telco_customer_churn', kind: 'csv', csv: { location: '${PROJECT_DIR}/data/telco_customer_churn.csv', delimiter: ',' } });
    expect(sources[0]!.columns.rename).toMatchObject({ customerID: 'customer_id', SeniorCitizen: 'senior_citizen', StreamingTV: 'streaming_tv', TotalCharges: 'total_charges', Churn: 'churn' });
    expect(sources[0]!.columns.rename).not.toHaveProperty('tenure');
    expect(sources[0]!.columns.types).toEqual({ senior_citizen: 'integer', tenure: 'integer', monthly_charges: 'number', total_charges: 'number' });
    expect((await stat(join(out, 'data', 'telco_customer_churn.csv'))).size).toBe((await stat(TELCO_CSV)).size);

    const { suites } = loadExpectationSuites(join(out, 'expectations.json'));
    const suite = suites[0]!;
    expect(suite.key).toEqual(['customer_id']);
    expect(suite.columns.total_charges).toMatchObject({ type: 'number', required: false });
    expect(suite.columns.contract!.enum).toEqual(['Month-to-month', 'One year', 'Two year']);
    expect(suite.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['rows_present', 'customer_id_unique', 'total_charges_complete']));

    const customers = datasetOf(project, 'telco_customer_churn');
    expect(customers.key).toEqual(['customer_id']);
    expect(customers.columns.customer_id).toEqual({ role: 'id' });
    // 11 blanks of 7,043: imputed by the median, under the 1 % that earns an indicator.
    expect(customers.columns.total_charges).toEqual({ role: 'numeric', impute: { strategy: 'median' } });
    expect(customers.columns.partner).toEqual({ role: 'boolean', impute: { strategy: 'mode' } });
    expect(customers.columns.senior_citizen).toEqual({ role: 'boolean', impute: { strategy: 'mode' } });
    expect(customers.columns.contract).toEqual({ role: 'categorical', impute: { strategy: 'mode' }, encode: { kind: 'one_hot' } });
    expect(customers.columns.churn).toEqual({ role: 'categorical' });

    const features = project.views[0]!.features;
    const names = features.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['tenure', 'monthly_charges', 'total_charges', 'partner', 'contract__month_to_month', 'internet_service__fiber_optic', 'payment_method__bank_transfer_automatic', 'gender__female']));
    expect(features.every((f) => f.kind === 'attribute')).toBe(true);
    expect(features.some((f) => f.kind === 'attribute' && /churn/.test(f.expr))).toBe(false);

    const lines = result.guesses.map((g) => `${g.topic}: ${g.choice} (${g.why})`);
    expect(lines[0]).toMatch(/^entity: telco_customer_churn \(.*key customer_id: unique, non-null/);
    expect(lines).toContain('label: status churn = Yes (column named like churn with two values, No and Yes)');
    expect(lines).toContain('telco_customer_churn.total_charges: number, median imputation (11 blank cells read as missing)');
    expect(result.next.length).toBeGreaterThan(0);
    // The validation engine accepts the raw export with the drafted suite, blank TotalCharges included.
    expect(await validateDraft(out)).toEqual({ telco_customer_churn: { rowsIn: 7043, quarantined: 0, failed: [] } });

    // Re-running on the same files gives the same files.
    const before = await Promise.all(FILES.map((f) => readFile(join(out, f), 'utf8')));
    await expect(initProject({ input, out, today: '2026-01-15' })).rejects.toMatchObject({ code: 'CHURN_INIT_OUT_EXISTS' });
    await initProject({ input, out, today: '2026-01-15', force: true });
    expect(await Promise.all(FILES.map((f) => readFile(join(out, f), 'utf8')))).toEqual(before);
  }, 120_000);

  it('drafts a multi-table project: accounts as the entity, churn events as the label, usage reaching accounts through subscriptions', async () => {
    const input = await folder('saas-in');
    await writeSubscriptionBusiness(input);
    const out = join(root, 'saas');
    const { project, guesses } = await initProject({ input, out, name: 'SaaS Co', today: '2026-01-15' });
    expect(loadProject(out).version).toBe(project.version);

    expect(project.manifest).toMatchObject({
      name: 'saas-co',
      description: 'Drafted by init from 5 files on 2026-01-15.',
      entity: { name: 'account', key: 'account_id', dataset: 'accounts', since: 'created_at' },
      label: { kind: 'event', dataset: 'churn_events', time: 'churned_at', horizonDays: 30, snapshots: 3 },
      model: { name: 'saas-co-churn', featureView: 'account_features' },
    });
    expect(datasetOf(project, 'accounts')).toMatchObject({ key: ['account_id'] });
    expect(datasetOf(project, 'accounts').entity).toBeUndefined();
    expect(datasetOf(project, 'accounts').eventTime).toBeUndefined();
    expect(datasetOf(project, 'subscriptions')).toMatchObject({ key: ['subscription_id'], eventTime: 'started_at', entity: { column: 'account_id' } });
    expect(datasetOf(project, 'usage')).toMatchObject({
      key: ['subscription_id', 'day'],
      eventTime: 'day',
      entity: { through: { dataset: 'subscriptions', on: 'subscription_id' } },
      columns: { minutes: { role: 'numeric', impute: { strategy: 'median', indicator: true } }, day: { role: 'date' } },
    });
    expect(datasetOf(project, 'tickets')).toMatchObject({ key: ['account_id', 'opened_at'], eventTime: 'opened_at', entity: { column: 'account_id' } });
    expect(datasetOf(project, 'churn_events')).toMatchObject({ key: ['account_id'], eventTime: 'churned_at', entity: { column: 'account_id' } });

    const features = project.views[0]!.features;
    const byName = new Map<string, FeatureDeclaration>(features.map((f) => [f.name, f]));
    expect([...byName.keys()]).toEqual([
      'plan__basic',
      'plan__premium',
      'plan__standard',
      'tenure_days',
      'subscriptions_count',
      'subscriptions_days_since_last',
      'tickets_count',
      'tickets_days_since_last',
      'usage_count',
      'usage_minutes_sum',
      'usage_minutes_mean',
      'usage_days_since_last',
    ]);
    expect(byName.get('tenure_days')).toMatchObject({ kind: 'tenure', column: 'created_at', unit: 'days' });
    expect(byName.get('usage_count')).toMatchObject({ kind: 'window', dataset: 'usage', agg: 'count', windows: [30, 90] });
    expect(byName.get('usage_minutes_sum')).toMatchObject({ kind: 'window', agg: 'sum', expr: 'minutes', windows: [30, 90], default: 0 });
    expect(byName.get('usage_minutes_mean')).toMatchObject({ kind: 'window', agg: 'mean', expr: 'minutes', windows: [30, 90], default: 0 });
    expect(byName.get('tickets_days_since_last')).toMatchObject({ kind: 'window', agg: 'days_since_last', default: 90 });
    expect(features.some((f) => f.kind === 'window' && f.dataset === 'churn_events')).toBe(false);

    const lines = guesses.map((g) => `${g.topic}: ${g.choice} (${g.why})`);
    expect(lines[0]).toBe('entity: accounts (key account_id: unique, non-null, named after its table, referenced by 3 tables)');
    expect(lines).toContain('label: churn events in churn_events.churned_at (table named like churn)');
    expect(lines).toContain('link of usage: through subscriptions on subscription_id (has subscription_id, the key of subscriptions, which has account_id)');
    expect(Object.values(await validateDraft(out)).every((r) => r.rowsIn > 0 && r.quarantined === 0 && r.failed.length === 0)).toBe(true);
  }, 120_000);

  it('drafts from a dirty export: versions of a row under one key, a malformed date, a 0/1 Exited status', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => {
      const signup = i === 7 ? '2025-13-45' : `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      return `${1000 + i},${signup},${['Bronze', 'Silver', 'Gold'][i % 3]},${(20 + (i % 40) * 1.25).toFixed(2)},${i % 5 === 0 ? 1 : 0},2025-12-01T08:00:00Z`;
    });
    // Two customers changed plan: a newer version of their row follows.
    rows.push('1003,2025-04-04,Gold,45.00,0,2025-12-15T08:00:00Z', '1004,2025-05-05,Bronze,21.00,0,2025-12-16T08:00:00Z');
    const input = await folder('dirty-in', { 'Bank Customers.csv': `CustomerId,SignupDate,Tier,Balance,Exited,UpdatedAt\n${rows.join('\n')}\n` });
    const out = join(root, 'dirty');
    const { project, guesses } = await initProject({ input, out });

    expect(project.manifest).toMatchObject({ entity: { key: 'customer_id', dataset: 'bank_customers', since: 'signup_date' }, label: { kind: 'status', column: 'exited', positive: [1] } });
    expect(datasetOf(project, 'bank_customers')).toMatchObject({ key: ['customer_id'], dedupe: { by: 'updated_at' }, columns: { exited: { role: 'numeric' }, tier: { role: 'categorical' } } });
    const suite = project.suites[0]!;
    expect(suite.columns.signup_date!.type).toBe('date');
    const names = project.views[0]!.features.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['tenure_days', 'balance', 'tier__gold', 'tier__silver', 'tier__bronze']));
    expect(names).not.toContain('exited');
    const lines = guesses.map((g) => `${g.topic}: ${g.choice} (${g.why})`);
    expect(lines[0]).toContain('key customer_id: non-null, unique but for 2 repeated rows (versions of a row: updated_at)');
    expect(lines).toContain('bank_customers.signup_date: date (1 of 202 values are not: validation will quarantine their rows)');
    // The malformed date and the two later versions are quarantined; no check fails.
    expect(await validateDraft(out)).toEqual({ bank_customers: { rowsIn: 202, quarantined: 3, failed: [] } });
  }, 60_000);

  it('asks for --label when it finds none, and takes a date column as an event label', async () => {
    const input = await folder('nolabel-in', {
      'customers.csv': `customer_id,signup_date,monthly_fee\n${Array.from({ length: 30 }, (_, i) => `C${100 + i},2025-0${1 + (i % 9)}-1${i % 10},${20 + i}`).join('\n')}\n`,
      'orders.csv': `order_id,customer_id,placed_at,amount\n${Array.from({ length: 60 }, (_, i) => `O${1000 + i},C${100 + (i % 30)},2025-10-${String(1 + (i % 28)).padStart(2, '0')},${(i * 3.5) % 70}`).join('\n')}\n`,
    });
    const err = await refusal(initProject({ input, out: join(root, 'nolabel') }));
    expect(err.code).toBe('CHURN_INIT_NO_LABEL');
    expect(err.message).toContain('--label <table.column>');

    const { project } = await initProject({ input, out: join(root, 'nolabel'), label: 'orders.placed_at' });
    expect(project.manifest.label).toEqual({ kind: 'event', dataset: 'orders', time: 'placed_at', horizonDays: 30, snapshots: 3 });
    expect(project.manifest.entity).toMatchObject({ dataset: 'customers', key: 'customer_id', since: 'signup_date' });
  }, 60_000);

  it('refuses a missing or empty folder, a folder without CSV files and a file without a header, in one line with a code', async () => {
    expect((await refusal(initProject({ input: join(root, 'absent'), out: join(root, 'x') }))).code).toBe('CHURN_INIT_NO_FOLDER');
    expect((await refusal(initProject({ input: await folder('empty'), out: join(root, 'x') }))).code).toBe('CHURN_INIT_EMPTY_FOLDER');
    expect((await refusal(initProject({ input: await folder('txt', { 'notes.txt': 'hello\n' }), out: join(root, 'x') }))).code).toBe('CHURN_INIT_NO_CSV');
    const noHeader = await refusal(initProject({ input: await folder('nohead', { 'events.csv': '1,2025-01-01,login\n2,2025-01-02,logout\n' }), out: join(root, 'x') }));
    expect(noHeader).toMatchObject({ code: 'CHURN_INIT_NO_HEADER' });
    expect(noHeader.message).toContain('events.csv');
    expect((await refusal(initProject({ input: await folder('blank', { 'a.csv': '' }), out: join(root, 'x') }))).code).toBe('CHURN_INIT_NO_HEADER');
    expect((await refusal(initProject({ input: await folder('onlyhead', { 'a.csv': 'id,name\n' }), out: join(root, 'x') }))).code).toBe('CHURN_INIT_NO_ROWS');
    expect((await refusal(initProject({ input: root, out: join(root, 'x'), label: 'nodot' }))).code).toBe('CHURN_INIT_INVALID_OPTIONS');
    expect((await refusal(initProject({ input: root, out: join(root, 'x'), bogus: 1 } as never))).code).toBe('CHURN_INIT_INVALID_OPTIONS');
  }, 60_000);
});
