import { describe, expect, it } from 'vitest';
import { classificationMetrics } from './metrics';
import { predictProba, trainLogisticRegression } from './logistic-regression';
import { exportLogisticRegressionOnnx } from './onnx-export';
import { createOnnxScorer } from './onnx-scorer';
import { fitStandardScaler, transform } from './scaler';
import { stratifiedSplit, takeRows } from './split';

/** Deterministic PRNG (mulberry32) and Box-Muller normals: the test must not depend on Math.random. */
function normals(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * Features on very different scales (as raw business columns are) and a label
 * drawn from a known logistic model plus noise: the learner has a real but
 * imperfect signal to find.
 */
function generate(rows: number, seed: number) {
  const normal = normals(seed);
  const scales = [1, 50, 0.01, 1000];
  const weights = [1.2, -0.8, 0.5, 0];
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < rows; i += 1) {
    const z = scales.map(() => normal());
    const logit = -0.5 + z.reduce((sum, v, k) => sum + v * weights[k]!, 0) + normal() * 0.8;
    X.push(z.map((v, k) => v * scales[k]!));
    y.push(normal() < logit ? 1 : 0);
  }
  return { featureNames: ['f_unit', 'f_fifty', 'f_tiny', 'f_noise'], X, y };
}

describe('end to end on generated data', () => {
  it('a logistic regression reaches holdout ROC-AUC > 0.75 and the ONNX model scores the same', async () => {
    const { featureNames, X, y } = generate(5000, 42);
    const { trainIdx, testIdx } = stratifiedSplit(y, { testFraction: 0.2, seed: 42 });
    const scaler = fitStandardScaler(takeRows(X, trainIdx));
    const model = trainLogisticRegression(transform(scaler, takeRows(X, trainIdx)), takeRows(y, trainIdx), { l2: 1 });
    expect(model.converged).toBe(true);
    const Xtest = takeRows(X, testIdx);
    const proba = predictProba(model, transform(scaler, Xtest));
    const metrics = classificationMetrics(takeRows(y, testIdx), proba);
    expect(metrics.roc_auc).toBeGreaterThan(0.75);
    expect(metrics.roc_auc).toBeLessThan(0.95); // not trivially separable either
    // The pure-noise feature gets (almost) no weight; the strong one the largest.
    const magnitudes = model.coefficients.map(Math.abs);
    expect(magnitudes[3]!).toBeLessThan(0.1);
    expect(magnitudes[0]!).toBe(Math.max(...magnitudes));

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
