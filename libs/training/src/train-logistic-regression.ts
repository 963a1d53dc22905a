import { PlatformError } from '@churn/core';
import {
  classificationMetrics,
  createOnnxScorer,
  exportLogisticRegressionOnnx,
  fitStandardScaler,
  predictProba,
  trainLogisticRegression,
} from '@churn/ml';
import type { TrainingSet } from './training-set';
import type { TrainingSplit } from './training-split';

export interface TrainingOptions {
  l2: number;
  modelName: string;
  modelVersion: number;
}

/** Everything a training run produces, before it is registered. */
export interface TrainedModel {
  algorithm: 'logistic_regression';
  onnx: Uint8Array;
  metrics: ReturnType<typeof classificationMetrics>;
  coefficients: Record<string, number>;
  intercept: number;
  trainRows: number;
  testRows: number;
  iterations: number;
  converged: boolean;
}

const ONNX_TOLERANCE = 1e-4;

/**
 * Fits a standard scaler and an L2 logistic regression on the training part
 * of a split, evaluates on its test part, exports scaler and model as one
 * ONNX graph, and checks that the ONNX graph scores the holdout like the
 * in-memory model did (an export bug must never reach the registry).
 */
export async function trainLogisticRegressionModel(set: TrainingSet, split: Pick<TrainingSplit, 'trainIdx' | 'testIdx'>, options: TrainingOptions): Promise<TrainedModel> {
  const { trainIdx, testIdx } = split;
  const pick = <T>(values: T[], idx: number[]) => idx.map((i) => values[i] as T);
  const Xtrain = pick(set.X, trainIdx);
  const ytrain = pick(set.y, trainIdx);
  const Xtest = pick(set.X, testIdx);
  const ytest = pick(set.y, testIdx);

  const scaler = fitStandardScaler(Xtrain);
  const scale = (X: number[][]) => X.map((row) => row.map((v, j) => (v - (scaler.mean[j] ?? 0)) / (scaler.scale[j] ?? 1)));
  const model = trainLogisticRegression(scale(Xtrain), ytrain, { l2: options.l2 });
  const proba = predictProba(model, scale(Xtest));
  const metrics = classificationMetrics(ytest, proba);

  const onnx = exportLogisticRegressionOnnx({
    featureNames: set.featureNames,
    scaler,
    coefficients: model.coefficients,
    intercept: model.intercept,
    modelName: options.modelName,
    modelVersion: String(options.modelVersion),
    metadata: { feature_view: set.view.name, feature_set_version: String(set.view.version) },
  });
  const scorer = await createOnnxScorer(onnx);
  try {
    const onnxProba = await scorer.predictProba(Xtest);
    const worst = Math.max(0, ...onnxProba.map((p, i) => Math.abs(p - (proba[i] ?? 0))));
    if (worst > ONNX_TOLERANCE) {
      throw new PlatformError('CHURN_TRAINING_ONNX_MISMATCH', `ONNX model differs from the trained model by ${worst}`, {
        context: { worst },
      });
    }
  } finally {
    await scorer.close();
  }

  return {
    algorithm: 'logistic_regression',
    onnx,
    metrics,
    coefficients: Object.fromEntries(set.featureNames.map((name, j) => [name, model.coefficients[j] ?? 0])),
    intercept: model.intercept,
    trainRows: trainIdx.length,
    testRows: testIdx.length,
    iterations: model.iterations,
    converged: model.converged,
  };
}
