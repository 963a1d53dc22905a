import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidRecordsSchema } from '@churn/contracts';
import { artifactIdOf, projectArtifactId } from '@churn/lineage';
import { loadProject } from '@churn/project';
import { createSampleCompany, type DefectEntry } from '@churn/sample-data';
import { type Caught, compareWithLedger, ledgerSchemaOf } from './test-ledger-check';
import { validatedKeys } from './lake-layout';
import { recordKey } from './schemas/source-schema';
import { loadExpectationSuites, suiteOf } from './suites/load-expectation-suites';
import { ingestedSource, landRun, landSampleCompany } from './test-raw-lake';
import { crmRow, invoice, toCsv, toNdjson } from './test-support';
import { AS_OF, startTestValidator } from './test-validator';
import { validationService } from './validation.service';

const SAMPLE_SUITES = 'projects/sample-company/expectations.json';
const suites = loadExpectationSuites(SAMPLE_SUITES);
const sampleProject = loadProject('projects/sample-company');
type Validator = Awaited<ReturnType<typeof startTestValidator>>;

const landOne = (v: Validator, source: string, kind: 'csv' | 'rest', runId: string, name: string, body: string) =>
  landRun(v.artifacts, { source, kind, ingestionRunId: `ir-${runId}-${source}`, runId, parts: [{ name, body }] }).then((m) => ingestedSource(source, kind, [m]));

describe('validator service: the sample company', () => {
  let v: Validator;
  beforeAll(async () => {
    v = await startTestValidator();
  }, 60_000);
  afterAll(async () => v?.ctx.close());

  it('validates every source: ledger defects quarantined exactly, the rest valid and typed, unknown sources skipped; a second run compares with the first', async () => {
    const company = createSampleCompany({ customers: 1000, asOf: AS_OF });
    const landed = await landSampleCompany(v.artifacts, company, 'run-company');
    const leads = await landOne(v, 'marketing_leads', 'rest', 'run-company', 'page-000001.ndjson', toNdjson({ lead: 1 }));
    const { completed, failed, halted } = await v.validateRun('run-company', [...landed, leads]);
    expect(failed).toBeUndefined();
    expect(halted).toBeUndefined();
    const payload = completed!.payload;

    expect(payload.asOf).toBe(AS_OF);
    expect(payload.skipped).toEqual([{ source: 'marketing_leads', reason: 'no expectation suite' }]);
    expect(payload.sources.map((s) => s.source)).toEqual(['crm_customers', 'billing_invoices', 'support_tickets', 'cancellations', 'product_usage']);
    expect(payload.stats).toMatchObject({
      rowsIn: payload.sources.reduce((sum, s) => sum + s.rowsIn, 0),
      rowsOut: payload.sources.reduce((sum, s) => sum + s.rowsValid, 0),
    });
    // Per source: valid (NDJSON and Parquet), schema, quarantine and the report in five formats.
    expect(payload.artifactIds).toHaveLength(5 * 9);

    const ledger = new Map<string, DefectEntry[]>();
    for (const e of company.ledger()) ledger.set(e.source, [...(ledger.get(e.source) ?? []), e]);
    const crmRows = [...company.crmRows()].length;

    for (const s of payload.sources) {
      const suite = suiteOf(suites, s.source)!;
      const schema = ledgerSchemaOf(suite);
      const expectedRows = s.source === 'crm_customers' ? crmRows : landed.find((l) => l.source === s.source)!.records;
      expect(s.rowsIn, s.source).toBe(expectedRows);
      expect(s.rowsIn, s.source).toBe(s.rowsValid + s.rowsQuarantined + (s.rowsSuperseded ?? 0));
      expect(s.rowsSuperseded).toBe(0);
      expect(s.rowsQuarantined, s.source).toBeGreaterThan(0);

      // The quarantine is exactly what the generator's ledger says must fail.
      const quarantine = await v.readNdjson(s.quarantine.key);
      expect(quarantine).toHaveLength(s.rowsQuarantined);
      expect(quarantine[0]).toEqual({ part: expect.stringMatching(/^raw\/source=/), line: expect.any(Number), raw: expect.anything(), errors: expect.any(Array) });
      const caught: Caught[] = quarantine.map((q) => ({
        key: typeof q['raw'] === 'string' ? '?' : (recordKey(schema, q['raw'] as Record<string, unknown>) ?? '?'),
        errors: q['errors'] as Caught['errors'],
      }));
      const result = compareWithLedger(schema, caught, ledger.get(s.source) ?? []);
      expect(result.misses, s.source).toEqual([]);
      expect(result.unexplained, s.source).toEqual([]);
      expect(result.falseAlarms, s.source).toEqual([]);
      for (const [kind, stats] of Object.entries(result.mustCatch)) expect([s.source, kind, stats.caught]).toEqual([s.source, kind, stats.expected]);

      // Valid records: typed, one per key, every suite column in suite order.
      const valid = await v.readNdjson(s.valid.key);
      expect(valid).toHaveLength(s.rowsValid);
      expect(Object.keys(valid[0]!)).toEqual(Object.keys(suite.columns));
      expect(new Set(valid.map((r) => recordKey(schema, r))).size).toBe(valid.length);
      expect(Object.keys(s.warnings ?? {}).length, s.source).toBeGreaterThan(0);

      // Lineage: valid and quarantine come from the raw parts, the reports from those two.
      const rows = await v.ctx.db.prisma.artifact.findMany({ where: { runId: 'run-company', producer: 'validator', metadata: { path: ['source'], equals: s.source } } });
      expect(rows.map((r) => r.kind).sort()).toEqual([
        'quality-report',
        'quality-report',
        'quality-report',
        'quality-report',
        'quality-report',
        'quarantine',
        'record-schema',
        'valid-records',
        'valid-records',
      ]);
      const parts = (JSON.parse((await v.ctx.storage.getBuffer(landed.find((l) => l.source === s.source)!.manifest.key)).toString()) as { parts: { key: string }[] }).parts;
      expect(rows.find((r) => r.key === s.valid.key)!.parentIds.sort()).toEqual([...parts.map((p) => artifactIdOf(p.key)), projectArtifactId(v.ctx.project)].sort());

      // The same valid records as Parquet, beside the NDJSON, with the same parents.
      expect(s.validParquet?.key).toBe(validatedKeys(s.source, 'run-company').validParquet);
      const parquetRow = rows.find((r) => r.key === s.validParquet!.key)!;
      expect(parquetRow).toMatchObject({ kind: 'valid-records', metadata: { source: s.source, rows: s.rowsValid, format: 'parquet' } });
      expect(parquetRow.parentIds.sort()).toEqual([...parts.map((p) => artifactIdOf(p.key)), projectArtifactId(v.ctx.project)].sort());
      expect(payload.artifactIds).toContain(artifactIdOf(s.validParquet!.key));
      expect((await v.ctx.storage.getBuffer(s.validParquet!.key)).subarray(0, 4).toString()).toBe('PAR1');

      // The schema of the valid records, beside them, with the parents of the valid records.
      expect(s.schema?.key).toBe(`validated/source=${s.source}/run=run-company/schema.json`);
      expect(rows.find((r) => r.key === s.schema!.key)!.parentIds.sort()).toEqual([...parts.map((p) => artifactIdOf(p.key)), projectArtifactId(v.ctx.project)].sort());
      expect(payload.artifactIds).toContain(artifactIdOf(s.schema!.key));
      const published = JSON.parse((await v.ctx.storage.getBuffer(s.schema!.key)).toString()) as ValidRecordsSchema;
      expect(published).toMatchObject({ schemaVersion: 1, source: s.source, key: suite.key });
      expect(published.columns.map((c) => c.name)).toEqual(Object.keys(suite.columns));
      for (const c of published.columns) {
        const spec = suite.columns[c.name]!;
        expect(c).toEqual({ name: c.name, type: spec.type, required: spec.required, ...(spec.enum ? { enum: spec.enum } : {}), ...(spec.format ? { format: spec.format } : {}) });
      }
      const reportRow = rows.find((r) => r.key === s.report.key)!;
      expect(reportRow.parentIds).toEqual([s.validArtifactId, artifactIdOf(s.quarantine.key), projectArtifactId(v.ctx.project)]);
      expect(reportRow.metadata).toMatchObject({ source: s.source, format: 'json', status: 'warn', rowsIn: s.rowsIn, rowsValid: s.rowsValid });
      const report = JSON.parse((await v.ctx.storage.getBuffer(s.report.key)).toString()) as Record<string, unknown>;
      expect(report).toMatchObject({ source: s.source, status: 'warn', rowsIn: s.rowsIn, rowsValid: s.rowsValid, asOf: AS_OF, runId: 'run-company' });
      expect(Object.keys(report['reference'] as object).length).toBeGreaterThan(0);
      const keys = validatedKeys(s.source, 'run-company');
      expect([s.valid.key, s.quarantine.key, s.report.key]).toEqual([keys.valid, keys.quarantine, keys.report('json')]);
      expect((await v.ctx.storage.getBuffer(keys.report('csv'))).toString()).toContain('rows_present');
      expect((await v.ctx.storage.getBuffer(keys.report('html'))).toString()).toContain('<!DOCTYPE html>');
      expect((await v.ctx.storage.getBuffer(keys.report('md'))).toString()).toContain(`# Data quality: ${s.source}`);
    }
    expect(await v.ctx.db.prisma.stageRun.findUnique({ where: { runId_stage: { runId: 'run-company', stage: 'validator' } } })).toMatchObject({
      status: 'succeeded',
      rowsIn: payload.stats.rowsIn,
    });
    const metrics = await v.ctx.registry.metrics();
    expect(metrics).toMatch(/churn_validation_checks_total\{source="billing_invoices",check="rows_present",status="pass"[^}]*\} 1/);
    expect(metrics).toMatch(/churn_validation_failing_rows_total\{source="crm_customers",check="monthly_fee.type"[^}]*\} \d+/);

    // The same data again: the previous run is the baseline, so drift and row-count checks run (and pass).
    const again = await v.validateRun('run-company-2', landed);
    expect(again.halted).toBeUndefined();
    const report = JSON.parse((await v.ctx.storage.getBuffer(again.completed!.payload.sources[1]!.report.key)).toString()) as {
      checks: Array<{ name: string; status: string; observed: unknown }>;
      skippedChecks: unknown[];
    };
    expect(report.skippedChecks).toEqual([]);
    expect(report.checks.find((c) => c.name === 'amount_drift')).toMatchObject({ status: 'pass', observed: 0 });
    expect(report.checks.find((c) => c.name === 'rows_vs_previous')).toMatchObject({ status: 'pass' });
    expect(await v.ctx.registry.metrics()).toMatch(/churn_validation_drift_psi\{source="billing_invoices",column="amount"[^}]*\} 0/);
  }, 120_000);
});

describe('validator service: deliveries and malformed input', () => {
  let v: Validator;
  beforeAll(async () => {
    v = await startTestValidator();
  }, 60_000);
  afterAll(async () => v?.ctx.close());

  it('lets a later increment supersede older versions of its keys, and writes typed records', async () => {
    const runId = 'run-increments';
    const land = (ingestionRunId: string, records: unknown[]) =>
      landRun(v.artifacts, { source: 'billing_invoices', kind: 'rest', ingestionRunId, runId, parts: [{ name: 'page-000001.ndjson', body: toNdjson(...records) }] });
    const id = (n: number) => `INV-000000${n}-202610`;
    const first = await land('ir-1', [invoice({ invoice_id: id(1) }), invoice({ invoice_id: id(2), amount: 10 }), invoice({ invoice_id: id(3) })]);
    const second = await land('ir-2', [invoice({ invoice_id: id(2), amount: 12.5, status: 'paid', paid_date: '2026-10-20' }), invoice({ invoice_id: id(4) })]);
    const crm = await landOne(v, 'crm_customers', 'csv', runId, 'crm_customers.csv', toCsv([crmRow({ monthly_fee: '', birth_year: '1990' })]));

    const { completed, failed, halted } = await v.validateRun(runId, [ingestedSource('billing_invoices', 'rest', [first, second]), crm]);
    expect(failed).toBeUndefined();
    expect(halted).toBeUndefined();
    const invoices = completed!.payload.sources.find((s) => s.source === 'billing_invoices')!;
    expect(invoices).toMatchObject({ rowsIn: 5, rowsValid: 4, rowsQuarantined: 0, rowsSuperseded: 1 });
    const valid = await v.readNdjson(invoices.valid.key);
    expect(valid.map((r) => [r['invoice_id'], r['amount'], r['paid_date']])).toEqual([
      [id(2), 12.5, '2026-10-20'],
      [id(4), 52.4, null],
      [id(1), 52.4, null],
      [id(3), 52.4, null],
    ]);

    const customers = completed!.payload.sources.find((s) => s.source === 'crm_customers')!;
    const text = (await v.ctx.storage.getBuffer(customers.valid.key)).toString();
    expect(text).toBe(
      '{"customer_id":"C0000001","signup_date":"2024-03-15","gender":"Female","birth_year":1990,"region":"north","city":"Hamburg",' +
        '"plan":"standard","contract":"Month-to-month","payment_method":"Electronic check","paperless_billing":"Yes",' +
        '"internet_service":"Fiber optic","phone_service":"Yes","streaming":"No","tech_support":"No","monthly_fee":null,' +
        '"email":"anna.schmidt@example.org","updated_at":"2026-10-01T09:00:00Z"}\n',
    );
    expect(customers.warnings?.['monthly_fee_complete']).toBe(1);
  }, 60_000);

  it('fails without retrying when no ingested source has an expectation suite', async () => {
    const leads = await landOne(v, 'marketing_leads', 'rest', 'run-nothing', 'page-000001.ndjson', toNdjson({ lead: 1 }));
    const { completed, failed } = await v.validateRun('run-nothing', [leads]);
    expect(completed).toBeUndefined();
    expect(failed!.payload).toMatchObject({ stage: 'validator', error: { code: 'CHURN_VALIDATION_NOTHING_TO_VALIDATE' } });
    expect(failed!.payload.error.message).toContain('marketing_leads');
    await expect.poll(() => v.deadLetters.find((e) => e.runId === 'run-nothing')?.payload).toMatchObject({ reason: 'handler-failed', attempts: 1 });
  }, 30_000);

  const good = toCsv([crmRow()]);
  it.each([
    ['broken quoting', `${good}C0000002,"2024-01-01"x,Male\n`, 'CHURN_VALIDATION_MALFORMED_CSV', 'line'],
    ['a header missing columns', good.replace('signup_date,', 'signup,'), 'CHURN_VALIDATION_BAD_HEADER', 'signup_date'],
    ['an empty file', '', 'CHURN_VALIDATION_BAD_HEADER', 'empty'],
  ])('fails clearly on a CSV part with %s, naming source and part, retrying nothing and storing nothing for it', async (_, body, code, detail) => {
    const runId = `run-bad-${code}-${body.length}`;
    const crm = await landOne(v, 'crm_customers', 'csv', runId, 'crm_customers.csv', body);
    const billing = await landOne(v, 'billing_invoices', 'rest', runId, 'page-000001.ndjson', toNdjson(invoice()));
    const { completed, failed } = await v.validateRun(runId, [crm, billing]);
    expect(completed).toBeUndefined();
    expect(failed!.payload.error.code).toBe(code);
    const partKey = (JSON.parse((await v.ctx.storage.getBuffer(crm.manifest.key)).toString()) as { parts: { key: string }[] }).parts[0]!.key;
    expect(failed!.payload.error.message).toContain(`crm_customers (part ${partKey})`);
    expect(failed!.payload.error.message).toContain(detail);
    expect(failed!.payload.error.message).not.toContain(tmpdir());
    await expect.poll(() => v.deadLetters.find((e) => e.runId === runId)?.payload).toMatchObject({ reason: 'handler-failed', attempts: 1 });
    const keys = validatedKeys('crm_customers', runId);
    expect(await v.ctx.storage.head(keys.valid)).toBeNull();
    expect(await v.ctx.storage.head(keys.quarantine)).toBeNull();
    expect(await v.ctx.db.prisma.artifact.findUnique({ where: { key: keys.valid } })).toBeNull();
    expect(await v.ctx.db.prisma.stageRun.findUnique({ where: { runId_stage: { runId, stage: 'validator' } } })).toMatchObject({ status: 'failed' });
  }, 30_000);
});

describe('validator service: the policy', () => {
  let v: Validator;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'validator-halt-'));
    const config = JSON.parse(await readFile(SAMPLE_SUITES, 'utf8')) as { suites: Array<{ source: string; checks: Array<Record<string, unknown>> }> };
    const billing = config.suites.find((s) => s.source === 'billing_invoices')!;
    billing.checks = billing.checks.map((c) => (c['name'] === 'rows_present' ? { ...c, min: 1e9, severity: 'error' } : c));
    await writeFile(join(dir, 'expectations.json'), JSON.stringify(config));
    // Two DuckDB threads per source: the engine settings reach every source's run (see the report's engine).
    v = await startTestValidator({ VALIDATION_SUITES_FILE: join(dir, 'expectations.json'), VALIDATION_THREADS: '2', VALIDATION_MEMORY_LIMIT: '256MB' });
  }, 60_000);
  afterAll(async () => {
    await v?.ctx.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('halts the run with validation.failed when an error-level batch check fails: the reason in the event, the stage run and the report', async () => {
    const company = createSampleCompany({ customers: 1000, asOf: AS_OF });
    const runId = 'run-halt';
    const { completed, failed, halted } = await v.validateRun(runId, await landSampleCompany(v.artifacts, company, runId));
    expect(completed).toBeUndefined();
    expect(failed).toBeUndefined();
    const payload = halted!.payload;
    expect(payload.failed).toEqual([
      {
        source: 'billing_invoices',
        report: expect.objectContaining({ key: validatedKeys('billing_invoices', runId).report('json') }),
        reportArtifactId: artifactIdOf(validatedKeys('billing_invoices', runId).report('json')),
        heldBatch: expect.objectContaining({ key: validatedKeys('billing_invoices', runId).heldBatch }),
        checks: [{ name: 'rows_present', check: 'row_count', message: expect.stringMatching(/^rows_present: observed \d+, expected .*1000000000/) }],
      },
    ]);
    expect(payload.passed).toEqual(['crm_customers', 'support_tickets', 'cancellations', 'product_usage']);
    // The failed batch has no schema.json and no valid.parquet: nothing of it is in validated/.
    expect(payload.artifactIds).toHaveLength(5 * 9 - 2);
    const billing = validatedKeys('billing_invoices', runId);
    expect(await v.ctx.storage.head(billing.valid)).toBeNull();
    expect(await v.ctx.storage.head(billing.validParquet)).toBeNull();
    expect(await v.ctx.storage.head(billing.schema)).toBeNull();
    const held = await v.ctx.db.prisma.artifact.findUnique({ where: { key: billing.heldBatch } });
    expect(held).toMatchObject({ kind: 'quarantine', metadata: { source: 'billing_invoices', heldBatch: true } });
    expect((await v.ctx.storage.getBuffer(billing.heldBatch)).toString().split('\n').filter(Boolean).length).toBe((held!.metadata as { rows: number }).rows);
    expect(await v.ctx.storage.head(validatedKeys('crm_customers', runId).valid)).not.toBeNull();
    const stage = await v.ctx.db.prisma.stageRun.findUnique({ where: { runId_stage: { runId, stage: 'validator' } } });
    expect(stage).toMatchObject({ status: 'failed', error: { code: 'CHURN_VALIDATION_FAILED', message: expect.stringContaining('billing_invoices: rows_present: observed') } });
    expect(await v.ctx.db.prisma.pipelineRun.findUnique({ where: { id: runId } })).toMatchObject({ status: 'failed' });
    const report = JSON.parse((await v.ctx.storage.getBuffer(payload.failed[0]!.report.key)).toString()) as { status: string; engine: { threads: number } };
    expect(report.status).toBe('fail');
    expect(report.engine.threads).toBe(2);
    expect(v.deadLetters.filter((e) => e.runId === runId)).toEqual([]);
  }, 60_000);

  it('refuses to start on an invalid suites file, naming suite, check and field', async () => {
    const config = JSON.parse(await readFile(SAMPLE_SUITES, 'utf8')) as { suites: Array<{ checks: Array<Record<string, unknown>> }> };
    config.suites[1]!.checks[0]!['min'] = 'lots';
    await writeFile(join(dir, 'bad.json'), JSON.stringify(config));
    expect(() => validationService.validate!({ VALIDATION_SUITES_FILE: join(dir, 'bad.json') } as never, {}, sampleProject)).toThrowError(/suites\[1\] \(billing_invoices\)\.checks\[0\] \(rows_present\)\.min/);
    // Without the override, the project's own expectations.json.
    expect(() => validationService.validate!({} as never, {}, sampleProject)).not.toThrow();
    expect(() => validationService.validate!({} as never, {}, { ...sampleProject, files: { ...sampleProject.files, expectations: join(dir, 'bad.json') } })).toThrowError(/rows_present/);
  });

  it('refuses to start on a memory limit DuckDB cannot work in, naming the variable', () => {
    expect(() => validationService.validate!({ VALIDATION_MEMORY_LIMIT: '32MB' } as never, {}, sampleProject)).toThrowError(/VALIDATION_MEMORY_LIMIT: "32MB" is below 128MB/);
    expect(() => validationService.validate!({ VALIDATION_MEMORY_LIMIT: '512MB' } as never, {}, sampleProject)).not.toThrow();
  });

  it('refuses to start on a thread count outside 1-64, naming the variable', async () => {
    const err = await startTestValidator({ VALIDATION_THREADS: '0' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CHURN_CONFIG_INVALID', message: expect.stringContaining('VALIDATION_THREADS') });
  });
});
