/** Quantile of an ascending array with linear interpolation (pandas' default); NaN for an empty array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Median; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  return quantileSorted([...values].sort((a, b) => a - b), 0.5);
}

/** Mean and standard deviation by two passes (stable on large offsets); `ddof` 0 = population, 1 = sample. */
export function meanStd(values: ArrayLike<number>, ddof: 0 | 1): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN };
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += values[i]!;
  const mean = sum / n;
  if (n - ddof <= 0) return { mean, std: Number.NaN };
  let ss = 0;
  for (let i = 0; i < n; i += 1) ss += (values[i]! - mean) * (values[i]! - mean);
  return { mean, std: Math.sqrt(ss / (n - ddof)) };
}

/** Most frequent key; ties go to the first in `compare` order, so the result never depends on row order. */
export function modeOf<T>(counts: ReadonlyMap<T, number>, compare: (a: T, b: T) => number): T | undefined {
  let best: T | undefined;
  let bestCount = -1;
  for (const [key, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && compare(key, best) < 0)) {
      best = key;
      bestCount = count;
    }
  }
  return best;
}
