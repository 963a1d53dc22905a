import type { CategoricalHistogram, NumericHistogram } from './engine-types';
import { num } from './sql';

// Empty bins would make the logarithm infinite; Deequ and most monitors floor shares like this.
const FLOOR = 1e-4;

/** SQL giving the bin (0-based) of `x` among `edges`: the count of inner edges at or below it. */
export function binSql(x: string, edges: readonly number[]): string {
  const inner = edges.slice(1, -1);
  if (inner.length === 0) return '0';
  return inner.map((e) => `(${x} >= ${e})::INT`).join(' + ');
}

type Counts = ReadonlyArray<{ key: unknown; value: unknown }> | null;

// The largest double below e: `x <= below(e)` is exactly `x < e` for every double x.
function below(e: number): number {
  if (e === 0) return -Number.MIN_VALUE;
  const bits = new BigInt64Array(new Float64Array([e]).buffer);
  bits[0] = bits[0]! + (e > 0 ? -1n : 1n);
  return new Float64Array(bits.buffer)[0]!;
}

// Edges past 2^53 keep the computed bins: a BIGINT compared there as a double could round across the edge.
const bucketable = (xs: readonly number[]): boolean => xs.every((x, i) => Math.abs(x) < 2 ** 53 && (i === 0 || x > xs[i - 1]!));

/**
 * SQL histogram of `x` over the bins of `edges` (NULLs left out), read back with {@link binCounts}. DuckDB's
 * bucketed `histogram(x, bounds)` puts x in the first bound >= x; bounds just below the inner edges make that
 * the bins of {@link binSql} (lower edge inclusive) at a fifth of the cost of a histogram of computed bins.
 */
export function binHistogramSql(x: string, edges: readonly number[]): string {
  const inner = edges.slice(1, -1);
  if (inner.length === 0 || !bucketable(inner)) return `histogram(${binSql(x, edges)}) FILTER (WHERE ${x} IS NOT NULL)`;
  return `histogram((${x})::DOUBLE, [${inner.map((e) => num(below(e))).join(', ')}]::DOUBLE[]) FILTER (WHERE ${x} IS NOT NULL)`;
}

/** The counts of {@link binHistogramSql} keyed by bin index (0-based), as {@link sharesOfBins} reads them. */
export function binCounts(counts: Counts, edges: readonly number[]): Array<{ key: number; value: unknown }> {
  const inner = edges.slice(1, -1);
  if (inner.length === 0 || !bucketable(inner)) return (counts ?? []).map(({ key, value }) => ({ key: Number(key), value }));
  const bounds = inner.map(below);
  return (counts ?? []).map(({ key, value }) => {
    // The bucket above the last bound comes back keyed NULL or +Infinity.
    const bin = key === null || key === undefined || Number(key) === Infinity ? inner.length : bounds.indexOf(Number(key));
    // A bound DuckDB did not read back exactly would lose its counts: fail loudly instead.
    if (bin < 0) throw new Error(`histogram bound ${String(key)} is none of ${bounds.join(', ')}`);
    return { key: bin, value };
  });
}

/** Population stability index of `current` shares against `reference` shares (same bins/categories). */
export function psiOf(reference: readonly number[], current: readonly number[]): number {
  let sum = 0;
  for (let b = 0; b < reference.length; b += 1) {
    const r = Math.max(reference[b] ?? 0, FLOOR);
    const c = Math.max(current[b] ?? 0, FLOOR);
    sum += (c - r) * Math.log(c / r);
  }
  return sum;
}

/** Shares per bin from `histogram()` counts keyed by bin index. */
export function sharesOfBins(counts: ReadonlyArray<{ key: unknown; value: unknown }> | null, bins: number): number[] {
  const out = new Array<number>(bins).fill(0);
  let total = 0;
  for (const { key, value } of counts ?? []) {
    out[Number(key)] = Number(value);
    total += Number(value);
  }
  return total === 0 ? out : out.map((n) => n / total);
}

/** Shares per category from `histogram()` counts. */
export function sharesOfCategories(counts: ReadonlyArray<{ key: unknown; value: unknown }> | null): Record<string, number> {
  let total = 0;
  for (const { value } of counts ?? []) total += Number(value);
  const out: Record<string, number> = {};
  for (const { key, value } of counts ?? []) out[String(key)] = total === 0 ? 0 : Number(value) / total;
  return out;
}

/** PSI of a numeric column: the current shares over the reference's edges. */
export function numericPsi(reference: NumericHistogram, current: readonly number[]): number {
  return psiOf(reference.shares, current);
}

/** PSI of a categorical column over the union of categories. */
export function categoricalPsi(reference: CategoricalHistogram, current: Record<string, number>): number {
  const keys = [...new Set([...Object.keys(reference.shares), ...Object.keys(current)])];
  return psiOf(keys.map((k) => reference.shares[k] ?? 0), keys.map((k) => current[k] ?? 0));
}

/** Bin edges from sorted quantiles: duplicates dropped, at least two edges. */
export function edgesOf(quantiles: readonly number[]): number[] {
  const edges: number[] = [];
  for (const q of quantiles) if (Number.isFinite(q) && (edges.length === 0 || q > edges[edges.length - 1]!)) edges.push(q);
  if (edges.length === 1) edges.push(edges[0]!);
  return edges;
}
