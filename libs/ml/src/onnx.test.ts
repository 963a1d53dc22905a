import onnxProto from 'onnx-proto';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { predictProba, trainLogisticRegression } from './logistic-regression';
import { exportLogisticRegressionOnnx } from './onnx-export';
import { createOnnxScorer } from './onnx-scorer';
import { fitStandardScaler, transform } from './scaler';

function fixture() {
  const rng = seedrandom('onnx');
  const X = Array.from({ length: 400 }, () => [rng() * 100, rng() * 5 - 2, rng() < 0.5 ? 1 : 0, 3]);
  const y = X.map((r) => (rng() < 1 / (1 + Math.exp(-(0.04 * r[0]! - 0.8 * r[1]! + r[2]! - 2))) ? 1 : 0));
  const scaler = fitStandardScaler(X);
  const model = trainLogisticRegression(transform(scaler, X), y, { l2: 1 });
  const featureNames = ['charges', 'delta', 'flag', 'constant'];
  const bytes = exportLogisticRegressionOnnx({
    featureNames,
    scaler,
    coefficients: model.coefficients,
    intercept: model.intercept,
    modelName: 'churn-lr',
    modelVersion: '3',
    metadata: { run_id: 'run-1', trained_at: '2026-10-31T00:00:00Z' },
  });
  return { X, scaler, model, featureNames, bytes };
}

describe('ONNX export and scoring', () => {
  it('onnxruntime reproduces the TypeScript probabilities within 1e-5', async () => {
    const { X, scaler, model, featureNames, bytes } = fixture();
    const scorer = await createOnnxScorer(bytes);
    try {
      expect(scorer.featureNames).toEqual(featureNames);
      expect(scorer.metadata).toMatchObject({ run_id: 'run-1', model_name: 'churn-lr', model_version: '3' });
      const expected = predictProba(model, transform(scaler, X));
      const actual = await scorer.predictProba(X);
      expect(actual).toHaveLength(X.length);
      let maxDiff = 0;
      actual.forEach((p, i) => (maxDiff = Math.max(maxDiff, Math.abs(p - expected[i]!))));
      expect(maxDiff).toBeLessThan(1e-5);
      expect(new Set(expected.map((p) => p >= 0.5)).size).toBe(2); // both classes predicted, so the label check means something
      expect(await scorer.predictProba([])).toEqual([]);
      await expect(scorer.predictProba([[1, 2]])).rejects.toMatchObject({ code: 'CHURN_ML_DIMENSION_MISMATCH' });
    } finally {
      await scorer.close();
    }
    await expect(scorer.predictProba(X)).rejects.toMatchObject({ code: 'CHURN_ML_SCORER_CLOSED' });
  });

  it('label output agrees with a 0.5 threshold and probabilities sum to 1', async () => {
    const { X, bytes } = fixture();
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(bytes);
    try {
      const data = Float32Array.from(X.flat());
      const out = await session.run({ features: new ort.Tensor('float32', data, [X.length, 4]) });
      const labels = Array.from(out.label!.data as BigInt64Array, Number);
      const probs = out.probabilities!.data as Float32Array;
      expect(out.probabilities!.dims).toEqual([X.length, 2]);
      labels.forEach((label, i) => {
        const p1 = probs[i * 2 + 1]!;
        expect(probs[i * 2]! + p1).toBeCloseTo(1, 6);
        if (Math.abs(p1 - 0.5) > 1e-6) expect(label).toBe(p1 > 0.5 ? 1 : 0);
      });
    } finally {
      await session.release();
    }
  });

  it('writes a Scaler -> LinearClassifier graph with producer and opsets', () => {
    const { bytes } = fixture();
    const model = onnxProto.onnx.ModelProto.decode(bytes);
    expect(model.producerName).toBe('churn-platform');
    const graph = model.graph!;
    expect(graph.node!.map((n) => `${n.domain}.${n.opType}`)).toEqual(['ai.onnx.ml.Scaler', 'ai.onnx.ml.LinearClassifier']);
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([
      ['', 17],
      ['ai.onnx.ml', 3],
    ]);
    expect(graph.input!.map((i) => i.name)).toEqual(['features']);
    expect(graph.output!.map((o) => o.name)).toEqual(['label', 'probabilities']);
  });

  it('rejects inconsistent export input and garbage model bytes', async () => {
    const base = { featureNames: ['a', 'b'], scaler: { mean: [0, 0], scale: [1, 1] }, intercept: 0, modelName: 'm', modelVersion: '1' };
    expect(() => exportLogisticRegressionOnnx({ ...base, coefficients: [1] })).toThrow(
      expect.objectContaining({ code: 'CHURN_ML_DIMENSION_MISMATCH' }),
    );
    expect(() => exportLogisticRegressionOnnx({ ...base, coefficients: [1, 2], extra: 1 } as never)).toThrow(
      expect.objectContaining({ code: 'CHURN_ML_INVALID_OPTIONS' }),
    );
    await expect(createOnnxScorer(new Uint8Array([1, 2, 3, 4]))).rejects.toMatchObject({ code: 'CHURN_ML_INVALID_MODEL' });
  });
});
