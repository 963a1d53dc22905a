import { describe, expect, it } from 'vitest';
import { fitStandardScaler, transform } from './scaler';

describe('standard scaler', () => {
  it('uses the population std and 1 for constant columns', () => {
    const X = [
      [1, 5, 10],
      [3, 5, 20],
      [5, 5, 60],
    ];
    const s = fitStandardScaler(X);
    expect(s.mean).toEqual([3, 5, 30]);
    expect(s.scale[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(s.scale[1]).toBe(1);
    expect(s.scale[2]).toBeCloseTo(Math.sqrt((400 + 100 + 900) / 3), 12);
    const Z = transform(s, X);
    for (let j = 0; j < 3; j += 1) {
      const col = Z.map((r) => r[j]!);
      expect(col.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    }
    expect(Z.map((r) => r[1])).toEqual([0, 0, 0]);
    expect(Z[0]![0]).toBeCloseTo(-2 / Math.sqrt(8 / 3), 12);
  });

  it('rejects ragged, empty, non-finite and wrong-width input', () => {
    expect(() => fitStandardScaler([])).toThrow(expect.objectContaining({ code: 'CHURN_ML_EMPTY_DATA' }));
    expect(() => fitStandardScaler([[1, 2], [3]])).toThrow(expect.objectContaining({ code: 'CHURN_ML_DIMENSION_MISMATCH' }));
    expect(() => fitStandardScaler([[1, Number.NaN]])).toThrow(expect.objectContaining({ code: 'CHURN_ML_INVALID_VALUE' }));
    const s = fitStandardScaler([[1, 2], [3, 4]]);
    expect(() => transform(s, [[1, 2, 3]])).toThrow(expect.objectContaining({ code: 'CHURN_ML_DIMENSION_MISMATCH' }));
  });
});
