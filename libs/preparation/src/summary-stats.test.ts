import { describe, expect, it } from 'vitest';
import { createDatasetDescriber, describeDataset } from './summary-stats';

describe('describeDataset', () => {
  const rows = [
    { x: 1, c: 'a', s: '10' },
    { x: 2, c: 'b', s: '20' },
    { x: 3, c: 'a', s: '' },
    { x: 4, c: null, s: '40' },
    { x: null, c: 'b', s: '50' },
    { x: 10, c: 'c', s: '60' },
  ];

  it('describes numeric columns like pandas (linear quantiles, sample std)', () => {
    const [x] = describeDataset(rows, ['x']).columns;
    // values 1, 2, 3, 4, 10: mean 4, sample var (9+4+1+0+36)/4 = 12.5
    expect(x).toEqual({
      column: 'x', kind: 'numeric', count: 5, missing: 1, mean: 4, std: Math.sqrt(12.5),
      min: 1, p25: 2, median: 3, p75: 4, max: 10,
    });
  });

  it('describes categorical columns with top values, ties by value', () => {
    const summary = describeDataset(rows, ['c'], { topK: 2 });
    expect(summary.rowCount).toBe(6);
    expect(summary.columns[0]).toEqual({
      column: 'c', kind: 'categorical', count: 5, missing: 1, distinct: 3,
      top: [{ value: 'a', count: 2 }, { value: 'b', count: 2 }],
    });
  });

  it('treats numeric strings as numeric only when asked to', () => {
    const [inferred, explicit] = describeDataset(rows, ['s', { name: 's', kind: 'numeric' }]).columns;
    expect(inferred!.kind).toBe('categorical');
    expect(explicit).toMatchObject({ kind: 'numeric', count: 5, missing: 1, median: 40, p25: 20, p75: 50 });
  });

  it('gives nulls for an empty column and an even-count median', () => {
    const summary = describeDataset([{ y: null }, { y: 2 }, { y: 4 }, { y: 6 }, { y: 8 }], ['y', { name: 'z', kind: 'numeric' }]);
    expect(summary.columns[0]).toMatchObject({ median: 5, p25: 3.5, p75: 6.5 });
    expect(summary.columns[1]).toMatchObject({ count: 0, missing: 5, mean: null, std: null, median: null });
  });
});

describe('createDatasetDescriber', () => {
  it('describes rows one at a time exactly like describeDataset', () => {
    const rows = [{ n: 3, t: 1 }, { n: null, t: 'x' }, { n: 1, t: 2 }, { n: 2, t: 'x' }];
    const describer = createDatasetDescriber(['n', 't']);
    for (const row of rows) describer.add(row);
    const summary = describer.finish();
    expect(summary).toEqual(describeDataset(rows, ['n', 't']));
    // t turned categorical at its first text value; the numbers seen before count as categories.
    expect(summary.columns[1]).toMatchObject({ kind: 'categorical', count: 4, distinct: 3, top: [{ value: 'x', count: 2 }, { value: '1', count: 1 }, { value: '2', count: 1 }] });
    expect(summary.columns[0]).toMatchObject({ kind: 'numeric', count: 3, missing: 1, median: 2 });
  });
});
