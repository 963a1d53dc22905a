import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '@churn/duckdb';
import type { DatasetDeclaration } from '@churn/project';
import { fitAndPrepare, openTestSession, recordsTable, schemaOf } from '../test-support';
import { applyRecipe } from './apply-recipe';
import { INLINE_GROUPS, type GroupFiles } from './group-medians';
import type { PreparationRecipe } from './recipe-types';
import { sortedJson } from './write-prepared';

let session: Session;
beforeEach(async () => {
  session = await openTestSession();
});
afterEach(() => session.close());

const declare = (columns: DatasetDeclaration['columns'], over: Partial<DatasetDeclaration> = {}): DatasetDeclaration => ({
  name: 'things',
  source: 'things_src',
  key: ['id'],
  columns,
  ...over,
});

describe('imputation', () => {
  const schema = schemaOf('things_src', { id: 'string', fee: 'number', plan: 'string', n: 'integer' });
  const records = [
    { id: 'a', fee: 10, plan: 'basic', n: 1 },
    { id: 'b', fee: null, plan: 'basic', n: 2 },
    { id: 'c', fee: 40, plan: null, n: null },
    { id: 'd', fee: 20, plan: 'pro', n: 2 },
  ];

  it('fills with the median, mean, mode or a constant, counts the filled values and flags them when asked', async () => {
    const { rows, recipe } = await fitAndPrepare(
      session,
      declare({
        fee: { role: 'numeric', impute: { strategy: 'median', indicator: true } },
        plan: { role: 'categorical', impute: { strategy: 'mode' } },
        n: { role: 'numeric', impute: { strategy: 'mean' } },
      }),
      schema,
      records,
    );
    expect(rows.map((r) => [r['id'], r['fee'], r['fee_missing'], r['plan'], r['n']])).toEqual([
      ['a', 10, 0, 'basic', 1],
      ['b', 20, 1, 'basic', 2],
      ['c', 40, 0, 'basic', Number((5 / 3).toPrecision(12))],
      ['d', 20, 0, 'pro', 2],
    ]);
    expect(recipe.columns['fee']!.impute).toEqual({ strategy: 'median', indicator: true, imputed: 1, value: 20 });
    expect(recipe.columns['plan']!.impute).toMatchObject({ strategy: 'mode', value: 'basic', imputed: 1 });
    expect(recipe.columns['n']!.impute).toMatchObject({ strategy: 'mean', value: Number((5 / 3).toPrecision(12)), imputed: 1 });
  });

  it('takes the smallest value of a tied mode, and a constant converted to the column type', async () => {
    const { rows } = await fitAndPrepare(
      session,
      declare({ plan: { role: 'categorical', impute: { strategy: 'mode' } }, fee: { role: 'numeric', impute: { strategy: 'constant', value: 0 } } }),
      schema,
      [...records, { id: 'e', fee: null, plan: 'pro', n: 1 }],
    );
    expect(rows.map((r) => [r['plan'], r['fee']])).toEqual([['basic', 10], ['basic', 0], ['basic', 40], ['pro', 20], ['pro', 0]]);
  });

  it('fills a group median, and the overall median for a group without values', async () => {
    const s = schemaOf('inv', { id: 'string', customer: 'string', amount: 'number' });
    const { rows, recipe } = await fitAndPrepare(
      session,
      declare({ amount: { role: 'numeric', impute: { strategy: 'group_median', by: 'customer' } } }, { source: 'inv' }),
      s,
      [
        { id: '1', customer: 'A', amount: 20 },
        { id: '2', customer: 'A', amount: null },
        { id: '3', customer: 'A', amount: 30 },
        { id: '4', customer: 'B', amount: 100 },
        { id: '5', customer: 'C', amount: null },
        { id: '6', customer: null, amount: null },
      ],
    );
    expect(rows.map((r) => r['amount'])).toEqual([20, 25, 30, 100, 30, 30]);
    expect(recipe.columns['amount']!.impute).toMatchObject({ strategy: 'group_median', by: 'customer', value: 30, groups: { A: 25, B: 100 }, imputed: 3 });
  });

  it("forward-fills the entity's previous value in event-time order, not across entities", async () => {
    const s = schemaOf('usage', { customer: 'string', day: 'date', plan: 'string' });
    const { rows, recipe } = await fitAndPrepare(
      session,
      declare(
        { plan: { role: 'categorical', impute: { strategy: 'forward_fill', indicator: true } } },
        { source: 'usage', key: ['customer', 'day'], eventTime: 'day', entity: { column: 'customer' } },
      ),
      s,
      [
        { customer: 'A', day: '2026-01-03', plan: null },
        { customer: 'A', day: '2026-01-01', plan: 'basic' },
        { customer: 'A', day: '2026-01-02', plan: null },
        { customer: 'A', day: '2026-01-04', plan: 'pro' },
        { customer: 'A', day: '2026-01-05', plan: null },
        { customer: 'B', day: '2026-01-01', plan: null },
      ],
    );
    expect(rows.map((r) => [r['customer'], r['plan'], r['plan_missing']])).toEqual([
      ['A', 'basic', 0],
      ['A', 'basic', 1],
      ['A', 'basic', 1],
      ['A', 'pro', 0],
      ['A', 'pro', 1],
      ['B', null, 1],
    ]);
    expect(recipe.columns['plan']!.impute).toMatchObject({ strategy: 'forward_fill', partition: 'customer', order: ['day', 'customer'], imputed: 3 });
  });

  it('looks a missing value up in an already prepared dataset, through its key', async () => {
    const customers = declare({ pay: { role: 'categorical', impute: { strategy: 'mode' } } }, { name: 'customers', source: 'crm' });
    const first = await fitAndPrepare(session, customers, schemaOf('crm', { id: 'string', pay: 'string' }), [
      { id: 'A', pay: 'card' },
      { id: 'B', pay: null },
      { id: 'C', pay: 'card' },
    ]);
    const invoices = declare(
      { pay: { role: 'categorical', impute: { strategy: 'lookup', dataset: 'customers', on: 'customer', column: 'pay' } } },
      { name: 'invoices', source: 'billing', key: ['inv'] },
    );
    const { rows, recipe } = await fitAndPrepare(
      session,
      invoices,
      schemaOf('billing', { inv: 'string', customer: 'string', pay: 'string' }),
      [
        { inv: '1', customer: 'A', pay: null },
        { inv: '2', customer: 'A', pay: 'cash' },
        { inv: '3', customer: 'B', pay: null },
        { inv: '4', customer: 'Z', pay: null },
      ],
      { tables: new Map([['customers', first.table]]), declarations: [customers] },
    );
    // B's CRM value was itself imputed (mode: card); Z is unknown to the CRM and stays missing.
    expect(rows.map((r) => r['pay'])).toEqual(['card', 'cash', 'card', null]);
    expect(recipe.columns['pay']!.impute).toMatchObject({ strategy: 'lookup', dataset: 'customers', key: 'id', on: 'customer', imputed: 2 });
  });
});

describe('group medians beyond what recipe.json holds', () => {
  const s = schemaOf('usage', { id: 'string', customer: 'string', minutes: 'number' });
  const declaration = declare({ minutes: { role: 'numeric', impute: { strategy: 'group_median', by: 'customer' } } }, { name: 'usage', source: 'usage' });
  // INLINE_GROUPS + 500 customers with two readings each (i and i + 2, so the median is i + 1); every 7th customer's second reading is missing.
  const customers = INLINE_GROUPS + 500;
  const records = Array.from({ length: customers }, (_, i) => [
    { id: `${i}a`, customer: `C${i}`, minutes: i },
    { id: `${i}b`, customer: `C${i}`, minutes: i % 7 === 0 ? null : i + 2 },
  ]).flat();

  it('are written to a Parquet file the recipe names by key and sha256, and fill the same values as inline ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'churn-groups-'));
    const groupFiles: GroupFiles = { dir, keyOf: (d, c) => `prepared/run=r1/groups/${d}.${c}.parquet`, written: new Map() };
    const { rows, recipe } = await fitAndPrepare(session, declaration, s, records, { groupFiles });
    const impute = recipe.columns['minutes']!.impute!;
    expect(impute).toMatchObject({ strategy: 'group_median', imputed: Math.ceil(customers / 7) });
    expect('groups' in impute).toBe(false);
    const file = (impute as { groupsFile: { key: string; sha256: string; bytes: number; rows: number } }).groupsFile;
    const path = groupFiles.written.get(file.key)!;
    expect(file).toEqual({ key: 'prepared/run=r1/groups/usage.minutes.parquet', sha256: createHash('sha256').update(readFileSync(path)).digest('hex'), bytes: statSync(path).size, rows: customers });
    // The customer's own median: i for a customer whose second reading is missing.
    const byId = new Map(rows.map((r) => [r['id'], r['minutes']]));
    expect([byId.get('0b'), byId.get('7b'), byId.get('8b'), byId.get(`${customers - 1}b`)]).toEqual([0, 7, 10, customers + 1]);

    const inline = await fitAndPrepare(session, { ...declaration, name: 'usage_inline' }, s, records);
    expect(inline.rows.map((r) => r['minutes'])).toEqual(rows.map((r) => r['minutes']));

    // Applying the recipe reads the file through the local copy it is given, and refuses to run without one.
    const stored = JSON.parse(sortedJson({ recipeVersion: 1, project: 'test', datasets: [recipe] })) as PreparationRecipe;
    await recordsTable(session, 'new_usage', s, [{ id: 'x', customer: 'C8', minutes: null }, { id: 'y', customer: 'nobody', minutes: null }]);
    const { usage } = await applyRecipe(session, stored, { inputs: { usage: 'new_usage' }, groupFiles: { [file.key]: path } });
    expect((await session.rows(`SELECT id, minutes FROM ${usage!.table}`)).map((r) => r['minutes'])).toEqual([9, (impute as { value: number }).value]);
    await expect(applyRecipe(session, stored, { inputs: { usage: 'new_usage' }, tablePrefix: 'again_' })).rejects.toMatchObject({
      code: 'CHURN_PREPARATION_INVALID_RECIPE',
      context: { key: file.key },
    });
  });
});
