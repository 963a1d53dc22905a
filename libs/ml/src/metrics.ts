import { ML_ERROR_CODES, mlError } from './errors';
import { assertBinaryLabels, assertBothClasses } from './matrix';

/** Confusion counts at a threshold, positive class = 1. */
export interface ConfusionCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Binary classification metrics; ratios with a zero denominator are 0. */
export interface ClassificationMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  roc_auc: number;
  confusion: ConfusionCounts;
  /** Number of evaluated samples. */
  support: number;
}

/**
 * Threshold metrics (predict 1 when `proba >= threshold`) plus the exact
 * ROC-AUC. Throws CHURN_ML_SINGLE_CLASS when yTrue has one class, since AUC is
 * undefined then.
 */
export function classificationMetrics(yTrue: number[], proba: number[], threshold = 0.5): ClassificationMetrics {
  assertBinaryLabels(yTrue, undefined, 'yTrue');
  assertProbabilities(proba, yTrue.length);
  assertBothClasses(yTrue, 'yTrue');
  const confusion: ConfusionCounts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < yTrue.length; i += 1) {
    const predicted = proba[i]! >= threshold;
    if (yTrue[i] === 1) {
      if (predicted) confusion.tp += 1;
      else confusion.fn += 1;
    } else if (predicted) confusion.fp += 1;
    else confusion.tn += 1;
  }
  const { tp, fp, tn, fn } = confusion;
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    accuracy: ratio(tp + tn, yTrue.length),
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    roc_auc: rocAuc(yTrue, proba),
    confusion,
    support: yTrue.length,
  };
}

/**
 * Exact ROC-AUC via the Mann-Whitney U statistic with mid-ranks for ties:
 * equal to the trapezoidal area under the ROC curve, ties counting one half.
 */
export function rocAuc(yTrue: number[], scores: number[]): number {
  assertBinaryLabels(yTrue, undefined, 'yTrue');
  assertProbabilities(scores, yTrue.length, 'scores');
  assertBothClasses(yTrue, 'yTrue');
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positiveRankSum = 0;
  let positives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end += 1;
    const midRank = (start + end) / 2 + 1; // ranks are 1-based
    for (let k = start; k <= end; k += 1) {
      if (yTrue[order[k]!] === 1) {
        positiveRankSum += midRank;
        positives += 1;
      }
    }
    start = end + 1;
  }
  const negatives = yTrue.length - positives;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function assertProbabilities(values: number[], length: number, name = 'proba'): void {
  if (!Array.isArray(values) || values.length !== length) {
    throw mlError(ML_ERROR_CODES.dimensionMismatch, `${name} has ${values?.length} values for ${length} labels`, {
      name,
      values: values?.length,
      labels: length,
    });
  }
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw mlError(ML_ERROR_CODES.invalidValue, `${name}[${i}] is not a finite number`, { name, index: i });
  });
}
