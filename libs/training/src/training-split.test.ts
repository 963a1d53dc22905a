import { describe, expect, it } from 'vitest';
import type { TrainingSet } from './training-set';
import { splitTrainingSet } from './training-split';

const setOf = (rows: Array<[string, number]>): TrainingSet => ({
  view: {} as TrainingSet['view'],
  featureNames: ['x'],
  entityKeys: rows.map((_, i) => `C${i}`),
  timestamps: rows.map(([t]) => t),
  X: rows.map((_, i) => [i]),
  y: rows.map(([, y]) => y),
  withoutFeatures: 0,
  nullsFilled: {},
});
const options = { testFraction: 0.25, seed: 1 };
const [aug, sep, oct] = ['2026-08-03T00:00:00.000Z', '2026-09-02T00:00:00.000Z', '2026-10-02T00:00:00.000Z'];

describe('splitTrainingSet', () => {
  it('tests on the newest snapshot and trains on the older ones', () => {
    const set = setOf([[oct, 1], [aug, 0], [sep, 1], [oct, 0], [aug, 1], [sep, 0], [oct, 0]]);
    const split = splitTrainingSet(set, options);
    expect(split.kind).toBe('out-of-time');
    expect(split.testIdx).toEqual([0, 3, 6]);
    expect(split.trainIdx).toEqual([1, 2, 4, 5]);
    expect(split.snapshots).toEqual([
      { timestamp: aug, rows: 2, positives: 1, part: 'train' },
      { timestamp: sep, rows: 2, positives: 1, part: 'train' },
      { timestamp: oct, rows: 3, positives: 1, part: 'test' },
    ]);
  });

  it('cross-validates over stratified folds with a single snapshot (a status label)', () => {
    const set = setOf(Array.from({ length: 8 }, (_, i) => [oct, i % 2] as [string, number]));
    const split = splitTrainingSet(set, options);
    expect(split.kind).toBe('cross-validation');
    // testFraction 0.25: four folds of two rows, one churner and one stayer each, every row tested once.
    expect(split.folds!.map((f) => f.map((i) => set.y[i]).sort())).toEqual([[0, 1], [0, 1], [0, 1], [0, 1]]);
    expect(split.folds!.flat().sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(split.testIdx).toEqual(split.folds![0]);
    expect(new Set(split.testIdx.map((i) => set.y[i]))).toEqual(new Set([0, 1]));
    expect(split.snapshots).toEqual([{ timestamp: oct, rows: 8, positives: 4, part: 'train+test' }]);
  });

  it('refuses a test snapshot without churners, naming the part', () => {
    const set = setOf([[aug, 1], [aug, 0], [oct, 0], [oct, 0]]);
    expect(() => splitTrainingSet(set, options)).toThrowError(expect.objectContaining({ code: 'CHURN_TRAINING_SINGLE_CLASS', context: expect.objectContaining({ part: 'test' }) }));
  });
});
