import { describe, expect, it } from 'vitest';
import { stratifiedFolds, stratifiedSplit } from './split';

const labels = Array.from({ length: 1000 }, (_, i) => (i % 4 === 0 ? 1 : 0)); // 25% positives

describe('stratifiedSplit', () => {
  it('keeps the class ratio in both parts and partitions every index once', () => {
    const { trainIdx, testIdx } = stratifiedSplit(labels, { testFraction: 0.2, seed: 7 });
    expect(testIdx).toHaveLength(200);
    expect(trainIdx).toHaveLength(800);
    const rate = (idx: number[]) => idx.filter((i) => labels[i] === 1).length / idx.length;
    expect(rate(testIdx)).toBe(0.25);
    expect(rate(trainIdx)).toBe(0.25);
    expect(new Set([...trainIdx, ...testIdx]).size).toBe(1000);
    expect(trainIdx).toEqual([...trainIdx].sort((a, b) => a - b));
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = stratifiedSplit(labels, { testFraction: 0.3, seed: 1 });
    const b = stratifiedSplit(labels, { testFraction: 0.3, seed: 1 });
    const c = stratifiedSplit(labels, { testFraction: 0.3, seed: 2 });
    expect(a).toEqual(b);
    expect(a.testIdx).not.toEqual(c.testIdx);
  });

  it('keeps both classes on both sides for tiny classes', () => {
    const y = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
    const { trainIdx, testIdx } = stratifiedSplit(y, { testFraction: 0.1, seed: 3 });
    expect(testIdx.some((i) => y[i] === 1)).toBe(true);
    expect(trainIdx.some((i) => y[i] === 1)).toBe(true);
  });

  it('rejects bad options and single-class labels', () => {
    expect(() => stratifiedSplit(labels, { testFraction: 1, seed: 1 })).toThrow(expect.objectContaining({ code: 'CHURN_ML_INVALID_OPTIONS' }));
    expect(() => stratifiedSplit(labels, { testFraction: 0.2, seed: 1, extra: 1 } as never)).toThrow(
      expect.objectContaining({ code: 'CHURN_ML_INVALID_OPTIONS' }),
    );
    expect(() => stratifiedSplit([1, 1, 1], { testFraction: 0.5, seed: 1 })).toThrow(expect.objectContaining({ code: 'CHURN_ML_SINGLE_CLASS' }));
    expect(() => stratifiedSplit([], { testFraction: 0.5, seed: 1 })).toThrow(expect.objectContaining({ code: 'CHURN_ML_EMPTY_DATA' }));
  });
});

describe('stratifiedFolds', () => {
  const few = Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0));

  it('puts every row in exactly one fold, keeping the class ratio in each', () => {
    const folds = stratifiedFolds(few, { folds: 5, seed: 42 });
    expect(folds.flat().sort((a, b) => a - b)).toEqual(few.map((_, i) => i));
    const sizes = folds.map((f) => f.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const fold of folds) {
      const positives = fold.filter((i) => few[i] === 1).length;
      expect(Math.abs(positives - 26 / 5)).toBeLessThanOrEqual(1);
    }
  });

  it('is reproducible with the seed and differs with another', () => {
    expect(stratifiedFolds(few, { folds: 5, seed: 42 })).toEqual(stratifiedFolds(few, { folds: 5, seed: 42 }));
    expect(stratifiedFolds(few, { folds: 5, seed: 7 })).not.toEqual(stratifiedFolds(few, { folds: 5, seed: 42 }));
  });

  it('refuses fewer rows of a class than folds', () => {
    expect(() => stratifiedFolds([1, 0, 0, 0, 1], { folds: 3, seed: 1 })).toThrow(/class 1 has 2 rows/);
  });
});
