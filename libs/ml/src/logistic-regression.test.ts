import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { sigmoid } from './linear-algebra';
import { predictProba, trainLogisticRegression } from './logistic-regression';

function syntheticData(n: number, weights: number[], intercept: number, seed: string) {
  const rng = seedrandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const row = weights.map(() => normal());
    const z = intercept + row.reduce((s, v, j) => s + v * weights[j]!, 0);
    X.push(row);
    y.push(rng() < sigmoid(z) ? 1 : 0);
  }
  return { X, y };
}

const logit = (p: number) => Math.log(p / (1 - p));

describe('trainLogisticRegression', () => {
  it('matches the closed-form MLE for one binary feature (l2 = 0)', () => {
    // x=0: 3 of 10 positive; x=1: 8 of 10 positive
    const X = [...Array(10).fill([0]), ...Array(10).fill([1])] as number[][];
    const y = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0];
    const m = trainLogisticRegression(X, y, { l2: 0 });
    expect(m.converged).toBe(true);
    expect(m.intercept).toBeCloseTo(logit(0.3), 9);
    expect(m.coefficients[0]).toBeCloseTo(logit(0.8) - logit(0.3), 9);
  });

  it('recovers known coefficients on synthetic data', () => {
    const weights = [1.5, -2, 0.5, 0];
    const { X, y } = syntheticData(20_000, weights, -0.7, 'lr');
    const m = trainLogisticRegression(X, y, { l2: 1e-6 });
    expect(m.converged).toBe(true);
    expect(m.iterations).toBeLessThan(20);
    weights.forEach((w, j) => expect(Math.abs(m.coefficients[j]! - w)).toBeLessThan(0.08));
    expect(Math.abs(m.intercept - -0.7)).toBeLessThan(0.06);
  });

  it('reaches the penalised optimum: gradient of Σ logloss + λ/2‖w‖² vanishes', () => {
    const { X, y } = syntheticData(2000, [0.8, -1.2, 0.3], 0.4, 'kkt');
    const l2 = 5;
    const m = trainLogisticRegression(X, y, { l2 });
    const p = predictProba(m, X);
    const grad = m.coefficients.map((w, j) => X.reduce((s, row, i) => s + (p[i]! - y[i]!) * row[j]!, 0) + l2 * w);
    const gradIntercept = p.reduce((s, pi, i) => s + pi - y[i]!, 0);
    for (const g of [...grad, gradIntercept]) expect(Math.abs(g)).toBeLessThan(1e-6);
    // The penalty shrinks coefficients towards zero compared with the unpenalised fit.
    const free = trainLogisticRegression(X, y, { l2: 0 });
    m.coefficients.forEach((w, j) => expect(Math.abs(w)).toBeLessThan(Math.abs(free.coefficients[j]!)));
  });

  it('stays finite on separable data thanks to L2, and is deterministic', () => {
    const X = [[-3], [-2], [-1], [1], [2], [3]];
    const y = [0, 0, 0, 1, 1, 1];
    const m = trainLogisticRegression(X, y, { l2: 1 });
    expect(m.converged).toBe(true);
    expect(Number.isFinite(m.coefficients[0])).toBe(true);
    expect(m.coefficients[0]).toBeGreaterThan(0);
    expect(m.coefficients[0]).toBeLessThan(10);
    expect(trainLogisticRegression(X, y, { l2: 1 })).toEqual(m);
    const p = predictProba(m, X);
    expect(p.slice(0, 3).every((v) => v < 0.5) && p.slice(3).every((v) => v > 0.5)).toBe(true);
    // Without a penalty the MLE does not exist; the solver must stop, not produce NaN.
    const unpenalised = trainLogisticRegression(X, y, { l2: 0, maxIter: 50 });
    expect([unpenalised.intercept, ...unpenalised.coefficients].every(Number.isFinite)).toBe(true);
  });

  it('handles collinear features without a penalty', () => {
    const { X, y } = syntheticData(500, [1], 0, 'collinear');
    const doubled = X.map((r) => [r[0]!, r[0]!]);
    const m = trainLogisticRegression(doubled, y, { l2: 0 });
    const single = trainLogisticRegression(X, y, { l2: 0 });
    expect(m.coefficients[0]! + m.coefficients[1]!).toBeCloseTo(single.coefficients[0]!, 4);
  });

  it('rejects invalid input with CHURN_ML codes', () => {
    expect(() => trainLogisticRegression([], [])).toThrow(expect.objectContaining({ code: 'CHURN_ML_EMPTY_DATA' }));
    expect(() => trainLogisticRegression([[1], [2]], [1, 1])).toThrow(expect.objectContaining({ code: 'CHURN_ML_SINGLE_CLASS' }));
    expect(() => trainLogisticRegression([[1], [2]], [1])).toThrow(expect.objectContaining({ code: 'CHURN_ML_DIMENSION_MISMATCH' }));
    expect(() => trainLogisticRegression([[1], [2]], [0, 1], { l2: -1 })).toThrow(expect.objectContaining({ code: 'CHURN_ML_INVALID_OPTIONS' }));
    const m = trainLogisticRegression([[1], [2]], [0, 1]);
    expect(() => predictProba(m, [[1, 2]])).toThrow(expect.objectContaining({ code: 'CHURN_ML_DIMENSION_MISMATCH' }));
  });
});
