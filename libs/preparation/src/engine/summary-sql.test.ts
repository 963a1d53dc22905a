import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '@churn/duckdb';
import { fitAndPrepare, openTestSession, schemaOf } from '../test-support';
import { summarizePrepared } from './summary-sql';

let session: Session;
beforeEach(async () => {
  session = await openTestSession();
});
afterEach(() => session.close());

describe('summarizePrepared', () => {
  it('describes numbers, categories, dates and ids in SQL, with the imputation counts', async () => {
    const schema = schemaOf('src', { id: 'string', fee: 'number', plan: 'string', day: 'date', note: 'string' });
    const { recipe, table } = await fitAndPrepare(
      session,
      { name: 'things', source: 'src', key: ['id'], columns: { fee: { role: 'numeric', impute: { strategy: 'median' } }, plan: { role: 'categorical' }, day: { role: 'date' } } },
      schema,
      [
        { id: '1', fee: 1, plan: 'a', day: '2026-01-03', note: null },
        { id: '2', fee: 2, plan: 'b', day: '2026-01-01', note: null },
        { id: '3', fee: null, plan: 'a', day: null, note: 'x' },
        { id: '4', fee: 5, plan: null, day: '2026-01-02', note: 'x' },
      ],
    );
    const summary = await summarizePrepared(session, table, recipe);
    expect(summary).toMatchObject({ dataset: 'things', rows: 4, imputed: { fee: 1 }, clipped: {}, flagged: {} });
    expect(summary.columns).toEqual([
      { column: 'id', kind: 'id', count: 4, missing: 0, distinct: 4 },
      // 1, 2, 2 (imputed median), 5: sample std sqrt(((-1.5)^2 + 0.25 + 0.25 + 2.5^2) / 3).
      { column: 'fee', kind: 'numeric', count: 4, missing: 0, distinct: 3, mean: 2.5, std: Number(Math.sqrt(9 / 3).toPrecision(12)), min: 1, p25: 1.75, median: 2, p75: 2.75, max: 5 },
      { column: 'plan', kind: 'categorical', count: 3, missing: 1, distinct: 2, top: [{ value: 'a', count: 2 }, { value: 'b', count: 1 }] },
      { column: 'day', kind: 'date', count: 3, missing: 1, distinct: 3, min: '2026-01-01', max: '2026-01-03' },
      { column: 'note', kind: 'categorical', count: 2, missing: 2, distinct: 1, top: [{ value: 'x', count: 2 }] },
    ]);
  });
});

describe('summarizePrepared of 0/1 columns', () => {
  it('gives the distinct counts and quartiles of flags and one-hot columns that SQL gives', async () => {
    const schema = schemaOf('src', { id: 'string', fee: 'number', plan: { type: 'string', enum: ['a', 'b', 'c'] } });
    const records = Array.from({ length: 37 }, (_, i) => ({ id: String(i), fee: i % 5 === 0 ? null : i, plan: ['a', 'b', 'c', 'a'][i % 4] }));
    const { recipe, table } = await fitAndPrepare(
      session,
      { name: 'things', source: 'src', key: ['id'], columns: { fee: { role: 'numeric', impute: { strategy: 'median', indicator: true } }, plan: { role: 'categorical', encode: { kind: 'one_hot' } } } },
      schema,
      records,
    );
    const summary = await summarizePrepared(session, table, recipe);
    const flags = ['fee_missing', 'plan__a', 'plan__b', 'plan__c'];
    for (const column of flags) {
      const [sql] = await session.rows<{ distinct: number; q: number[] }>(`SELECT count(DISTINCT "${column}") AS distinct, quantile_cont("${column}", [0.25, 0.5, 0.75]) AS q FROM ${table}`);
      expect(summary.columns.find((c) => c.column === column)).toMatchObject({ kind: 'numeric', count: 37, distinct: sql!.distinct, p25: sql!.q[0], median: sql!.q[1], p75: sql!.q[2] });
    }
  });
});
