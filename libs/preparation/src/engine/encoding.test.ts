import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '@churn/duckdb';
import type { DatasetDeclaration } from '@churn/project';
import { fitAndPrepare, openTestSession, schemaOf } from '../test-support';

let session: Session;
beforeEach(async () => {
  session = await openTestSession();
});
afterEach(() => session.close());

const declare = (columns: DatasetDeclaration['columns']): DatasetDeclaration => ({ name: 'things', source: 'src', key: ['id'], columns });
const oneHots = (row: Record<string, unknown>, prefix: string) => Object.fromEntries(Object.entries(row).filter(([k]) => k.startsWith(prefix)));

describe('one-hot encoding', () => {
  const contracts = ['Month-to-month', 'One year', 'Two year'];
  const records = [
    { id: '1', contract: 'Two year' },
    { id: '2', contract: 'Month-to-month' },
    { id: '3', contract: null },
    { id: '4', contract: 'Month-to-month' },
  ];

  it('has one column per enum value, in the declared order, seen or not; keeps the text; no other column when none can occur', async () => {
    const schema = schemaOf('src', { id: 'string', contract: { type: 'string', enum: contracts } });
    const { rows, recipe } = await fitAndPrepare(session, declare({ contract: { role: 'categorical', impute: { strategy: 'mode' }, encode: { kind: 'one_hot' } } }), schema, records);
    expect(recipe.output.map((c) => c.name)).toEqual(['id', 'contract', 'contract__month_to_month', 'contract__one_year', 'contract__two_year']);
    expect(rows.map((r) => [r['contract'], oneHots(r, 'contract__')])).toEqual([
      ['Two year', { contract__month_to_month: 0, contract__one_year: 0, contract__two_year: 1 }],
      ['Month-to-month', { contract__month_to_month: 1, contract__one_year: 0, contract__two_year: 0 }],
      ['Month-to-month', { contract__month_to_month: 1, contract__one_year: 0, contract__two_year: 0 }],
      ['Month-to-month', { contract__month_to_month: 1, contract__one_year: 0, contract__two_year: 0 }],
    ]);
    expect(recipe.columns['contract']!.encode).toMatchObject({ kind: 'one_hot', from: 'enum', categories: contracts, other: null });
  });

  it('adds <col>__other when an imputation constant lies outside the enum', async () => {
    const schema = schemaOf('src', { id: 'string', contract: { type: 'string', enum: contracts } });
    const { rows } = await fitAndPrepare(
      session,
      declare({ contract: { role: 'categorical', impute: { strategy: 'constant', value: 'unknown' }, encode: { kind: 'one_hot' } } }),
      schema,
      records,
    );
    expect(rows[2]).toMatchObject({ contract: 'unknown', contract__month_to_month: 0, contract__two_year: 0, contract__other: 1 });
    expect(rows[0]).toMatchObject({ contract__other: 0 });
  });

  it('keeps the `top` most frequent categories and puts the rest in <col>__other', async () => {
    const schema = schemaOf('src', { id: 'string', city: 'string' });
    const cities = ['Kiel', 'Bonn', 'Kiel', 'Ulm', 'Bonn', 'Kiel', 'Aue', null];
    const { rows, recipe } = await fitAndPrepare(
      session,
      declare({ city: { role: 'categorical', encode: { kind: 'one_hot', top: 2 } } }),
      schema,
      cities.map((city, i) => ({ id: String(i), city })),
    );
    expect(recipe.output.map((c) => c.name)).toEqual(['id', 'city', 'city__kiel', 'city__bonn', 'city__other']);
    expect(rows.map((r) => [r['city__kiel'], r['city__bonn'], r['city__other']])).toEqual([
      [1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 0, 0],
    ]);
    expect(recipe.columns['city']!.encode).toMatchObject({ from: 'data', top: 2, categories: ['Kiel', 'Bonn'], other: 'city__other' });
  });

  it('with an enum and `top`, keeps the most frequent declared values in declared order', async () => {
    const schema = schemaOf('src', { id: 'string', contract: { type: 'string', enum: contracts } });
    const { recipe } = await fitAndPrepare(session, declare({ contract: { role: 'categorical', encode: { kind: 'one_hot', top: 2 } } }), schema, [
      ...records,
      { id: '5', contract: 'One year' },
      { id: '6', contract: 'One year' },
    ]);
    expect(recipe.output.map((c) => c.name).slice(2)).toEqual(['contract__month_to_month', 'contract__one_year', 'contract__other']);
  });

  it('merges categories whose slugs coincide into one column', async () => {
    const schema = schemaOf('src', { id: 'string', s: 'string' });
    const { rows, recipe } = await fitAndPrepare(session, declare({ s: { role: 'categorical', encode: { kind: 'one_hot' } } }), schema, [
      { id: '1', s: 'Fiber optic' },
      { id: '2', s: 'fiber-optic' },
      { id: '3', s: 'DSL' },
    ]);
    expect(recipe.output.map((c) => c.name)).toEqual(['id', 's', 's__dsl', 's__fiber_optic', 's__other']);
    expect(rows.map((r) => r['s__fiber_optic'])).toEqual([1, 1, 0]);
  });
});

describe('ordinal encoding', () => {
  it('codes the position in the declared order, -1 for others, NULL for missing', async () => {
    const schema = schemaOf('src', { id: 'string', p: 'string' });
    const { rows } = await fitAndPrepare(session, declare({ p: { role: 'categorical', encode: { kind: 'ordinal', order: ['low', 'normal', 'high'] } } }), schema, [
      { id: '1', p: 'high' },
      { id: '2', p: 'low' },
      { id: '3', p: 'urgent' },
      { id: '4', p: null },
    ]);
    expect(rows.map((r) => [r['p'], r['p_code']])).toEqual([['high', 2], ['low', 0], ['urgent', -1], [null, null]]);
  });

  it('uses the enum order, else the sorted categories', async () => {
    const schema = schemaOf('src', { id: 'string', p: { type: 'string', enum: ['low', 'high'] }, q: 'string' });
    const { rows } = await fitAndPrepare(session, declare({ p: { role: 'categorical', encode: { kind: 'ordinal' } }, q: { role: 'categorical', encode: { kind: 'ordinal' } } }), schema, [
      { id: '1', p: 'high', q: 'b' },
      { id: '2', p: 'low', q: 'a' },
    ]);
    expect(rows.map((r) => [r['p_code'], r['q_code']])).toEqual([[1, 1], [0, 0]]);
  });
});
