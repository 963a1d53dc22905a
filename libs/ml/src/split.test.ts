import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from './split';

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
