import { assertBinaryLabels, assertBothClasses, assertMatrix } from './matrix';
import { log1pExp, sigmoid, solveSpd } from './linear-algebra';
import { optionsValidator } from './options';

/** Options of {@link trainLogisticRegression}. */
export interface LogisticRegressionOptions {
  /**
   * L2 penalty λ in `Σ logloss + λ/2 · ‖w‖²` (intercept not penalised).
   * λ = 1/C of scikit-learn; default 1.
   */
  l2?: number;
  /** Newton iterations before giving up; default 100. */
  maxIter?: number;
  /** Stop when the largest coefficient change is below `tol · (1 + max|β|)`; default 1e-8. */
  tol?: number;
}

/** A fitted binary logistic regression: `P(y=1|x) = σ(x·coefficients + intercept)`. */
export interface LogisticRegressionModel {
  coefficients: number[];
  intercept: number;
  iterations: number;
  converged: boolean;
}

const validateOptions = optionsValidator<LogisticRegressionOptions>('logistic regression options', {
  type: 'object',
  properties: {
    l2: { type: 'number', minimum: 0, nullable: true },
    maxIter: { type: 'integer', minimum: 1, maximum: 10_000, nullable: true },
    tol: { type: 'number', exclusiveMinimum: 0, nullable: true },
  },
  required: [],
  additionalProperties: false,
});

/**
 * Fits a binary logistic regression by Newton's method (IRLS) on the
 * L2-penalised log-likelihood, with step halving so every accepted step
 * lowers the objective. Deterministic; float64 throughout.
 */
export function trainLogisticRegression(
  X: number[][],
  y: number[],
  options: LogisticRegressionOptions = {},
): LogisticRegressionModel {
  const { l2 = 1, maxIter = 100, tol = 1e-8 } = validateOptions(options);
  const width = assertMatrix(X);
  assertBinaryLabels(y, X.length);
  assertBothClasses(y);
  const dim = width + 1; // last parameter is the intercept
  let beta = new Array<number>(dim).fill(0);
  let current = objective(X, y, beta, l2);
  let iterations = 0;
  let converged = false;

  while (iterations < maxIter && !converged) {
    iterations += 1;
    const { gradient, hessian } = derivatives(X, y, beta, l2);
    const step = newtonStep(hessian, gradient);
    if (step === undefined) break;
    let t = 1;
    let candidate = beta;
    let value = current;
    // Backtracking: a full Newton step can overshoot while far from the optimum.
    for (let halvings = 0; halvings < 30; halvings += 1) {
      candidate = beta.map((b, k) => b - t * step[k]!);
      value = objective(X, y, candidate, l2);
      if (value <= current) break;
      t /= 2;
    }
    if (!(value <= current)) {
      converged = maxAbs(step) < 1e-6;
      break;
    }
    const change = t * maxAbs(step);
    beta = candidate;
    current = value;
    converged = change < tol * (1 + maxAbs(beta));
  }
  return { coefficients: beta.slice(0, width), intercept: beta[width]!, iterations, converged };
}

/** P(y = 1) for every row of X. */
export function predictProba(model: Pick<LogisticRegressionModel, 'coefficients' | 'intercept'>, X: number[][]): number[] {
  assertMatrix(X, 'X', model.coefficients.length);
  return X.map((row) => sigmoid(linear(row, model.coefficients, model.intercept)));
}

function linear(row: readonly number[], w: readonly number[], b: number): number {
  let z = b;
  for (let j = 0; j < w.length; j += 1) z += row[j]! * w[j]!;
  return z;
}

function objective(X: number[][], y: number[], beta: number[], l2: number): number {
  const width = beta.length - 1;
  const w = beta.slice(0, width);
  let loss = 0;
  for (let i = 0; i < X.length; i += 1) {
    const z = linear(X[i]!, w, beta[width]!);
    loss += log1pExp(z) - y[i]! * z;
  }
  let penalty = 0;
  for (const v of w) penalty += v * v;
  return loss + 0.5 * l2 * penalty;
}

function derivatives(X: number[][], y: number[], beta: number[], l2: number): { gradient: number[]; hessian: number[][] } {
  const dim = beta.length;
  const width = dim - 1;
  const w = beta.slice(0, width);
  const gradient = new Array<number>(dim).fill(0);
  const hessian = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
  const xi = new Array<number>(dim).fill(1);
  for (let i = 0; i < X.length; i += 1) {
    const row = X[i]!;
    for (let j = 0; j < width; j += 1) xi[j] = row[j]!;
    const p = sigmoid(linear(row, w, beta[width]!));
    const residual = p - y[i]!;
    const weight = p * (1 - p);
    for (let a = 0; a < dim; a += 1) {
      gradient[a]! += residual * xi[a]!;
      const wa = weight * xi[a]!;
      const hRow = hessian[a]!;
      for (let c = 0; c <= a; c += 1) hRow[c]! += wa * xi[c]!;
    }
  }
  for (let a = 0; a < dim; a += 1) {
    for (let c = 0; c < a; c += 1) hessian[c]![a] = hessian[a]![c]!;
    if (a < width) {
      gradient[a]! += l2 * beta[a]!;
      hessian[a]![a]! += l2;
    }
  }
  return { gradient, hessian };
}

/** Newton direction H⁻¹g; adds a growing ridge when H is singular (e.g. l2 = 0 with collinear features). */
function newtonStep(hessian: number[][], gradient: number[]): number[] | undefined {
  const scale = Math.max(1e-12, ...hessian.map((row, i) => Math.abs(row[i]!)));
  for (let ridge = 0; ridge <= 1e-2 * scale; ridge = ridge === 0 ? 1e-10 * scale : ridge * 100) {
    const damped = ridge === 0 ? hessian : hessian.map((row, i) => row.map((v, j) => (i === j ? v + ridge : v)));
    const step = solveSpd(damped, gradient);
    if (step !== undefined && step.every(Number.isFinite)) return step;
  }
  return undefined;
}

function maxAbs(values: readonly number[]): number {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return m;
}
