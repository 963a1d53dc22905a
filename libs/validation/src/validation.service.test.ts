import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@churn/bus';
import { createEvent, topicOf, type TypedEvent } from '@churn/contracts';
import { artifactIdOf, createArtifactWriter, type ArtifactWriter } from '@churn/lineage';
import { createSampleCompany, type DefectEntry } from '@churn/sample-data';
import { createTestContext, waitUntil } from '@churn/service';
import { type Caught, compareWithLedger } from './ledger-check';
import { validatedKeys } from './lake-layout';
import { createCompanySourceSchemas } from './schemas/company-source-schemas';
import { recordKey } from './schemas/source-schema';
import { ingestedSource, type IngestedSource, landRun, landSampleCompany } from './test-raw-lake';
import { crmRow, invoice, toCsv, toNdjson } from './test-support';
import { validationService } from './validation.service';

type Ctx = Awaited<ReturnType<typeof createTestContext>>;
type Completed = TypedEvent<'validation.completed'>;
type Failed = TypedEvent<'stage.failed'>;

const AS_OF = '2026-10-31';
let ctx: Ctx;
let artifacts: ArtifactWriter;
const completions: EventEnvelope[] = [];
const failures: EventEnvelope[] = [];
const deadLetters: EventEnvelope[] = [];

/** Publishes an ingestion.completed and waits for the validator's answer (completion or failure) of that run. */
async function validateRun(runId: string, sources: IngestedSource[]): Promise<{ completed?: Completed; failed?: Failed }> {
  const payload = { asOf: AS_OF, sources, artifactIds: [], stats: { rowsIn: 0, rowsOut: 0, durationMs: 0 } };
  await ctx.bus.publish(topicOf('ingestion.completed'), createEvent('ingestion.completed', payload, { runId, producer: 'ingestion' }));
  const mine = (e: EventEnvelope) => e.runId === runId;
  await waitUntil(() => completions.some(mine) || failures.some(mine));
  return { completed: completions.find(mine) as Completed | undefined, failed: failures.find(mine) as Failed | undefined };
}

async function readNdjson(key: string): Promise<Record<string, unknown>[]> {
  const text = (await ctx.storage.getBuffer(key)).toString('utf8');
  return text === '' ? [] : text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

const one = (source: string, kind: 'csv' | 'rest', runId: string, name: string, body: string) =>
  landRun(artifacts, { source, kind, ingestionRunId: `ir-${runId}-${source}`, runId, parts: [{ name, body }] }).then((m) => ingestedSource(source, kind, [m]));

beforeAll(async () => {
  ctx = await createTestContext('validator', {}, validationService);
  artifacts = createArtifactWriter({ storage: ctx.storage, db: ctx.db });
  await ctx.bus.subscribe({ group: 'observer', topics: [topicOf('validation.completed')], handler: async (e) => void completions.push(e) });
  await ctx.bus.subscribe({ group: 'observer-failed', topics: [topicOf('stage.failed')], handler: async (e) => void failures.push(e) });
  await ctx.bus.subscribe({ group: 'observer-dlq', topics: [ctx.config.DEAD_LETTER_TOPIC], handler: async (e) => void deadLetters.push(e) });
  await validationService.start!(ctx);
}, 60_000);

afterAll(async () => ctx?.close());

describe('validator service', () => {
  it('validates every source of a sample company: ledger defects quarantined, the rest valid and typed, unknown sources skipped', async () => {
    const company = createSampleCompany({ customers: 1000, asOf: AS_OF });
    const landed = await landSampleCompany(artifacts, company, 'run-company');
    const leads = await one('marketing_leads', 'rest', 'run-company', 'page-000001.ndjson', toNdjson({ lead: 1 }));
    const { completed, failed } = await validateRun('run-company', [...landed, leads]);
    expect(failed).toBeUndefined();
    const payload = completed!.payload;

    expect(payload.asOf).toBe(AS_OF);
    expect(payload.skipped).toEqual([{ source: 'marketing_leads', reason: 'no expectation suite' }]);
    expect(payload.sources.map((s) => s.source)).toEqual(['crm_customers', 'billing_invoices', 'support_tickets', 'cancellations', 'product_usage']);
    expect(payload.stats).toMatchObject({
      rowsIn: payload.sources.reduce((sum, s) => sum + s.rowsIn, 0),
      rowsOut: payload.sources.reduce((sum, s) => sum + s.rowsValid, 0),
    });
    expect(payload.artifactIds).toHaveLength(5 * 6);

    const schemas = createCompanySourceSchemas({ asOf: AS_OF });
    const ledger = new Map<string, DefectEntry[]>();
    for (const e of company.ledger()) ledger.set(e.source, [...(ledger.get(e.source) ?? []), e]);
    const crmRows = [...company.crmRows()].length;

    for (const s of payload.sources) {
      const schema = schemas[s.source as keyof typeof schemas];
      const expectedRows = s.source === 'crm_customers' ? crmRows : landed.find((l) => l.source === s.source)!.records;
      expect(s.rowsIn, s.source).toBe(expectedRows);
      expect(s.rowsIn, s.source).toBe(s.rowsValid + s.rowsQuarantined + (s.rowsSuperseded ?? 0));
      expect(s.rowsSuperseded).toBe(0);
      expect(s.rowsQuarantined, s.source).toBeGreaterThan(0);

      // The quarantine is exactly what the generator's ledger says must fail.
      const quarantine = await readNdjson(s.quarantine.key);
      expect(quarantine).toHaveLength(s.rowsQuarantined);
      expect(quarantine[0]).toEqual({ part: expect.stringMatching(/^raw\/source=/), line: expect.any(Number), raw: expect.anything(), errors: expect.any(Array) });
      const caught: Caught[] = quarantine.map((q) => ({
        key: typeof q['raw'] === 'string' ? '?' : (recordKey(schema, q['raw'] as Record<string, unknown>) ?? '?'),
        errors: q['errors'] as Caught['errors'],
      }));
      const result = compareWithLedger(schema, caught, ledger.get(s.source) ?? []);
      expect(result.misses, s.source).toEqual([]);
      expect(result.unexplained, s.source).toEqual([]);

      // Valid records: typed, one per key, every column in schema order.
      const valid = await readNdjson(s.valid.key);
      expect(valid).toHaveLength(s.rowsValid);
      expect(Object.keys(valid[0]!)).toEqual([...schema.columns]);
      expect(new Set(valid.map((r) => recordKey(schema, r))).size).toBe(valid.length);
      expect(s.warnings?.['missing-optional'] ?? 0, s.source).toBeGreaterThan(0);

      // Lineage: valid and quarantine come from the raw parts, the reports from those two.
      const rows = await ctx.db.prisma.artifact.findMany({ where: { runId: 'run-company', producer: 'validator', metadata: { path: ['source'], equals: s.source } } });
      expect(rows.map((r) => r.kind).sort()).toEqual(['quality-report', 'quality-report', 'quality-report', 'quality-report', 'quarantine', 'valid-records']);
      const parts = (JSON.parse((await ctx.storage.getBuffer(landed.find((l) => l.source === s.source)!.manifest.key)).toString()) as { parts: { key: string }[] }).parts;
      expect(rows.find((r) => r.kind === 'valid-records')!.parentIds.sort()).toEqual(parts.map((p) => artifactIdOf(p.key)).sort());
      expect(rows.find((r) => r.key === s.report.key)!.parentIds).toEqual([s.validArtifactId, artifactIdOf(s.quarantine.key)]);
      const report = JSON.parse((await ctx.storage.getBuffer(s.report.key)).toString()) as Record<string, unknown>;
      expect(report).toMatchObject({ source: s.source, rowsIn: s.rowsIn, rowsValid: s.rowsValid, asOf: AS_OF, runId: 'run-company' });
      const keys = validatedKeys(s.source, 'run-company');
      expect([s.valid.key, s.quarantine.key, s.report.key]).toEqual([keys.valid, keys.quarantine, keys.report('json')]);
      expect(await ctx.storage.head(keys.report('csv'))).not.toBeNull();
      expect((await ctx.storage.getBuffer(keys.report('html'))).toString()).toContain('<!DOCTYPE html>');
      expect((await ctx.storage.getBuffer(keys.report('md'))).toString()).toContain(`# Data quality: ${s.source}`);
    }
    expect(await ctx.db.prisma.stageRun.findUnique({ where: { runId_stage: { runId: 'run-company', stage: 'validator' } } })).toMatchObject({
      status: 'succeeded',
      rowsIn: payload.stats.rowsIn,
    });
  }, 60_000);

  it('lets a later increment supersede older versions of its keys, and writes typed records', async () => {
    const runId = 'run-increments';
    const land = (ingestionRunId: string, records: unknown[]) =>
      landRun(artifacts, { source: 'billing_invoices', kind: 'rest', ingestionRunId, runId, parts: [{ name: 'page-000001.ndjson', body: toNdjson(...records) }] });
    const id = (n: number) => `INV-000000${n}-202610`;
    const first = await land('ir-1', [invoice({ invoice_id: id(1) }), invoice({ invoice_id: id(2), amount: 10 }), invoice({ invoice_id: id(3) })]);
    const second = await land('ir-2', [invoice({ invoice_id: id(2), amount: 12.5, status: 'paid', paid_date: '2026-10-20' }), invoice({ invoice_id: id(4) })]);
    const crm = await one('crm_customers', 'csv', runId, 'crm_customers.csv', toCsv([crmRow({ monthly_fee: '', birth_year: '1990' })]));

    const { completed, failed } = await validateRun(runId, [ingestedSource('billing_invoices', 'rest', [first, second]), crm]);
    expect(failed).toBeUndefined();
    const invoices = completed!.payload.sources.find((s) => s.source === 'billing_invoices')!;
    expect(invoices).toMatchObject({ rowsIn: 5, rowsValid: 4, rowsQuarantined: 0, rowsSuperseded: 1 });
    const valid = await readNdjson(invoices.valid.key);
    expect(valid.map((r) => [r['invoice_id'], r['amount'], r['paid_date']])).toEqual([
      [id(2), 12.5, '2026-10-20'],
      [id(4), 52.4, null],
      [id(1), 52.4, null],
      [id(3), 52.4, null],
    ]);

    const customers = completed!.payload.sources.find((s) => s.source === 'crm_customers')!;
    const text = (await ctx.storage.getBuffer(customers.valid.key)).toString();
    expect(text).toBe(
      '{"customer_id":"C0000001","signup_date":"2024-03-15","gender":"Female","birth_year":1990,"region":"north","city":"Hamburg",' +
        '"plan":"standard","contract":"Month-to-month","payment_method":"Electronic check","paperless_billing":"Yes",' +
        '"internet_service":"Fiber optic","phone_service":"Yes","streaming":"No","tech_support":"No","monthly_fee":null,' +
        '"email":"anna.schmidt@example.org","updated_at":"2026-10-01T09:00:00Z"}\n',
    );
    expect(customers.warnings).toEqual({ 'missing-optional': 1 });
  }, 30_000);

  it('fails without retrying when no ingested source has an expectation suite', async () => {
    const leads = await one('marketing_leads', 'rest', 'run-nothing', 'page-000001.ndjson', toNdjson({ lead: 1 }));
    const { completed, failed } = await validateRun('run-nothing', [leads]);
    expect(completed).toBeUndefined();
    expect(failed!.payload).toMatchObject({ stage: 'validator', error: { code: 'CHURN_VALIDATION_NOTHING_TO_VALIDATE' } });
    expect(failed!.payload.error.message).toContain('marketing_leads');
    await waitUntil(() => deadLetters.some((e) => e.runId === 'run-nothing'));
    expect(deadLetters.find((e) => e.runId === 'run-nothing')!.payload).toMatchObject({ reason: 'handler-failed', attempts: 1 });
  }, 30_000);

  const good = toCsv([crmRow()]);
  it.each([
    ['broken quoting', `${good}C0000002,"2024-01-01"x,Male\n`, 'CHURN_VALIDATION_MALFORMED_CSV', 'Invalid Closing Quote'],
    ['a header missing columns', good.replace('signup_date,', 'signup,'), 'CHURN_VALIDATION_BAD_HEADER', 'required column "signup_date" is missing'],
    ['an empty file', '', 'CHURN_VALIDATION_BAD_HEADER', 'the file is empty'],
  ])('fails clearly on a CSV part with %s, naming source and part, and stores no valid file for it', async (_, body, code, detail) => {
    const runId = `run-bad-${code}-${body.length}`;
    const crm = await one('crm_customers', 'csv', runId, 'crm_customers.csv', body);
    const billing = await one('billing_invoices', 'rest', runId, 'page-000001.ndjson', toNdjson(invoice()));
    const { completed, failed } = await validateRun(runId, [crm, billing]);
    expect(completed).toBeUndefined();
    expect(failed!.payload.error.code).toBe(code);
    const partKey = (JSON.parse((await ctx.storage.getBuffer(crm.manifest.key)).toString()) as { parts: { key: string }[] }).parts[0]!.key;
    expect(failed!.payload.error.message).toContain(`crm_customers (part ${partKey})`);
    expect(failed!.payload.error.message).toContain(detail);
    const keys = validatedKeys('crm_customers', runId);
    expect(await ctx.storage.head(keys.valid)).toBeNull();
    expect(await ctx.storage.head(keys.quarantine)).toBeNull();
    expect(await ctx.db.prisma.artifact.findUnique({ where: { key: keys.valid } })).toBeNull();
    expect(await ctx.db.prisma.stageRun.findUnique({ where: { runId_stage: { runId, stage: 'validator' } } })).toMatchObject({ status: 'failed' });
  }, 30_000);
});
