import { stratifiedFolds, stratifiedSplit } from '@churn/ml';
import { trainingErrors } from './errors';
import type { TrainingSet } from './training-set';

/** Rows and churners of one observation time, and which part of the split it went to. */
export interface SnapshotSummary {
  timestamp: string;
  rows: number;
  positives: number;
  part: 'train' | 'test' | 'train+test';
}

export interface TrainingSplit {
  kind: 'out-of-time' | 'cross-validation';
  trainIdx: number[];
  testIdx: number[];
  /** Cross-validation: the test rows of each stratified fold (k = round(1 / testFraction)). */
  folds?: number[][];
  snapshots: SnapshotSummary[];
}

/**
 * Splits a training set for evaluation. With two or more observation times it
 * splits OUT OF TIME: the newest snapshot is the test part, the older ones
 * train. The same customer appears in several snapshots with near-identical
 * features, so a random split would put copies of a test row into training
 * and flatter the metrics; testing on a later period is also how the model is
 * used (trained on the past, scoring the future). With a single snapshot (a
 * status label) it cross-validates over stratified folds, k = round(1 / testFraction),
 * at least 2; `trainIdx`/`testIdx` are then the first fold's split. Throws CHURN_TRAINING_SINGLE_CLASS
 * when a part lacks churners or stayers.
 */
export function splitTrainingSet(set: TrainingSet, options: { testFraction: number; seed: number }): TrainingSplit {
  const times = [...new Set(set.timestamps)].sort();
  const summary = (part: (t: string) => SnapshotSummary['part']): SnapshotSummary[] =>
    times.map((timestamp) => {
      const idx = set.timestamps.flatMap((t, i) => (t === timestamp ? [i] : []));
      return { timestamp, rows: idx.length, positives: idx.filter((i) => set.y[i] === 1).length, part: part(timestamp) };
    });

  if (times.length < 2) {
    const snapshots = summary(() => 'train+test');
    if (new Set(set.y).size < 2) throw trainingErrors.singleClass('train', snapshots);
    const k = Math.max(2, Math.round(1 / options.testFraction));
    const positives = set.y.filter((y) => y === 1).length;
    if (Math.min(positives, set.y.length - positives) < k) return { kind: 'cross-validation', ...stratifiedSplit(set.y, options), snapshots };
    const folds = stratifiedFolds(set.y, { folds: k, seed: options.seed });
    const held = new Set(folds[0]);
    const all = set.y.map((_, i) => i);
    return { kind: 'cross-validation', trainIdx: all.filter((i) => !held.has(i)), testIdx: folds[0]!, folds, snapshots };
  }
  const testTime = times.at(-1)!;
  const snapshots = summary((t) => (t === testTime ? 'test' : 'train'));
  const trainIdx: number[] = [];
  const testIdx: number[] = [];
  set.timestamps.forEach((t, i) => (t === testTime ? testIdx : trainIdx).push(i));
  for (const [part, idx] of [['train', trainIdx], ['test', testIdx]] as const) {
    if (new Set(idx.map((i) => set.y[i])).size < 2) throw trainingErrors.singleClass(part, snapshots);
  }
  return { kind: 'out-of-time', trainIdx, testIdx, snapshots };
}
