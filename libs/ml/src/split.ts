import seedrandom from 'seedrandom';
import { assertBinaryLabels, assertBothClasses } from './matrix';
import { optionsValidator } from './options';

/** Options of {@link stratifiedSplit}. */
export interface SplitOptions {
  /** Share of each class that goes to the test part, strictly between 0 and 1. */
  testFraction: number;
  /** Seed of the shuffle; the same labels and seed always give the same split. */
  seed: number | string;
}

/** Row indices (ascending) of the two parts. */
export interface SplitResult {
  trainIdx: number[];
  testIdx: number[];
}

const validateOptions = optionsValidator<SplitOptions>('split options', {
  type: 'object',
  properties: {
    testFraction: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    seed: { type: ['number', 'string'] } as never,
  },
  required: ['testFraction', 'seed'],
  additionalProperties: false,
});

/**
 * Splits 0/1 labels into train and test indices, shuffling each class
 * separately so both parts keep the class ratio. Each class keeps at least one
 * row on each side, so both parts contain both classes whenever each class
 * has two or more rows.
 */
export function stratifiedSplit(labels: number[], options: SplitOptions): SplitResult {
  const { testFraction, seed } = validateOptions(options);
  assertBinaryLabels(labels, undefined, 'labels');
  assertBothClasses(labels, 'labels');
  const rng = seedrandom(String(seed));
  const trainIdx: number[] = [];
  const testIdx: number[] = [];
  for (const cls of [0, 1]) {
    const members: number[] = [];
    labels.forEach((label, i) => {
      if (label === cls) members.push(i);
    });
    shuffleInPlace(members, rng);
    let nTest = Math.round(members.length * testFraction);
    if (members.length >= 2) nTest = Math.min(Math.max(nTest, 1), members.length - 1);
    testIdx.push(...members.slice(0, nTest));
    trainIdx.push(...members.slice(nTest));
  }
  trainIdx.sort((a, b) => a - b);
  testIdx.sort((a, b) => a - b);
  return { trainIdx, testIdx };
}

/**
 * Stratified k-fold: the row indices (ascending) of each of `folds` test folds. Each class is shuffled with the
 * seed and dealt round-robin, so every fold keeps the class ratio and every row is in exactly one fold
 * (scikit-learn's StratifiedKFold with shuffle). Needs at least `folds` rows of each class.
 */
export function stratifiedFolds(labels: number[], options: { folds: number; seed: number | string }): number[][] {
  const { folds, seed } = options;
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`folds must be an integer of at least 2, got ${folds}`);
  assertBinaryLabels(labels, undefined, 'labels');
  assertBothClasses(labels, 'labels');
  const rng = seedrandom(`${String(seed)}:folds`);
  const out: number[][] = Array.from({ length: folds }, () => []);
  let next = 0;
  for (const cls of [0, 1]) {
    const members: number[] = [];
    labels.forEach((label, i) => {
      if (label === cls) members.push(i);
    });
    if (members.length < folds) throw new RangeError(`class ${cls} has ${members.length} rows, fewer than the ${folds} folds`);
    shuffleInPlace(members, rng);
    // Continue the deal where the previous class stopped, so fold sizes differ by at most one overall.
    for (const i of members) {
      out[next]!.push(i);
      next = (next + 1) % folds;
    }
  }
  for (const fold of out) fold.sort((a, b) => a - b);
  return out;
}

function shuffleInPlace(values: number[], rng: () => number): void {
  for (let i = values.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = values[i]!;
    values[i] = values[j]!;
    values[j] = tmp;
  }
}

/** Picks the rows of a matrix (or any array) at the given indices. */
export function takeRows<T>(values: readonly T[], indices: readonly number[]): T[] {
  return indices.map((i) => values[i]!);
}
