import { num, type Session } from '@churn/duckdb';

/** Buckets of one histogram pass: each pass narrows a rank to one bucket, about this many times fewer values. */
const BUCKETS = 8192;
/** A bucket with at most this many values is sorted to read its ranks; a larger one is split again. */
const SORTED_AT_MOST = 100_000;

/** One quantile request: a numeric expression over the relation and the quantiles wanted (0..1). */
export interface QuantileRequest {
  expr: string;
  qs: readonly number[];
}

const dbl = (x: number) => `CAST(${num(x)} AS DOUBLE)`;

/**
 * DuckDB's interpolation of quantile_cont, to the bit: RN = (n - 1) * q; the value at floor(RN) when it is ceil(RN),
 * else lo * (1 - d) + hi * d with d = RN - floor(RN).
 */
export function interpolate(n: number, q: number, at: (rank: number) => number): number {
  const rn = (n - 1) * q;
  const frn = Math.floor(rn);
  const crn = Math.ceil(rn);
  if (frn === crn) return at(frn);
  const d = rn - frn;
  return at(frn) * (1 - d) + at(crn) * d;
}

/** The values at the given 0-based ranks of the sorted non-null values of `x` (a DOUBLE expression of `from`) within [lo, hi]. */
async function orderStatistics(session: Session, from: string, x: string, lo: number, hi: number, ranks: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (lo === hi) {
    for (const r of ranks) out.set(r, lo);
    return out;
  }
  const inRange = `${x} >= ${dbl(lo)} AND ${x} <= ${dbl(hi)}`;
  const bucket = `least(${BUCKETS - 1}, CAST(floor((${x} - ${dbl(lo)}) / (${dbl(hi)} - ${dbl(lo)}) * ${BUCKETS}) AS BIGINT))`;
  // The bucket of a value never decreases with it: a bucket's rows are exactly those between its min and max.
  const buckets = await session.rows<{ c: number; mn: number; mx: number }>(
    `SELECT count(*) AS c, min(x) AS mn, max(x) AS mx FROM (SELECT ${bucket} AS b, ${x} AS x FROM ${from} WHERE ${inRange}) GROUP BY b ORDER BY b`,
  );
  const wanted = new Map<number, { c: number; mn: number; mx: number; offsets: Map<number, number> }>();
  for (const r of ranks) {
    let before = 0;
    const i = buckets.findIndex((b) => (before += b.c) > r);
    const b = buckets[i]!;
    const entry = wanted.get(i) ?? { ...b, offsets: new Map<number, number>() };
    entry.offsets.set(r, r - (before - b.c));
    wanted.set(i, entry);
  }
  const small: Array<{ mn: number; mx: number; offsets: Map<number, number> }> = [];
  for (const b of wanted.values()) {
    if (b.mn === b.mx) for (const r of b.offsets.keys()) out.set(r, b.mn);
    else if (b.c <= SORTED_AT_MOST) small.push(b);
    else {
      const inner = await orderStatistics(session, from, x, b.mn, b.mx, [...new Set(b.offsets.values())]);
      for (const [r, o] of b.offsets) out.set(r, inner.get(o)!);
    }
  }
  if (small.length > 0) {
    const lists = small.map((b, i) => `list(${x} ORDER BY ${x}) FILTER (WHERE ${x} >= ${dbl(b.mn)} AND ${x} <= ${dbl(b.mx)}) AS l${i}`);
    const [row] = await session.rows<Record<string, number[]>>(`SELECT ${lists.join(', ')} FROM ${from} WHERE ${inRange}`);
    small.forEach((b, i) => {
      for (const [r, o] of b.offsets) out.set(r, row![`l${i}`]![o]!);
    });
  }
  return out;
}

/**
 * `quantile_cont(expr, qs)` of each request over `from`, the same doubles DuckDB gives, without holding every value:
 * a pass for the count, min and max, then per expression a histogram pass (8,192 buckets) that finds the bucket of
 * each rank needed and one pass that sorts just those buckets (a bucket too large is split again). Exact quantiles
 * otherwise keep all the values of a column in memory and sort them. Null when an expression has no value;
 * infinities and NaN are left to DuckDB's quantile_cont.
 */
export async function exactQuantiles(session: Session, from: string, requests: readonly QuantileRequest[]): Promise<Array<number[] | null>> {
  if (requests.length === 0) return [];
  const xs = requests.map((r) => `CAST(${r.expr} AS DOUBLE)`);
  const [stats] = await session.rows<Record<string, number | null>>(`SELECT ${xs.map((x, i) => `count(${x}) AS n${i}, min(${x}) AS lo${i}, max(${x}) AS hi${i}`).join(', ')} FROM ${from}`);
  const out: Array<number[] | null> = [];
  for (const [i, request] of requests.entries()) {
    const n = Number(stats![`n${i}`] ?? 0);
    const lo = stats![`lo${i}`] as number;
    const hi = stats![`hi${i}`] as number;
    if (n === 0) {
      out.push(null);
      continue;
    }
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || !Number.isFinite(hi - lo)) {
      const [row] = await session.rows<{ q: number[] }>(`SELECT quantile_cont(${xs[i]}, [${request.qs.map(dbl).join(', ')}]) AS q FROM ${from}`);
      out.push(row!.q);
      continue;
    }
    const ranks = new Set<number>();
    for (const q of request.qs) {
      const rn = (n - 1) * q;
      ranks.add(Math.floor(rn));
      ranks.add(Math.ceil(rn));
    }
    const values = await orderStatistics(session, from, xs[i]!, lo, hi, [...ranks]);
    out.push(request.qs.map((q) => interpolate(n, q, (r) => values.get(r)!)));
  }
  return out;
}
