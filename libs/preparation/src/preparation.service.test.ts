import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@churn/bus';
import { createEvent, topicOf, type EventPayload, type TypedEvent, type ValidRecordsSchema } from '@churn/contracts';
import { createArtifactWriter, projectArtifactId } from '@churn/lineage';
import { createSampleCompany } from '@churn/sample-data';
import { collectEvents, createTestContext, waitUntil } from '@churn/service';
import type { PreparationRecipe } from './engine/recipe-types';
import type { DatasetSummary } from './engine/summary-sql';
import { preparationService } from './preparation.service';
import { projectSchemaOf, readParquet, seedValidated, type Row } from './test-support';

type Ctx = Awaited<ReturnType<typeof createTestContext>>;
type Source = 'crm_customers' | 'billing_invoices' | 'support_tickets' | 'product_usage' | 'cancellations';
const ALL: Source[] = ['crm_customers', 'billing_invoices', 'support_tickets', 'product_usage', 'cancellations'];

async function eventOf(events: EventEnvelope[], runId: string): Promise<EventEnvelope> {
  await waitUntil(() => events.some((e) => e.runId === runId));
  return events.find((e) => e.runId === runId)!;
}

const customer = (id: number, over: Row = {}): Row => ({
  customer_id: `C${String(id).padStart(7, '0')}`, signup_date: '2023-05-01', gender: 'Female', birth_year: 1980, region: 'north',
  city: 'Kiel', plan: 'basic', contract: 'Month-to-month', payment_method: 'Electronic check', paperless_billing: 'Yes',
  internet_service: 'Fiber optic', phone_service: 'Yes', streaming: 'No', tech_support: 'No', monthly_fee: 50,
  email: 'a@example.com', updated_at: '2026-01-01T00:00:00Z', ...over,
});

const invoice = (customerId: string, n: number, over: Row = {}): Row => ({
  invoice_id: `INV-${customerId.slice(1)}-${String(n).padStart(6, '0')}`, customer_id: customerId, period: '2026-01', amount: 40,
  currency: 'EUR', issued_date: '2026-01-01', due_date: '2026-01-15', paid_date: '2026-01-12', status: 'paid',
  payment_method: 'Mailed check', updated_at: '2026-01-12T00:00:00Z', ...over,
});

const SOURCES: Record<Source, Row[]> = {
  crm_customers: [
    customer(1),
    customer(2, { monthly_fee: null, gender: null, birth_year: null, contract: 'Two year', payment_method: 'Bank transfer (automatic)', internet_service: 'DSL', paperless_billing: null }),
    customer(3, { monthly_fee: 30, birth_year: 1990, payment_method: 'Mailed check', internet_service: 'No', region: 'south' }),
    customer(4, { monthly_fee: 70, birth_year: 2000, payment_method: null, region: null, streaming: 'Yes' }),
    // An older version of customer 1: deduplicated away by updated_at.
    customer(1, { monthly_fee: 999, updated_at: '2025-06-01T00:00:00Z' }),
  ],
  billing_invoices: [
    invoice('C0000001', 1, { amount: 20 }),
    invoice('C0000001', 2, { amount: null, payment_method: null }),
    invoice('C0000001', 3, { amount: 30 }),
    invoice('C0000002', 1, { paid_date: null, status: 'failed' }),
    invoice('C0000004', 1, { payment_method: null, paid_date: '2026-01-20', status: 'late' }),
  ],
  support_tickets: [
    { ticket_id: 'TCK-0000001-01', customer_id: 'C0000001', opened_at: '2026-01-02T08:00:00Z', closed_at: '2026-01-03T10:00:00Z', category: 'billing', priority: 'high', status: 'closed', satisfaction: 5, updated_at: '2026-01-03T10:00:00Z' },
    { ticket_id: 'TCK-0000001-02', customer_id: 'C0000001', opened_at: '2026-01-20T08:00:00Z', closed_at: null, category: null, priority: null, status: 'open', satisfaction: null, updated_at: '2026-01-20T08:00:00Z' },
  ],
  product_usage: [
    { customer_id: 'C0000001', day: '2026-01-01', sessions: 2, minutes: 20, data_mb: 100, features_used: 1, updated_at: '2026-01-01T23:00:00Z' },
    { customer_id: 'C0000001', day: '2026-01-02', sessions: 4, minutes: null, data_mb: 300, features_used: 3, updated_at: '2026-01-02T23:00:00Z' },
    { customer_id: 'C0000001', day: '2026-01-03', sessions: null, minutes: 40, data_mb: null, features_used: null, updated_at: '2026-01-03T23:00:00Z' },
    { customer_id: 'C0000003', day: '2026-01-01', sessions: null, minutes: null, data_mb: null, features_used: null, updated_at: '2026-01-01T23:00:00Z' },
  ],
  cancellations: [
    { customer_id: 'C0000003', cancelled_at: '2026-02-01', reason: 'price', channel: 'web', updated_at: '2026-02-01T00:00:00Z' },
    { customer_id: 'C0000004', cancelled_at: '2026-02-03', reason: null, channel: null, updated_at: '2026-02-03T00:00:00Z' },
  ],
};

/** Columns projects/sample-company/features.json reads of the prepared datasets. */
const FEATURE_COLUMNS = {
  customers: [
    'customer_id', 'signup_date', 'monthly_fee', 'contract__month_to_month', 'contract__two_year', 'internet_service__fiber_optic',
    'internet_service__no', 'payment_method__bank_transfer_automatic', 'payment_method__credit_card_automatic',
    'payment_method__electronic_check', 'paperless_billing', 'phone_service', 'streaming', 'tech_support',
  ],
  billing_invoices: ['customer_id', 'amount', 'issued_date', 'due_date', 'paid_date'],
  support_tickets: ['customer_id', 'opened_at', 'closed_at', 'satisfaction'],
  product_usage: ['customer_id', 'day', 'minutes'],
  cancellations: ['customer_id', 'cancelled_at'],
};

/** The sample company's records as the validator passes them on: typed, missing = null; only `missing` defects. */
function sampleCompanyRecords(): Record<Source, Row[]> {
  const company = createSampleCompany({
    customers: 1000,
    defects: { missing: 0.05, duplicate: 0, malformedDate: 0, malformedNumber: 0, outlier: 0, unknownCategory: 0, lateArriving: 0 },
  });
  const typed = (row: Row, numeric: readonly string[] = []) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === '' || v === null ? null : numeric.includes(k) ? Number(v) : v]));
  const all = (c: { size: number; get(i: number): Row | undefined }) => {
    const out: Row[] = [];
    for (let i = 0; i < c.size; i += 1) {
      const r = c.get(i);
      if (r !== undefined) out.push(typed(r));
    }
    return out;
  };
  return {
    // The validator quarantines a customer without signup_date (required); the preparer never sees one.
    crm_customers: [...company.crmRows()].map((r) => typed(r as unknown as Row, ['birth_year', 'monthly_fee'])).filter((r) => r['signup_date'] !== null),
    billing_invoices: all(company.collections.billing_invoices as never),
    support_tickets: all(company.collections.support_tickets as never),
    cancellations: all(company.collections.cancellations as never),
    product_usage: [...company.usageRows({ to: 20 })].map((r) => typed(r as unknown as Row)),
  };
}

const readJson = async <T>(ctx: Ctx, key: string): Promise<T> => JSON.parse((await ctx.storage.getBuffer(key)).toString('utf8')) as T;
const failedAttempts = async (ctx: Ctx): Promise<number> =>
  (await ctx.metrics.eventsHandled.get()).values.find((v) => v.labels.outcome === 'failed')?.value ?? 0;

describe('preparationService', () => {
  // One context (PGlite start-up dominates the time); each test is its own pipeline run.
  let ctx: Ctx;
  let completed: EventEnvelope[];
  let failed: EventEnvelope[];
  const schemaOf = (source: string) => projectSchemaOf(ctx.project, source);

  async function publish(runId: string, sources: readonly Source[], data: Partial<Record<Source, Row[]>> = SOURCES, schemas: Partial<Record<Source, ValidRecordsSchema | null>> = {}) {
    const artifacts = createArtifactWriter({ storage: ctx.storage, db: ctx.db });
    const entries = await seedValidated(
      { storage: ctx.storage, artifacts },
      runId,
      sources.map((source) => ({ source, records: data[source] ?? [], schema: schemas[source] === undefined ? schemaOf(source) : schemas[source]! })),
    );
    const payload: EventPayload<'validation.completed'> = { asOf: '2026-10-31', sources: entries, skipped: [], artifactIds: [], stats: { rowsIn: 0, rowsOut: 0, durationMs: 0 } };
    await ctx.bus.publish(topicOf('validation.completed'), createEvent('validation.completed', payload, { runId, producer: 'validator' }));
  }

  beforeAll(async () => {
    ctx = await createTestContext('preparer', { BUS_RETRY_ATTEMPTS: '3' }, preparationService);
    completed = collectEvents(ctx, topicOf('preparation.completed'));
    failed = collectEvents(ctx, topicOf('stage.failed'));
    await preparationService.start!(ctx);
  }, 60_000);
  afterAll(async () => ctx?.close());

  it('prepares every declared dataset into Parquet, with the recipe and a summary each', async () => {
    await publish('run-1', ALL);
    const { payload } = (await eventOf(completed, 'run-1')) as TypedEvent<'preparation.completed'>;
    expect(payload.datasets.map((d) => [d.name, d.rows, d.dataset.key, d.sources])).toEqual([
      ['customers', 4, 'prepared/dataset=customers/run=run-1/customers.parquet', ['crm_customers']],
      ['billing_invoices', 5, 'prepared/dataset=billing_invoices/run=run-1/billing_invoices.parquet', ['billing_invoices', 'crm_customers']],
      ['support_tickets', 2, 'prepared/dataset=support_tickets/run=run-1/support_tickets.parquet', ['support_tickets']],
      ['product_usage', 4, 'prepared/dataset=product_usage/run=run-1/product_usage.parquet', ['product_usage']],
      ['cancellations', 2, 'prepared/dataset=cancellations/run=run-1/cancellations.parquet', ['cancellations']],
    ]);
    expect(payload.stats).toMatchObject({ rowsIn: 18, rowsOut: 17 });
    expect(payload.params.key).toBe('prepared/run=run-1/recipe.json');

    // customers: typed columns, the one-hot columns of the schema's enums (seen or not), booleans 0/1.
    const customers = await readParquet(ctx.storage, payload.datasets[0]!.dataset.key);
    expect(Object.keys(customers.types)).toEqual(expect.arrayContaining([...FEATURE_COLUMNS.customers, 'gender__male', 'region__central', 'plan__premium', 'monthly_fee_missing', 'monthly_fee_scaled', 'birth_year_scaled', 'updated_at']));
    expect(Object.keys(customers.types).filter((c) => c === 'city' || c === 'email' || c.endsWith('__other'))).toEqual([]);
    expect(customers.types).toMatchObject({
      customer_id: 'VARCHAR', signup_date: 'DATE', updated_at: 'TIMESTAMP', monthly_fee: 'DOUBLE', monthly_fee_missing: 'INTEGER',
      contract__month_to_month: 'INTEGER', paperless_billing: 'INTEGER', contract: 'VARCHAR',
    });
    expect(customers.rows.map((r) => r['customer_id'])).toEqual(['C0000001', 'C0000002', 'C0000003', 'C0000004']);
    expect(customers.rows[0]).toMatchObject({ monthly_fee: 50, monthly_fee_missing: 0 });
    expect(customers.rows[1]).toMatchObject({
      monthly_fee: 50, monthly_fee_missing: 1, birth_year: 1990, gender: 'Female', gender__female: 1, paperless_billing: 1,
      contract: 'Two year', contract__two_year: 1, contract__one_year: 0, internet_service__dsl: 1, payment_method__bank_transfer_automatic: 1,
    });
    // Modes: region north (2 of 3); payment method a three-way tie, won by the smallest value.
    expect(customers.rows[3]).toMatchObject({ region: 'north', region__north: 1, payment_method: 'Bank transfer (automatic)', payment_method__bank_transfer_automatic: 1, streaming: 1 });

    // billing: the customer's median amount; the customer's (prepared) CRM payment method.
    const invoices = await readParquet(ctx.storage, payload.datasets[1]!.dataset.key);
    expect(invoices.rows.map((r) => [r['invoice_id'], r['amount'], r['payment_method']])).toEqual([
      ['INV-0000001-000001', 20, 'Mailed check'],
      ['INV-0000001-000002', 25, 'Electronic check'],
      ['INV-0000001-000003', 30, 'Mailed check'],
      ['INV-0000002-000001', 40, 'Mailed check'],
      ['INV-0000004-000001', 40, 'Bank transfer (automatic)'],
    ]);
    expect(invoices.types).toMatchObject({ issued_date: 'DATE', paid_date: 'DATE', amount: 'DOUBLE' });
    expect(invoices.types).not.toHaveProperty('currency');

    const tickets = await readParquet(ctx.storage, payload.datasets[2]!.dataset.key);
    expect(tickets.rows.map((t) => [t['category'], t['priority'], t['priority_code'], t['satisfaction'], t['closed_at']])).toEqual([
      ['billing', 'high', 2, 5, '2026-01-03T10:00:00.000Z'],
      ['other', 'high', 2, null, null],
    ]);
    expect(tickets.types).toMatchObject({ opened_at: 'TIMESTAMP', satisfaction: 'DOUBLE' });

    // usage: the customer's median of each measure; the overall median for a customer never metered.
    const usage = await readParquet(ctx.storage, payload.datasets[3]!.dataset.key);
    expect(usage.rows.map((u) => [u['customer_id'], u['sessions'], u['minutes'], u['data_mb'], u['features_used']])).toEqual([
      ['C0000001', 2, 20, 100, 1], ['C0000001', 4, 30, 300, 3], ['C0000001', 3, 40, 200, 2], ['C0000003', 3, 30, 200, 2],
    ]);

    const cancellations = await readParquet(ctx.storage, payload.datasets[4]!.dataset.key);
    expect(cancellations.rows[1]).toMatchObject({ customer_id: 'C0000004', reason: 'other', channel: 'web' });

    // The recipe: every dataset's fitted values and counts; the categories are the schema's enums.
    const recipe = await readJson<PreparationRecipe>(ctx, payload.params.key);
    expect(recipe).toMatchObject({ recipeVersion: 1, project: 'sample-company' });
    expect(recipe.datasets.map((d) => d.name)).toEqual(payload.datasets.map((d) => d.name));
    const c = recipe.datasets[0]!;
    expect(c.rows).toBe(4);
    expect(c.columns['monthly_fee']!.impute).toEqual({ strategy: 'median', indicator: true, value: 50, imputed: 1 });
    expect(c.columns['region']!.impute).toMatchObject({ strategy: 'mode', value: 'north', imputed: 1 });
    const enumOf = (column: string) => schemaOf('crm_customers').columns.find((x) => x.name === column)!.enum;
    for (const column of ['gender', 'region', 'plan', 'contract', 'payment_method', 'internet_service']) {
      expect([column, c.columns[column]!.encode]).toMatchObject([column, { kind: 'one_hot', from: 'enum', categories: enumOf(column), other: null }]);
    }
    expect(recipe.datasets[1]!.columns['payment_method']!.impute).toMatchObject({ strategy: 'lookup', dataset: 'customers', imputed: 2 });
    expect(recipe.datasets[3]!.columns['minutes']!.impute).toMatchObject({ strategy: 'group_median', value: 30, groups: { C0000001: 30 }, imputed: 2 });

    // Lineage: each dataset from its valid records, their schema and the recipe (and what its lookups read).
    const stored = await ctx.db.prisma.artifact.findMany({ where: { runId: 'run-1' } });
    const id = (key: string) => stored.find((a) => a.key === key)!.id;
    const valid = (s: string) => [id(`validated/source=${s}/run=run-1/valid.ndjson`), id(`validated/source=${s}/run=run-1/schema.json`)];
    const byKey = new Map(stored.map((a) => [a.key, a]));
    expect(byKey.get(payload.datasets[0]!.dataset.key)).toMatchObject({ kind: 'dataset', producer: 'preparer', parentIds: [...valid('crm_customers'), payload.paramsArtifactId, projectArtifactId(ctx.project)] });
    expect(byKey.get(payload.datasets[0]!.dataset.key)!.metadata).toMatchObject({ rows: 4, columns: Object.keys(customers.types) });
    expect(byKey.get(payload.datasets[1]!.dataset.key)!.parentIds).toEqual([...valid('billing_invoices'), payload.paramsArtifactId, payload.datasets[0]!.artifactId, projectArtifactId(ctx.project)]);
    expect(byKey.get(payload.params.key)).toMatchObject({ kind: 'preparation-params', id: payload.paramsArtifactId });
    expect([...byKey.get(payload.params.key)!.parentIds].sort()).toEqual([...ALL.flatMap(valid), projectArtifactId(ctx.project)].sort());

    const summary = await readJson<DatasetSummary>(ctx, 'prepared/dataset=support_tickets/run=run-1/summary.json');
    expect(summary).toMatchObject({ dataset: 'support_tickets', rows: 2, imputed: { category: 1, priority: 1 } });
    expect(summary.columns.find((x) => x.column === 'satisfaction')).toMatchObject({ kind: 'numeric', count: 1, missing: 1, mean: 5 });
    expect(byKey.get('prepared/dataset=support_tickets/run=run-1/summary.json')).toMatchObject({ kind: 'dataset-summary', parentIds: [payload.datasets[2]!.artifactId, projectArtifactId(ctx.project)] });
    const metrics = await ctx.registry.getSingleMetricAsString('churn_preparer_imputed_values_total');
    expect(metrics).toMatch(/\{dataset="billing_invoices",column="payment_method"[^}]*\} 2\n/);
  }, 60_000);

  it('gives the same recipe and datasets, byte for byte, for the same input', async () => {
    const first = ((await eventOf(completed, 'run-1')) as TypedEvent<'preparation.completed'>).payload;
    await publish('run-9', ALL);
    const { payload } = (await eventOf(completed, 'run-9')) as TypedEvent<'preparation.completed'>;
    expect(payload.params.sha256).toBe(first.params.sha256);
    expect(payload.datasets.map((d) => d.dataset.sha256)).toEqual(first.datasets.map((d) => d.dataset.sha256));
  }, 60_000);

  it('prepares only the entity dataset when no other source was validated', async () => {
    await publish('run-2', ['crm_customers']);
    const { payload } = (await eventOf(completed, 'run-2')) as TypedEvent<'preparation.completed'>;
    expect(payload.datasets.map((d) => d.name)).toEqual(['customers']);
    expect(payload.stats).toMatchObject({ rowsIn: 5, rowsOut: 4 });
    expect((await readJson<PreparationRecipe>(ctx, payload.params.key)).datasets.map((d) => d.name)).toEqual(['customers']);
  }, 60_000);

  it('fails the run, without retrying or writing anything, when the entity source was not validated', async () => {
    const before = await failedAttempts(ctx);
    await publish('run-3', ['billing_invoices', 'support_tickets']);
    const event = await eventOf(failed, 'run-3');
    expect(event).toMatchObject({ payload: { stage: 'preparer', error: { code: 'CHURN_PREPARATION_SOURCE_MISSING', message: expect.stringContaining('crm_customers') } } });
    expect(await failedAttempts(ctx)).toBe(before + 1);
    expect(await ctx.db.prisma.artifact.count({ where: { runId: 'run-3', producer: 'preparer' } })).toBe(0);
  }, 60_000);

  it('prepares a generated sample company: every customer, nothing missing, one 1 per one-hot group', async () => {
    const data = sampleCompanyRecords();
    await publish('run-4', ALL, data);
    const { payload } = (await eventOf(completed, 'run-4')) as TypedEvent<'preparation.completed'>;
    expect(payload.datasets.map((d) => [d.name, d.rows])).toEqual(ALL.map((s, i) => [payload.datasets[i]!.name, data[s].length]));
    expect(data.crm_customers.length).toBeGreaterThan(900);
    for (const d of payload.datasets) {
      const { types } = await readParquet(ctx.storage, d.dataset.key);
      expect([d.name, Object.keys(types)]).toEqual([d.name, expect.arrayContaining(FEATURE_COLUMNS[d.name as keyof typeof FEATURE_COLUMNS])]);
    }
    const { rows } = await readParquet(ctx.storage, payload.datasets[0]!.dataset.key);
    const groups = ['contract', 'payment_method', 'internet_service', 'region', 'plan', 'gender'];
    const problems = rows.flatMap((row) => [
      ...Object.entries(row).filter(([, v]) => v === null).map(([k]) => `${row['customer_id']}: ${k} missing`),
      ...groups.filter((g) => Object.entries(row).filter(([k, v]) => k.startsWith(`${g}__`) && v === 1).length !== 1).map((g) => `${row['customer_id']}: ${g} not one-hot`),
    ]);
    expect(problems).toEqual([]);
    const recipe = await readJson<PreparationRecipe>(ctx, payload.params.key);
    expect(recipe.datasets[0]!.columns['monthly_fee']!.impute!.imputed).toBeGreaterThan(0);
    expect(recipe.datasets[3]!.columns['minutes']!.impute!.imputed).toBeGreaterThan(0);
  }, 60_000);

  it('fails with the bad value itself, storing nothing of the run', async () => {
    const data = { ...SOURCES, billing_invoices: [invoice('C0000001', 1), invoice('C0000001', 2, { due_date: '2026-02-30' })] };
    await publish('run-5', ['crm_customers', 'billing_invoices'], data);
    expect(await eventOf(failed, 'run-5')).toMatchObject({
      payload: { error: { code: 'CHURN_PREPARATION_BAD_VALUE', message: expect.stringContaining('due_date') } },
    });
    expect(await ctx.db.prisma.artifact.count({ where: { runId: 'run-5', producer: 'preparer' } })).toBe(0);
  }, 60_000);

  it('one-hot encodes in the order the schema.json declares, every declared value a column', async () => {
    const schema = schemaOf('crm_customers');
    const reordered: ValidRecordsSchema = {
      ...schema,
      columns: schema.columns.map((c) =>
        c.name === 'region' ? { ...c, enum: ['west', 'central', 'south', 'north', 'east'] } : c.name === 'plan' ? { ...c, enum: ['premium', 'basic', 'standard', 'enterprise'] } : c,
      ),
    };
    await publish('run-6', ['crm_customers'], SOURCES, { crm_customers: reordered });
    const { payload } = (await eventOf(completed, 'run-6')) as TypedEvent<'preparation.completed'>;
    const columns = Object.keys((await readParquet(ctx.storage, payload.datasets[0]!.dataset.key)).types);
    expect(columns.filter((c) => c.startsWith('region__'))).toEqual(['region__west', 'region__central', 'region__south', 'region__north', 'region__east']);
    expect(columns.filter((c) => c.startsWith('plan__'))).toEqual(['plan__premium', 'plan__basic', 'plan__standard', 'plan__enterprise']);
  }, 60_000);

  it('fails the run, without retrying, when a source comes without a schema', async () => {
    await publish('run-8', ['crm_customers', 'support_tickets'], SOURCES, { support_tickets: null });
    expect(await eventOf(failed, 'run-8')).toMatchObject({
      payload: { error: { code: 'CHURN_PREPARATION_SCHEMA_MISSING', message: expect.stringContaining('support_tickets') } },
    });
    expect(await ctx.db.prisma.artifact.count({ where: { runId: 'run-8', producer: 'preparer' } })).toBe(0);
  }, 60_000);
});
