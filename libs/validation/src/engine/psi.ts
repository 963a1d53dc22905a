import type { CategoricalHistogram, NumericHistogram } from './engine-types';

// Empty bins would make the logarithm infinite; Deequ and most monitors floor shares like this.
const FLOOR = 1e-4;

/** SQL giving the bin (0-based) of `x` among `edges`: the count of inner edges at or below it. */
export function binSql(x: string, edges: readonly number[]): string {
  const inner = edges.slice(1, -1);
  if (inner.length === 0) return '0';
  return inner.map((e) => `(${x} >= ${e})::INT`).join(' + ');
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
