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
const schema = schemaOf('src', { id: 'string', x: 'number' });
/** 1..9 and an outlier, 100; one missing. */
const records = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100, null].map((x, i) => ({ id: String(i).padStart(2, '0'), x }));

describe('outliers', () => {
  it('winsorizes at the fitted quantiles (interpolated), counting the clipped values', async () => {
    const { rows, recipe } = await fitAndPrepare(session, declare({ x: { role: 'numeric', outliers: { winsorize: [0.1, 0.9] } } }), schema, records);
    // Quantiles of 1..9,100 (n = 10): 0.1 -> 1.9, 0.9 -> 9 + 0.1 * 91 = 18.1.
    expect(recipe.columns['x']!.outliers).toEqual({ method: 'winsorize', quantiles: [0.1, 0.9], lower: 1.9, upper: expect.closeTo(18.1, 10), clipped: 2 });
    expect(rows.map((r) => r['x'])).toEqual([1.9, 2, 3, 4, 5, 6, 7, 8, 9, expect.closeTo(18.1, 10), null]);
  });

  it('flags values outside q1 - k IQR, q3 + k IQR and keeps them', async () => {
    const { rows, recipe } = await fitAndPrepare(session, declare({ x: { role: 'numeric', outliers: { flag: { k: 1.5 } } } }), schema, records);
    // q1 = 3.25, q3 = 7.75, IQR 4.5: fences -3.5 and 14.5.
    expect(recipe.columns['x']!.outliers).toEqual({ method: 'flag', k: 1.5, q1: 3.25, q3: 7.75, lower: -3.5, upper: 14.5, flagged: 1 });
    expect(rows.map((r) => [r['x'], r['x_outlier']])).toEqual([...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((x) => [x, 0]), [100, 1], [null, 0]]);
  });
});

describe('scaling', () => {
  const scaled = async (scale: 'standard' | 'minmax' | 'robust') => {
    const { rows, recipe } = await fitAndPrepare(session, declare({ x: { role: 'numeric', impute: { strategy: 'median' }, scale } }), schema, records.slice(0, 5));
    return { values: rows.map((r) => [r['x'], r['x_scaled']]), params: recipe.columns['x']!.scale };
  };

  it('standard: (x - mean) / population std, beside the natural units', async () => {
    const { values, params } = await scaled('standard');
    expect(params).toEqual({ method: 'standard', column: 'x_scaled', center: 3, scale: Number(Math.sqrt(2).toPrecision(12)) });
    expect(values.map(([x]) => x)).toEqual([1, 2, 3, 4, 5]);
    expect(values.map(([, s]) => s)).toEqual([-2, -1, 0, 1, 2].map((d) => expect.closeTo(d / Math.SQRT2, 9)));
  });

  it('minmax: (x - min) / (max - min)', async () => {
    const { values, params } = await scaled('minmax');
    expect(params).toMatchObject({ center: 1, scale: 4 });
    expect(values.map(([, s]) => s)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('robust: (x - median) / IQR', async () => {
    const { values, params } = await scaled('robust');
    expect(params).toMatchObject({ center: 3, scale: 2 });
    expect(values.map(([, s]) => s)).toEqual([-1, -0.5, 0, 0.5, 1]);
  });

  it('scales a constant column by 1, and winsorized values as clipped', async () => {
    const s = schemaOf('src', { id: 'string', x: 'number', c: 'number' });
    const { rows, recipe } = await fitAndPrepare(
      session,
      declare({ c: { role: 'numeric', scale: 'standard' }, x: { role: 'numeric', outliers: { winsorize: [0, 0.5] }, scale: 'minmax' } }),
      s,
      [1, 2, 3].map((x, i) => ({ id: String(i), x, c: 7 })),
    );
    expect(recipe.columns['c']!.scale).toMatchObject({ center: 7, scale: 1 });
    expect(rows.map((r) => [r['c_scaled'], r['x'], r['x_scaled']])).toEqual([[0, 1, 0], [0, 2, 1], [0, 2, 1]]);
  });
});
