import { describe, expect, it } from 'vitest';
import { encodeCustomersCsv, generateCustomersCsv } from '@churn/sample-data';
import { classificationMetrics } from './metrics';
import { predictProba, trainLogisticRegression } from './logistic-regression';
import { exportLogisticRegressionOnnx } from './onnx-export';
import { createOnnxScorer } from './onnx-scorer';
import { fitStandardScaler, transform } from './scaler';
import { stratifiedSplit, takeRows } from './split';

describe('end to end on generated customers', () => {
  it('a logistic regression reaches holdout ROC-AUC > 0.75 and the ONNX model scores the same', async () => {
    const { featureNames, X, y } = encodeCustomersCsv(generateCustomersCsv({ rows: 5000, seed: 42 }));
    const { trainIdx, testIdx } = stratifiedSplit(y, { testFraction: 0.2, seed: 42 });
    const scaler = fitStandardScaler(takeRows(X, trainIdx));
    const model = trainLogisticRegression(transform(scaler, takeRows(X, trainIdx)), takeRows(y, trainIdx), { l2: 1 });
    expect(model.converged).toBe(true);
    const Xtest = takeRows(X, testIdx);
    const proba = predictProba(model, transform(scaler, Xtest));
    const metrics = classificationMetrics(takeRows(y, testIdx), proba);
    expect(metrics.roc_auc).toBeGreaterThan(0.75);
    expect(metrics.roc_auc).toBeLessThan(0.95); // not trivially separable either

    const scorer = await createOnnxScorer(
      exportLogisticRegressionOnnx({ featureNames, scaler, coefficients: model.coefficients, intercept: model.intercept, modelName: 'churn-lr', modelVersion: '1' }),
    );
    try {
      const onnxProba = await scorer.predictProba(Xtest);
      const maxDiff = Math.max(...onnxProba.map((p, i) => Math.abs(p - proba[i]!)));
      expect(maxDiff).toBeLessThan(1e-5);
    } finally {
      await scorer.close();
    }
  });
});
