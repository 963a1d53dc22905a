import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@churn/bus';
import { createEvent, topicOf, type EventPayload, type TypedEvent, type ValidRecordsSchema } from '@churn/contracts';
import { createArtifactWriter, readCsvRecords } from '@churn/lineage';
import { createSampleCompany } from '@churn/sample-data';
import { collectEvents, createTestContext, waitUntil } from '@churn/service';
import type { CompanySource } from './company-sources';
import { preparationService } from './preparation.service';
import type { CustomersParams, PreparationRunParams } from './prepare-company-run';
import { sampleSchemaOf } from './test-support';

type Ctx = Awaited<ReturnType<typeof createTestContext>>;

/** Waits for the one event of `runId` among those collected. */
async function eventOf(events: EventEnvelope[], runId: string): Promise<EventEnvelope> {
  await waitUntil(() => events.some((e) => e.runId === runId));
  return events.find((e) => e.runId === runId)!;
}

const customer = (id: number, over: Record<string, unknown> = {}) => ({
  customer_id: `C${String(id).padStart(7, '0')}`, signup_date: '2023-05-01', gender: 'Female', birth_year: 1980, region: 'north',
  city: 'Kiel', plan: 'basic', contract: 'Month-to-month', payment_method: 'Electronic check', paperless_billing: 'Yes',
  internet_service: 'Fiber optic', phone_service: 'Yes', streaming: 'No', tech_support: 'No', monthly_fee: 50,
  email: 'a@example.com', updated_at: '2026-01-01T00:00:00Z', ...over,
});

const invoice = (customerId: string, n: number, over: Record<string, unknown> = {}) => ({
  invoice_id: `INV-${customerId.slice(1)}-${String(n).padStart(6, '0')}`, customer_id: customerId, period: '2026-01', amount: 40,
  currency: 'EUR', issued_date: '2026-01-01', due_date: '2026-01-15', paid_date: '2026-01-12', status: 'paid',
  payment_method: 'Mailed check', updated_at: '2026-01-12T00:00:00Z', ...over,
});

const SOURCES: Record<CompanySource, Array<Record<string, unknown>>> = {
  crm_customers: [
    customer(1),
    customer(2, { monthly_fee: null, gender: null, birth_year: null, contract: 'Two year', payment_method: 'Bank transfer (automatic)', internet_service: 'DSL', paperless_billing: null }),
    customer(3, { monthly_fee: 30, birth_year: 1990, payment_method: 'Mailed check', internet_service: 'No', region: 'south' }),
    customer(4, { monthly_fee: 70, birth_year: 2000, payment_method: null, region: null, streaming: 'Yes' }),
  ],
  billing_invoices: [
    invoice('C0000001', 1, { amount: 20 }),
    invoice('C0000001', 2, { amount: null, payment_method: null }),
    invoice('C0000001', 3, { amount: 30 }),
    invoice('C0000002', 1, { paid_date: null, status: 'failed' }),
    invoice('C0000004', 1, { payment_method: null, paid_date: '2026-01-20', status: 'late' }),
  ],
  support_tickets: [
    { ticket_id: 'TCK-0000001-01', customer_id: 'C0000001', opened_at: '2026-01-02T08:00:00Z', closed_at: '2026-01-03T10:00:00Z', category: 'billing', priority: 'normal', status: 'closed', satisfaction: 5, updated_at: '2026-01-03T10:00:00Z' },
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

/**
 * The sample company's records as the validator would pass them on: typed, missing = null. Only the
 * `missing` defect is injected (the others are the validator's to quarantine); usage is cut to a few
 * customers to stay fast.
 */
function sampleCompanyRecords(): Record<CompanySource, Array<Record<string, unknown>>> {
  const company = createSampleCompany({
    customers: 1000,
    defects: { missing: 0.05, duplicate: 0, malformedDate: 0, malformedNumber: 0, outlier: 0, unknownCategory: 0, lateArriving: 0 },
  });
  const typed = (row: Record<string, unknown>, numeric: readonly string[] = []) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === '' || v === null ? null : numeric.includes(k) ? Number(v) : v]));
  const all = (c: { size: number; get(i: number): Record<string, unknown> | undefined }) => {
    const out: Array<Record<string, unknown>> = [];
    for (let i = 0; i < c.size; i += 1) {
      const r = c.get(i);
      if (r !== undefined) out.push(typed(r));
    }
    return out;
  };
  return {
    // The validator quarantines a customer without signup_date (required); the preparer never sees one.
    crm_customers: [...company.crmRows()].map((r) => typed(r, ['birth_year', 'monthly_fee'])).filter((r) => r['signup_date'] !== null),
    billing_invoices: all(company.collections.billing_invoices),
    support_tickets: all(company.collections.support_tickets),
    cancellations: all(company.collections.cancellations),
    product_usage: [...company.usageRows({ to: 20 })].map((r) => typed(r)),
  };
}

/** Columns the transformer relies on (docs/stages/preparation.md). */
const TRANSFORMER_COLUMNS = [
  'customer_id', 'signup_date', 'monthly_fee', 'contract__month_to_month', 'contract__one_year', 'contract__two_year',
  'internet_service__fiber_optic', 'internet_service__dsl', 'internet_service__no', 'payment_method__electronic_check',
  'payment_method__bank_transfer_automatic', 'payment_method__credit_card_automatic', 'payment_method__mailed_check',
  'paperless_billing', 'phone_service', 'streaming', 'tech_support', 'birth_year',
];

/** A source's schema.json as published (the sample suite's by default), or null: the event names none. */
type Schemas = Partial<Record<CompanySource, ValidRecordsSchema | null>>;

/**
 * Writes each source's valid records and their schema.json where the validator would, and returns the
 * event's source entries.
 */
async function validated(
  ctx: Ctx,
  runId: string,
  sources: readonly CompanySource[],
  data: Partial<Record<CompanySource, Array<Record<string, unknown>>>> = SOURCES,
  schemas: Schemas = {},
) {
  const artifacts = createArtifactWriter({ storage: ctx.storage, db: ctx.db });
  const entries: EventPayload<'validation.completed'>['sources'] = [];
  for (const source of sources) {
    const records = data[source] ?? [];
    const valid = await artifacts.put({
      kind: 'valid-records',
      key: `validated/source=${source}/run=${runId}/valid.ndjson`,
      body: records.map((r) => `${JSON.stringify(r)}\n`).join(''),
      contentType: 'application/x-ndjson',
      runId,
      producer: 'validator',
    });
    const ref = { key: valid.key, sha256: valid.sha256, bytes: valid.bytes };
    const schema = schemas[source] === undefined ? sampleSchemaOf(source) : schemas[source];
    const schemaRef =
      schema === null
        ? undefined
        : await artifacts.put({
            kind: 'record-schema',
            key: `validated/source=${source}/run=${runId}/schema.json`,
            body: JSON.stringify(schema),
            contentType: 'application/schema+json',
            runId,
            producer: 'validator',
          });
    entries.push({
      source, valid: ref, quarantine: ref, report: ref, validArtifactId: valid.id, reportArtifactId: valid.id,
      rowsIn: records.length, rowsValid: records.length, rowsQuarantined: 0,
      ...(schemaRef ? { schema: { key: schemaRef.key, sha256: schemaRef.sha256, bytes: schemaRef.bytes } } : {}),
    });
  }
  return entries;
}

async function publishValidated(
  ctx: Ctx,
  runId: string,
  sources: readonly CompanySource[],
  data?: Partial<Record<CompanySource, Array<Record<string, unknown>>>>,
  schemas?: Schemas,
) {
  const payload: EventPayload<'validation.completed'> = {
    asOf: '2026-10-31',
    sources: await validated(ctx, runId, sources, data, schemas),
    skipped: [],
    artifactIds: [],
    stats: { rowsIn: 0, rowsOut: 0, durationMs: 0 },
  };
  await ctx.bus.publish(topicOf('validation.completed'), createEvent('validation.completed', payload, { runId, producer: 'validator' }));
}

/** Failed handling attempts so far (a non-retriable error fails once). */
const failedAttempts = async (ctx: Ctx): Promise<number> =>
  (await ctx.metrics.eventsHandled.get()).values.find((v) => v.labels.outcome === 'failed')?.value ?? 0;

const readJson = async <T>(ctx: Ctx, key: string): Promise<T> => JSON.parse((await ctx.storage.getBuffer(key)).toString('utf8')) as T;

describe('preparationService', () => {
  // One context (PGlite start-up dominates the time); each test is its own pipeline run.
  let ctx: Ctx;
  let completed: EventEnvelope[];
  let failed: EventEnvelope[];
  beforeAll(async () => {
    ctx = await createTestContext('preparer', { BUS_RETRY_ATTEMPTS: '3' }, preparationService);
    completed = collectEvents(ctx, topicOf('preparation.completed'));
    failed = collectEvents(ctx, topicOf('stage.failed'));
    await preparationService.start!(ctx);
  }, 60_000);
  afterAll(async () => ctx?.close());

  it('prepares every validated source into clean CSV datasets with params and summaries', async () => {
    await publishValidated(ctx, 'run-1', ['crm_customers', 'billing_invoices', 'support_tickets', 'product_usage', 'cancellations']);
    const { payload } = (await eventOf(completed, 'run-1')) as TypedEvent<'preparation.completed'>;
    expect(payload.asOf).toBe('2026-10-31');
    expect(payload.datasets.map((d) => [d.name, d.rows, d.dataset.key])).toEqual([
      ['customers', 4, 'prepared/dataset=customers/run=run-1/customers.csv'],
      ['billing_invoices', 5, 'prepared/dataset=billing_invoices/run=run-1/billing_invoices.csv'],
      ['support_tickets', 2, 'prepared/dataset=support_tickets/run=run-1/support_tickets.csv'],
      ['product_usage', 4, 'prepared/dataset=product_usage/run=run-1/product_usage.csv'],
      ['cancellations', 2, 'prepared/dataset=cancellations/run=run-1/cancellations.csv'],
    ]);
    expect(payload.stats).toMatchObject({ rowsIn: 17, rowsOut: 17 });
    expect(payload.params.key).toBe('prepared/run=run-1/params.json');

    // customers: every one-hot column of the contract's enums, seen or not, and the columns the transformer needs.
    const customersCsv = (await ctx.storage.getBuffer(payload.datasets[0]!.dataset.key)).toString('utf8');
    const header = customersCsv.split('\n')[0]!.split(',');
    expect(header).toEqual(expect.arrayContaining(TRANSFORMER_COLUMNS));
    expect(header).toEqual(expect.arrayContaining([
      'gender__female', 'gender__male', 'region__central', 'region__east', 'region__west', 'plan__premium', 'plan__standard',
      'region', 'plan', 'contract', 'payment_method', 'internet_service', 'gender', 'monthly_fee_z', 'birth_year_z',
    ]));
    expect(header).not.toContain('city');
    const customers = await readCsvRecords(ctx.storage, payload.datasets[0]!.dataset.key);
    expect(customers[1]).toMatchObject({
      customer_id: 'C0000002', monthly_fee: 50, birth_year: 1990, gender: 'Female', gender__female: 1, paperless_billing: 1,
      contract: 'Two year', contract__two_year: 1, contract__one_year: 0, internet_service__dsl: 1, payment_method__bank_transfer_automatic: 1,
    });
    // Modes: region north (2 of 3); payment method a three-way tie, won by the first in code-unit order.
    expect(customers[3]).toMatchObject({
      region: 'north', region__north: 1, payment_method: 'Bank transfer (automatic)', payment_method__bank_transfer_automatic: 1, payment_method__electronic_check: 0,
    });
    expect(customers.every((c) => c['contract__one_year'] === 0 && c['payment_method__credit_card_automatic'] === 0)).toBe(true);

    // billing: customer median, else overall median; CRM payment method, else mode; days_late null while unpaid.
    const invoices = await readCsvRecords(ctx.storage, payload.datasets[1]!.dataset.key);
    expect(invoices.map((r) => [r['amount'], r['payment_method'], r['days_late']])).toEqual([
      [20, 'Mailed check', -3],
      [25, 'Electronic check', -3],
      [30, 'Mailed check', -3],
      [40, 'Mailed check', null],
      [40, 'Mailed check', 5],
    ]);
    expect(Object.keys(invoices[0]!)).toEqual([
      'invoice_id', 'customer_id', 'period', 'amount', 'issued_date', 'due_date', 'paid_date', 'status', 'payment_method', 'days_late',
    ]);

    const tickets = await readCsvRecords(ctx.storage, payload.datasets[2]!.dataset.key);
    expect(tickets.map((t) => [t['category'], t['priority'], t['satisfaction'], t['resolution_hours'], t['closed_at']])).toEqual([
      ['billing', 'normal', 5, 26, '2026-01-03T10:00:00Z'],
      ['other', 'normal', null, null, null],
    ]);

    const usage = await readCsvRecords(ctx.storage, payload.datasets[3]!.dataset.key);
    expect(usage.map((u) => [u['sessions'], u['minutes'], u['data_mb'], u['features_used']])).toEqual([
      [2, 20, 100, 1], [4, 30, 300, 3], [3, 40, 200, 2], [0, 0, 0, 0],
    ]);

    const cancellations = await readCsvRecords(ctx.storage, payload.datasets[4]!.dataset.key);
    expect(cancellations[1]).toEqual({ customer_id: 'C0000004', cancelled_at: '2026-02-03', reason: 'other', channel: 'web' });

    // params: everything fitted, with the imputation counts per dataset.
    const params = await readJson<PreparationRunParams>(ctx, payload.params.key);
    expect(params.asOf).toBe('2026-10-31');
    expect(params.datasets['customers']).toMatchObject({
      rows: 4,
      imputed: { monthly_fee: 1, birth_year: 1, gender: 1, region: 1, payment_method: 1, paperless_billing: 1, contract: 0 },
      preparation: { medians: { monthly_fee: 50, birth_year: 1990 }, modes: { region: 'north', payment_method: 'Bank transfer (automatic)' } },
    });
    expect(params.datasets['billing_invoices']).toMatchObject({ imputed: { amount: 1, payment_method: 2 } });
    expect(params.datasets['support_tickets']).toMatchObject({ imputed: { category: 1, priority: 1 } });
    expect(params.datasets['product_usage']).toMatchObject({ imputed: { sessions: 2, minutes: 2, data_mb: 2, features_used: 2 } });
    expect(params.datasets['cancellations']).toMatchObject({ imputed: { reason: 1, channel: 1 } });
    // The categories used, as declared by the CRM's schema.json, so a later run or serving encodes the same way.
    const crmSchema = sampleSchemaOf('crm_customers');
    const enumOf = (column: string) => crmSchema.columns.find((c) => c.name === column)!.enum;
    const fitted = (params.datasets['customers'] as CustomersParams).preparation;
    for (const column of ['gender', 'region', 'plan', 'contract', 'payment_method', 'internet_service']) {
      expect([column, fitted.categories[column]]).toEqual([column, enumOf(column)]);
      expect([column, fitted.spec.categories?.[column]]).toEqual([column, enumOf(column)]);
    }
    expect(params.schemas['crm_customers']).toEqual({ key: 'validated/source=crm_customers/run=run-1/schema.json', sha256: expect.stringMatching(/^[a-f0-9]{64}$/) });
    expect(Object.keys(params.schemas).sort()).toEqual(['billing_invoices', 'cancellations', 'crm_customers', 'product_usage', 'support_tickets']);

    // lineage: kinds, parents, metadata.
    const artifacts = await ctx.db.prisma.artifact.findMany({ where: { runId: 'run-1', producer: 'preparer' } });
    const byKey = new Map(artifacts.map((a) => [a.key, a]));
    const artifactOf = (source: string) => `validated/source=${source}/run=run-1/valid.ndjson`;
    const validIds = new Map((await ctx.db.prisma.artifact.findMany({ where: { kind: { in: ['valid-records', 'record-schema'] } } })).map((a) => [a.key, a.id]));
    const customersArtifact = byKey.get(payload.datasets[0]!.dataset.key)!;
    const crmSchemaId = validIds.get('validated/source=crm_customers/run=run-1/schema.json');
    expect(crmSchemaId).toBeDefined();
    expect(customersArtifact).toMatchObject({ kind: 'dataset', parentIds: [validIds.get(artifactOf('crm_customers')), crmSchemaId], id: payload.datasets[0]!.artifactId });
    expect(customersArtifact.metadata).toMatchObject({ rows: 4, columns: header });
    expect(byKey.get(payload.datasets[1]!.dataset.key)!.parentIds).toEqual([
      validIds.get(artifactOf('billing_invoices')),
      validIds.get(artifactOf('crm_customers')),
    ]);
    expect(payload.datasets[1]!.sources).toEqual(['billing_invoices', 'crm_customers']);
    expect(byKey.get(payload.params.key)).toMatchObject({ kind: 'preparation-params', id: payload.paramsArtifactId });
    expect(byKey.get(payload.params.key)!.parentIds).toHaveLength(6);
    expect(byKey.get(payload.params.key)!.parentIds).toContain(crmSchemaId);

    const summary = await readJson<{ dataset: string; rowCount: number; imputed: Record<string, number>; columns: Array<{ column: string }> }>(
      ctx,
      'prepared/dataset=support_tickets/run=run-1/summary.json',
    );
    expect(summary).toMatchObject({ dataset: 'support_tickets', rowCount: 2, imputed: { category: 1, priority: 1 } });
    expect(summary.columns.find((c) => c.column === 'satisfaction')).toMatchObject({ kind: 'numeric', count: 1, missing: 1, mean: 5 });
    expect(byKey.get('prepared/dataset=support_tickets/run=run-1/summary.json')).toMatchObject({
      kind: 'dataset-summary',
      parentIds: [payload.datasets[2]!.artifactId],
    });
    const metrics = await ctx.registry.getSingleMetricAsString('churn_preparer_imputed_values_total');
    expect(metrics).toMatch(/\{dataset="billing_invoices",column="payment_method"[^}]*\} 2\n/);
  }, 60_000);

  it('prepares only the customers when no other source was validated', async () => {
    await publishValidated(ctx, 'run-2', ['crm_customers']);
    const { payload } = (await eventOf(completed, 'run-2')) as TypedEvent<'preparation.completed'>;
    expect(payload.datasets.map((d) => d.name)).toEqual(['customers']);
    expect(payload.stats).toMatchObject({ rowsIn: 4, rowsOut: 4 });
    expect(Object.keys((await readJson<PreparationRunParams>(ctx, payload.params.key)).datasets)).toEqual(['customers']);
  }, 60_000);

  it('fails the run, without retrying, when crm_customers was not validated', async () => {
    await publishValidated(ctx, 'run-3', ['billing_invoices', 'support_tickets']);
    expect(await eventOf(failed, 'run-3')).toMatchObject({ payload: { stage: 'preparer', error: { code: 'CHURN_PREPARATION_SOURCE_MISSING' } } });
    expect(completed.filter((e) => e.runId === 'run-3')).toHaveLength(0);
    expect(await ctx.db.prisma.artifact.count({ where: { runId: 'run-3', producer: 'preparer' } })).toBe(0);
    const attempts = ctx.metrics.eventsHandled.get();
    // One failed attempt only: the error is not retriable (BUS_RETRY_ATTEMPTS is 3).
    expect((await attempts).values.find((v) => v.labels.outcome === 'failed')?.value).toBe(1);
    expect(await ctx.db.prisma.stageRun.findUnique({ where: { runId_stage: { runId: 'run-3', stage: 'preparer' } } })).toMatchObject({
      status: 'failed',
    });
  }, 60_000);

  it('prepares a generated sample company, with every customer and stable columns', async () => {
    const data = sampleCompanyRecords();
    await publishValidated(ctx, 'run-4', ['crm_customers', 'billing_invoices', 'support_tickets', 'product_usage', 'cancellations'], data);
    const { payload } = (await eventOf(completed, 'run-4')) as TypedEvent<'preparation.completed'>;
    expect(payload.datasets.map((d) => [d.name, d.rows])).toEqual([
      ['customers', data.crm_customers.length],
      ['billing_invoices', data.billing_invoices.length],
      ['support_tickets', data.support_tickets.length],
      ['product_usage', data.product_usage.length],
      ['cancellations', data.cancellations.length],
    ]);
    expect(data.crm_customers.length).toBeGreaterThan(900);
    const customers = await readCsvRecords(ctx.storage, payload.datasets[0]!.dataset.key);
    expect(Object.keys(customers[0]!)).toEqual(expect.arrayContaining(TRANSFORMER_COLUMNS));
    // After imputation nothing is missing in customers, and each one-hot group has exactly one 1.
    const groups = ['contract', 'payment_method', 'internet_service', 'region', 'plan', 'gender'];
    const problems = customers.flatMap((row) => [
      ...Object.entries(row).filter(([, v]) => v === null).map(([k]) => `${row['customer_id']}: ${k} missing`),
      ...groups
        .filter((g) => Object.entries(row).filter(([k, v]) => k.startsWith(`${g}__`) && v === 1).length !== 1)
        .map((g) => `${row['customer_id']}: ${g} not one-hot`),
    ]);
    expect(problems).toEqual([]);
    const params = await readJson<PreparationRunParams>(ctx, payload.params.key);
    expect(params.datasets['customers']!.imputed['monthly_fee']).toBeGreaterThan(0);
    expect(params.datasets['product_usage']!.imputed['minutes']).toBeGreaterThan(0);
  }, 60_000);

  it('fails with the bad value itself when a record breaks the contract mid-stream, storing no partial dataset', async () => {
    const data = { ...SOURCES, billing_invoices: [invoice('C0000001', 1), invoice('C0000001', 2, { due_date: '2026-02-30' })] };
    await publishValidated(ctx, 'run-5', ['crm_customers', 'billing_invoices'], data);
    expect(await eventOf(failed, 'run-5')).toMatchObject({
      payload: { error: { code: 'CHURN_PREPARATION_BAD_VALUE', message: expect.stringContaining('due_date') } },
    });
    expect(await ctx.storage.head('prepared/dataset=billing_invoices/run=run-5/billing_invoices.csv')).toBeNull();
  }, 60_000);
  it('one-hot encodes in the order the schema declares, not in the order of any copy of the contract', async () => {
    const schema = sampleSchemaOf('crm_customers');
    const reordered: ValidRecordsSchema = {
      ...schema,
      columns: schema.columns.map((c) =>
        c.name === 'region' ? { ...c, enum: ['west', 'central', 'south', 'north', 'east'] } : c.name === 'plan' ? { ...c, enum: ['premium', 'basic', 'standard', 'enterprise'] } : c,
      ),
    };
    await publishValidated(ctx, 'run-6', ['crm_customers'], SOURCES, { crm_customers: reordered });
    const { payload } = (await eventOf(completed, 'run-6')) as TypedEvent<'preparation.completed'>;
    const header = (await ctx.storage.getBuffer(payload.datasets[0]!.dataset.key)).toString('utf8').split('\n')[0]!.split(',');
    expect(header.filter((c) => c.startsWith('region__'))).toEqual(['region__west', 'region__central', 'region__south', 'region__north', 'region__east']);
    // A declared value no row has is a column all the same.
    expect(header.filter((c) => c.startsWith('plan__'))).toEqual(['plan__premium', 'plan__basic', 'plan__standard', 'plan__enterprise']);
    const params = await readJson<PreparationRunParams>(ctx, payload.params.key);
    expect((params.datasets['customers'] as CustomersParams).preparation.categories['region']).toEqual(['west', 'central', 'south', 'north', 'east']);
  }, 60_000);

  it('fails the run, without retrying or writing anything, when a one-hot column has no declared enum', async () => {
    const schema = sampleSchemaOf('crm_customers');
    const { enum: _values, ...plan } = schema.columns.find((c) => c.name === 'plan')!;
    const noPlanEnum: ValidRecordsSchema = { ...schema, columns: schema.columns.map((c) => (c.name === 'plan' ? plan : c)) };
    const before = await failedAttempts(ctx);
    await publishValidated(ctx, 'run-7', ['crm_customers', 'billing_invoices'], SOURCES, { crm_customers: noPlanEnum });
    const event = await eventOf(failed, 'run-7');
    expect(event).toMatchObject({
      payload: { stage: 'preparer', error: { code: 'CHURN_PREPARATION_CATEGORIES_UNDECLARED', message: expect.stringContaining('crm_customers.plan') } },
    });
    expect(await failedAttempts(ctx)).toBe(before + 1);
    expect(await ctx.db.prisma.artifact.count({ where: { runId: 'run-7', producer: 'preparer' } })).toBe(0);
  }, 60_000);

  it('fails the run, without retrying, when a source comes without a schema', async () => {
    await publishValidated(ctx, 'run-8', ['crm_customers', 'support_tickets'], SOURCES, { support_tickets: null });
    expect(await eventOf(failed, 'run-8')).toMatchObject({
      payload: { error: { code: 'CHURN_PREPARATION_SCHEMA_MISSING', message: expect.stringContaining('support_tickets') } },
    });
    expect(await ctx.db.prisma.artifact.count({ where: { runId: 'run-8', producer: 'preparer' } })).toBe(0);
  }, 60_000);
});
