import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSession, type Session } from '@churn/duckdb';
import type { DatasetDeclaration } from '@churn/project';
import { fitAndPrepare, openTestSession, recordsTable, schemaOf } from '../test-support';
import { applyRecipe } from './apply-recipe';
import type { PreparationRecipe } from './recipe-types';
import { sortedJson, writeParquet } from './write-prepared';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

const customers: DatasetDeclaration = {
  name: 'customers',
  source: 'crm',
  key: ['id'],
  columns: {
    fee: { role: 'numeric', impute: { strategy: 'median', indicator: true }, outliers: { winsorize: [0.01, 0.99] }, scale: 'standard' },
    plan: { role: 'categorical', impute: { strategy: 'mode' }, encode: { kind: 'one_hot' } },
    contract: { role: 'categorical', impute: { strategy: 'mode' }, encode: { kind: 'one_hot' } },
    paperless: { role: 'boolean', impute: { strategy: 'mode' } },
  },
};
const schema = schemaOf('crm', { id: 'string', fee: 'number', plan: 'string', contract: { type: 'string', enum: ['monthly', 'yearly'] }, paperless: 'string' });

/** NDJSON of `n` pseudo-random customers (some values missing), written by DuckDB. */
async function generated(n: number): Promise<{ path: string }> {
  const path = join(mkdtempSync(join(tmpdir(), 'churn-recipe-')), 'valid.ndjson');
  const session = await openSession();
  const h = (salt: number) => `CAST(hash(i + ${salt * 1_000_003}) % 10000 AS INTEGER)`;
  await session.exec(`COPY (SELECT 'C' || lpad(CAST(i AS VARCHAR), 7, '0') AS id,
      CASE WHEN ${h(1)} < 500 THEN NULL ELSE ${h(2)} / 100.0 END AS fee,
      CASE WHEN ${h(3)} < 500 THEN NULL ELSE ['basic', 'standard', 'premium'][1 + ${h(4)} % 3] END AS plan,
      ['monthly', 'yearly'][1 + ${h(5)} % 2] AS contract,
      CASE WHEN ${h(6)} < 5000 THEN 'Yes' ELSE 'No' END AS paperless
    FROM range(${n}) r(i)) TO '${path}' (FORMAT json)`);
  session.close();
  return { path };
}

describe('recipe', () => {
  it('is the same bytes, and the Parquet too, for the same input whatever the thread count', async () => {
    // More rows than one row group (122,880), so that four threads split the work.
    const records = await generated(400_000);
    const run = async (threads: number) => {
      const session = await openSession({ threads, setup: ["SET TimeZone = 'UTC'"] });
      try {
        const { recipe, table } = await fitAndPrepare(session, customers, schema, records, { readRows: false });
        const path = join(mkdtempSync(join(tmpdir(), 'churn-recipe-')), 'c.parquet');
        await writeParquet(session, table, path);
        return { recipe: sortedJson({ recipeVersion: 1, project: 'test', datasets: [recipe] }), parquet: sha256(readFileSync(path)) };
      } finally {
        session.close();
      }
    };
    const one = await run(1);
    const again = await run(1);
    const four = await run(4);
    expect(sha256(again.recipe)).toBe(sha256(one.recipe));
    expect(sha256(four.recipe)).toBe(sha256(one.recipe));
    expect(four.parquet).toBe(one.parquet);
    expect(again.parquet).toBe(one.parquet);
    // Sorted keys, no timestamps.
    expect(one.recipe.indexOf('"datasets"')).toBeLessThan(one.recipe.indexOf('"project"'));
    expect(one.recipe).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  }, 60_000);
});

describe('applyRecipe', () => {
  let session: Session;
  beforeEach(async () => {
    session = await openTestSession();
  });
  afterEach(() => session.close());

  const fitted = async (): Promise<PreparationRecipe> => {
    const { recipe } = await fitAndPrepare(session, customers, schema, [
      { id: 'a', fee: 10, plan: 'basic', contract: 'monthly', paperless: 'Yes' },
      { id: 'b', fee: 20, plan: 'basic', contract: 'yearly', paperless: 'Yes' },
      { id: 'c', fee: 30, plan: 'pro', contract: 'monthly', paperless: 'No' },
    ]);
    // As stored and read back.
    return JSON.parse(sortedJson({ recipeVersion: 1, project: 'test', datasets: [recipe] })) as PreparationRecipe;
  };

  it("prepares new records with the recipe's values, without refitting", async () => {
    const recipe = await fitted();
    await recordsTable(session, 'new_crm', schema, [
      { id: 'x', fee: null, plan: null, contract: 'yearly', paperless: null },
      { id: 'y', fee: 1000, plan: 'enterprise', contract: 'yearly', paperless: 'No' },
      { id: 'z', fee: 1000, plan: 'enterprise', contract: 'yearly', paperless: 'No' },
    ]);
    const { customers: applied } = await applyRecipe(session, recipe, { inputs: { customers: 'new_crm' } });
    expect(applied).toMatchObject({ table: 'prepared_customers', rowsIn: 3, rows: 3, imputed: { fee: 1, plan: 1, paperless: 1, contract: 0 } });
    const rows = await session.rows(`SELECT * FROM ${applied!.table}`);
    const fee = recipe.datasets[0]!.columns['fee']!;
    const upper = fee.outliers?.method === 'winsorize' ? fee.outliers.upper! : NaN;
    expect(rows.map((r) => [r['id'], r['fee'], r['fee_missing'], r['plan'], r['plan__basic'], r['plan__pro'], r['plan__other'], r['paperless']])).toEqual([
      // The recipe's median (20) and mode (basic, Yes), not the new data's (1000, enterprise, No).
      ['x', 20, 1, 'basic', 1, 0, 0, 1],
      // Clipped at the fitted bound; a category the fit never saw is "other".
      ['y', upper, 0, 'enterprise', 0, 0, 1, 0],
      ['z', upper, 0, 'enterprise', 0, 0, 1, 0],
    ]);
    expect(rows[0]!['fee_scaled']).toBe((20 - fee.scale!.center) / fee.scale!.scale);
    expect(Object.keys(rows[0]!)).toEqual(applied!.columns.map((c) => c.name));
  });

  it('refuses a lookup whose dataset is neither applied nor given prepared', async () => {
    const recipe = await fitted();
    const invoices = { ...recipe.datasets[0]!, name: 'invoices', columns: { plan: { role: 'categorical' as const, type: 'VARCHAR' as const, impute: { strategy: 'lookup' as const, indicator: false, imputed: 0, dataset: 'customers', on: 'id', key: 'id', column: 'plan' } } } };
    await recordsTable(session, 'inv', schema, []);
    await expect(applyRecipe(session, { ...recipe, datasets: [...recipe.datasets, invoices] }, { inputs: { invoices: 'inv' } })).rejects.toMatchObject({
      code: 'CHURN_PREPARATION_INVALID_RECIPE',
    });
    await expect(applyRecipe(session, recipe, { inputs: { nope: 'inv' } })).rejects.toMatchObject({ code: 'CHURN_PREPARATION_INVALID_RECIPE' });
  });
});
