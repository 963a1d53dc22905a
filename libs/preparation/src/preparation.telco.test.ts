import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@churn/bus';
import { createEvent, topicOf, type EventPayload, type TypedEvent } from '@churn/contracts';
import { ident, openSession, str } from '@churn/duckdb';
import { createArtifactWriter } from '@churn/lineage';
import { pino } from 'pino';
import { collectEvents, createTestContext, waitUntil } from '@churn/service';
import type { PreparationRecipe } from './engine/recipe-types';
import { handleValidationCompleted } from './handle-validation-completed';
import { preparationMetrics } from './preparation-metrics';
import { preparationService } from './preparation.service';
import { projectSchemaOf, readParquet, seedValidated } from './test-support';

type Ctx = Awaited<ReturnType<typeof createTestContext>>;
const TELCO = new URL('../../../projects/telco', import.meta.url).pathname;
const SOURCE = 'telco_customers';

/**
 * The Telco CSV as the validator passes it on, written by DuckDB: columns renamed as sources.json says, typed as the
 * suite says (the blank TotalCharges of new customers null), as valid.ndjson and valid.parquet.
 */
async function validatedTelco(ctx: Ctx): Promise<{ ndjson: string; parquet: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'churn-telco-'));
  const rename = ctx.project.sources.find((s) => s.name === SOURCE)!.columns!.rename!;
  const schema = projectSchemaOf(ctx.project, SOURCE);
  const raw = Object.fromEntries(Object.entries(rename).map(([from, to]) => [to, from]));
  const typed = schema.columns.map((c) => {
    const x = `nullif(trim(${ident(raw[c.name] ?? c.name)}), '')`;
    const t = c.type === 'integer' ? `CAST(${x} AS BIGINT)` : c.type === 'number' ? `CAST(${x} AS DOUBLE)` : x;
    return `${t} AS ${ident(c.name)}`;
  });
  const session = await openSession();
  try {
    const select = `SELECT ${typed.join(', ')} FROM read_csv(${str(join(TELCO, 'data/telco_customer_churn.csv'))}, all_varchar = true)`;
    await session.exec(`COPY (${select}) TO ${str(join(dir, 'valid.ndjson'))} (FORMAT json)`);
    await session.exec(`COPY (${select}) TO ${str(join(dir, 'valid.parquet'))} (FORMAT parquet)`);
  } finally {
    session.close();
  }
  return { ndjson: join(dir, 'valid.ndjson'), parquet: join(dir, 'valid.parquet') };
}

describe('preparation of the Telco project', () => {
  let ctx: Ctx;
  let completed: EventEnvelope[];
  let files: { ndjson: string; parquet: string };
  beforeAll(async () => {
    ctx = await createTestContext('preparer', { PROJECT_DIR: TELCO }, preparationService);
    completed = collectEvents(ctx, topicOf('preparation.completed'));
    await preparationService.start!(ctx);
    files = await validatedTelco(ctx);
  }, 60_000);
  afterAll(async () => ctx?.close());

  const validated = async (runId: string) => {
    const artifacts = createArtifactWriter({ storage: ctx.storage, db: ctx.db });
    return seedValidated({ storage: ctx.storage, artifacts }, runId, [{ source: SOURCE, ndjson: readFileSync(files.ndjson, 'utf8'), schema: projectSchemaOf(ctx.project, SOURCE) }]);
  };
  const payloadOf = (sources: EventPayload<'validation.completed'>['sources']): EventPayload<'validation.completed'> => ({
    asOf: '2026-10-31', sources, skipped: [], artifactIds: [], stats: { rowsIn: 0, rowsOut: 0, durationMs: 0 },
  });

  it('prepares the export as declared: one-hot columns, the missing TotalCharges filled with 0 and flagged', async () => {
    await ctx.bus.publish(topicOf('validation.completed'), createEvent('validation.completed', payloadOf(await validated('telco-1')), { runId: 'telco-1', producer: 'validator' }));
    await waitUntil(() => completed.some((e) => e.runId === 'telco-1'));
    const { payload } = completed.find((e) => e.runId === 'telco-1') as TypedEvent<'preparation.completed'>;
    expect(payload.datasets.map((d) => [d.name, d.rows, d.sources])).toEqual([['customers', 7043, [SOURCE]]]);

    const { rows, types } = await readParquet(ctx.storage, payload.datasets[0]!.dataset.key);
    expect(Object.keys(types)).toEqual(
      expect.arrayContaining([
        'customer_id', 'tenure', 'churn', 'total_charges_missing', 'contract__month_to_month', 'contract__one_year', 'contract__two_year',
        'payment_method__electronic_check', 'payment_method__bank_transfer_automatic', 'internet_service__fiber_optic', 'internet_service__no',
        'multiple_lines__no_phone_service', 'paperless_billing__yes', 'paperless_billing__no', 'gender__female', 'gender__male',
      ]),
    );
    expect(types).toMatchObject({ total_charges: 'DOUBLE', total_charges_missing: 'INTEGER', senior_citizen: 'DOUBLE', churn: 'VARCHAR', contract__month_to_month: 'INTEGER' });
    const missing = rows.filter((r) => r['total_charges_missing'] === 1);
    expect(missing).toHaveLength(11);
    expect(missing.every((r) => r['total_charges'] === 0 && r['tenure'] === 0)).toBe(true);
    expect(rows.filter((r) => r['total_charges'] === null)).toHaveLength(0);
    expect(rows.find((r) => r['customer_id'] === '7590-VHVEG')).toMatchObject({
      gender__female: 1, contract__month_to_month: 1, payment_method__electronic_check: 1, multiple_lines__no_phone_service: 1, churn: 'No', total_charges: 29.85,
    });
    // Each one-hot group has exactly one 1 per customer.
    for (const group of ['contract', 'payment_method', 'internet_service', 'gender']) {
      expect(rows.filter((r) => Object.entries(r).filter(([k, v]) => k.startsWith(`${group}__`) && v === 1).length !== 1)).toHaveLength(0);
    }
    expect(rows.map((r) => r['churn']).filter((c) => c === 'Yes')).toHaveLength(1869);

    const recipe = JSON.parse((await ctx.storage.getBuffer(payload.params.key)).toString('utf8')) as PreparationRecipe;
    const customers = recipe.datasets[0]!;
    expect(customers.columns['total_charges']!.impute).toEqual({ strategy: 'constant', indicator: true, value: 0, imputed: 11 });
    expect(customers.columns['monthly_charges']!.outliers).toMatchObject({ method: 'winsorize', quantiles: [0.001, 0.999] });
    const { lower, upper } = customers.columns['monthly_charges']!.outliers as { lower: number; upper: number };
    expect(rows.every((r) => (r['monthly_charges'] as number) >= lower && (r['monthly_charges'] as number) <= upper)).toBe(true);
  }, 120_000);

  it('reads the Parquet copy of the valid records when the event names one, with the same result as from NDJSON', async () => {
    const sources = await validated('telco-2');
    const parquet = await createArtifactWriter({ storage: ctx.storage, db: ctx.db }).put({
      kind: 'valid-records',
      key: `validated/source=${SOURCE}/run=telco-2/valid.parquet`,
      body: readFileSync(files.parquet),
      contentType: 'application/vnd.apache.parquet',
      runId: 'telco-2',
      producer: 'validator',
    });
    // The valid.ndjson named beside it is emptied: only the Parquet copy can give the rows.
    const emptied = await createArtifactWriter({ storage: ctx.storage, db: ctx.db }).put({
      kind: 'valid-records', key: `validated/source=${SOURCE}/run=telco-2/empty.ndjson`, body: '', contentType: 'application/x-ndjson', runId: 'telco-2', producer: 'validator',
    });
    const entry = { ...sources[0]!, valid: { key: emptied.key, sha256: emptied.sha256, bytes: 0 }, validParquet: { key: parquet.key, sha256: parquet.sha256, bytes: parquet.bytes } };
    const event = createEvent('validation.completed', payloadOf([entry]), { runId: 'telco-2', producer: 'validator' });
    const deps = {
      storage: ctx.storage,
      artifacts: createArtifactWriter({ storage: ctx.storage, db: ctx.db }),
      project: ctx.project,
      metrics: preparationMetrics(ctx.registry),
      memoryLimit: '256MB',
      threads: 2,
      producer: 'preparer',
    };
    const result = await handleValidationCompleted(deps, event, pino({ level: 'silent' }));
    const first = (completed.find((e) => e.runId === 'telco-1') as TypedEvent<'preparation.completed'>).payload;
    expect(result.rowsIn).toBe(7043);
    expect(result.payload.datasets[0]!.dataset.sha256).toBe(first.datasets[0]!.dataset.sha256);
    expect(result.payload.params.sha256).toBe(first.params.sha256);
    const stored = await ctx.db.prisma.artifact.findUniqueOrThrow({ where: { key: result.payload.datasets[0]!.dataset.key } });
    expect(stored.parentIds).toContain(parquet.id);
  }, 120_000);
});
