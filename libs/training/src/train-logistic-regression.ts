import { PlatformError } from '@churn/core';
import {
  classificationMetrics,
  createOnnxScorer,
  exportLogisticRegressionOnnx,
  fitStandardScaler,
  predictProba,
  trainLogisticRegression,
  type LogisticRegressionModel,
  type StandardScaler,
} from '@churn/ml';
import type { TrainingSet } from './training-set';
import type { TrainingSplit } from './training-split';

export interface TrainingOptions {
  l2: number;
  modelName: string;
  modelVersion: number;
}

/** How the reported metrics were measured. */
export type Evaluation =
  | { kind: 'holdout'; trainRows: number; testRows: number }
  | { kind: 'cross-validation'; folds: number; foldRocAuc: number[] };

/** Everything a training run produces, before it is registered. */
export interface TrainedModel {
  algorithm: 'logistic_regression';
  onnx: Uint8Array;
  metrics: ReturnType<typeof classificationMetrics>;
  evaluation: Evaluation;
  coefficients: Record<string, number>;
  intercept: number;
  trainRows: number;
  testRows: number;
  iterations: number;
  converged: boolean;
}

const ONNX_TOLERANCE = 1e-4;
const pick = <T>(values: T[], idx: number[]) => idx.map((i) => values[i] as T);

/** A standard scaler and an L2 logistic regression fitted on some rows. */
function fitScaled(X: number[][], y: number[], l2: number): { scaler: StandardScaler; model: LogisticRegressionModel; proba(X: number[][]): number[] } {
  const scaler = fitStandardScaler(X);
  const scale = (rows: number[][]) => rows.map((row) => row.map((v, j) => (v - (scaler.mean[j] ?? 0)) / (scaler.scale[j] ?? 1)));
  const model = trainLogisticRegression(scale(X), y, { l2 });
  return { scaler, model, proba: (rows) => predictProba(model, scale(rows)) };
}

/**
 * Fits a standard scaler and an L2 logistic regression, exports both as one ONNX graph and checks that the graph
 * scores like the in-memory model (an export bug must never reach the registry). Evaluation:
 * - out of time (several observation times): fitted on the older snapshots, measured on the newest;
 * - one snapshot (a status label): stratified k-fold cross-validation (k = round(1 / test fraction)), metrics of
 *   the pooled out-of-fold scores, each scored by a model that never saw it; the registered model is then fitted
 *   on every row. A single random holdout of a few thousand rows moves ROC-AUC by about ±0.01 with the seed.
 */
export async function trainLogisticRegressionModel(
  set: TrainingSet,
  split: Pick<TrainingSplit, 'kind' | 'trainIdx' | 'testIdx'> & { folds?: number[][] },
  options: TrainingOptions,
): Promise<TrainedModel> {
  let fitIdx: number[];
  let metrics: ReturnType<typeof classificationMetrics>;
  let evaluation: Evaluation;
  if (split.folds && split.folds.length >= 2) {
    const oof = new Array<number>(set.y.length).fill(0);
    const foldRocAuc: number[] = [];
    const all = set.y.map((_, i) => i);
    for (const test of split.folds) {
      const held = new Set(test);
      const train = all.filter((i) => !held.has(i));
      const fitted = fitScaled(pick(set.X, train), pick(set.y, train), options.l2);
      const proba = fitted.proba(pick(set.X, test));
      test.forEach((row, k) => (oof[row] = proba[k]!));
      foldRocAuc.push(classificationMetrics(pick(set.y, test), proba).roc_auc);
    }
    metrics = classificationMetrics(set.y, oof);
    evaluation = { kind: 'cross-validation', folds: split.folds.length, foldRocAuc };
    fitIdx = all;
  } else {
    const fitted = fitScaled(pick(set.X, split.trainIdx), pick(set.y, split.trainIdx), options.l2);
    metrics = classificationMetrics(pick(set.y, split.testIdx), fitted.proba(pick(set.X, split.testIdx)));
    evaluation = { kind: 'holdout', trainRows: split.trainIdx.length, testRows: split.testIdx.length };
    fitIdx = split.trainIdx;
  }
  const final = fitScaled(pick(set.X, fitIdx), pick(set.y, fitIdx), options.l2);

  const onnx = exportLogisticRegressionOnnx({
    featureNames: set.featureNames,
    scaler: final.scaler,
    coefficients: final.model.coefficients,
    intercept: final.model.intercept,
    modelName: options.modelName,
    modelVersion: String(options.modelVersion),
    metadata: { feature_view: set.view.name, feature_set_version: String(set.view.version) },
  });
  const checkIdx = split.testIdx.length > 0 ? split.testIdx : fitIdx;
  const expected = final.proba(pick(set.X, checkIdx));
  const scorer = await createOnnxScorer(onnx);
  try {
    const onnxProba = await scorer.predictProba(pick(set.X, checkIdx));
    const worst = Math.max(0, ...onnxProba.map((p, i) => Math.abs(p - (expected[i] ?? 0))));
    if (worst > ONNX_TOLERANCE) {
      throw new PlatformError('CHURN_TRAINING_ONNX_MISMATCH', `ONNX model differs from the trained model by ${worst}`, { context: { worst } });
    }
  } finally {
    await scorer.close();
  }

  return {
    algorithm: 'logistic_regression',
    onnx,
    metrics,
    evaluation,
    coefficients: Object.fromEntries(set.featureNames.map((name, j) => [name, final.model.coefficients[j] ?? 0])),
    intercept: final.model.intercept,
    trainRows: fitIdx.length,
    testRows: evaluation.kind === 'holdout' ? evaluation.testRows : set.y.length,
    iterations: final.model.iterations,
    converged: final.model.converged,
  };
}
