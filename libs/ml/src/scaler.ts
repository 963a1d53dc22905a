import { assertMatrix } from './matrix';

/** Per-feature standardisation: `(x - mean) / scale`. */
export interface StandardScaler {
  mean: number[];
  /** Population standard deviation (ddof 0, like scikit-learn); 1 for constant features. */
  scale: number[];
}

/** Learns mean and standard deviation of every column of X. */
export function fitStandardScaler(X: number[][]): StandardScaler {
  const width = assertMatrix(X);
  const n = X.length;
  const mean = new Array<number>(width).fill(0);
  for (const row of X) for (let j = 0; j < width; j += 1) mean[j]! += row[j]!;
  for (let j = 0; j < width; j += 1) mean[j] = mean[j]! / n;
  // Two-pass variance: the one-pass formula loses precision on large offsets (e.g. total charges).
  const variance = new Array<number>(width).fill(0);
  for (const row of X) {
    for (let j = 0; j < width; j += 1) {
      const d = row[j]! - mean[j]!;
      variance[j]! += d * d;
    }
  }
  const scale = variance.map((v) => {
    const std = Math.sqrt(v / n);
    // A (numerically) constant column would otherwise divide by ~0.
    return std > 1e-12 ? std : 1;
  });
  return { mean, scale };
}

/** Applies a fitted scaler; returns a new matrix. */
export function transform(scaler: StandardScaler, X: number[][]): number[][] {
  assertMatrix(X, 'X', scaler.mean.length);
  return X.map((row) => row.map((v, j) => (v - scaler.mean[j]!) / scaler.scale[j]!));
}
