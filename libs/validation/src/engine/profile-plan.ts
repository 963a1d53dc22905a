import type { AggregateQuery } from './aggregate-query';
import type { ColumnSql } from './column-sql';
import type { ColumnProfile, Histogram } from './engine-types';
import { binCounts, binHistogramSql, edgesOf, sharesOfBins, sharesOfCategories } from './psi';


/** Columns with at most this many distinct values get top values and a categorical histogram. */
export const CATEGORICAL_LIMIT = 50;
const TOP_VALUES = 10;

type Entries = Array<{ key: unknown; value: unknown }> | null;

/** The SQL value of a column among valid rows: typed when the engine types it, else its text (NULL when missing). */
export const valueOf = (c: ColumnSql): string => (c.typed ? `v${c.index}` : `CASE WHEN NOT m${c.index} THEN r${c.index} END`);

const isNumeric = (c: ColumnSql): boolean => c.spec.type === 'integer' || c.spec.type === 'number';
const msToIso = (ms: unknown): string | null => (typeof ms === 'number' ? new Date(ms).toISOString() : null);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);


/**
 * Plans the profile of one column over the valid rows in two passes: counts,
 * distinct, min/max/mean/stddev/quantiles first; then the histogram (deciles of
 * numbers, or shares of the categories of a low-cardinality column).
 */
export function planProfile(c: ColumnSql, forceCategorical: boolean, numericBins: number) {
  const x = valueOf(c);
  const keys: Record<string, string> = {};
  let histogramKey: string | undefined;
  let edges: number[] = [];
  return {
    first(q: AggregateQuery): void {
      keys['count'] = q.add(`count(${x})`);
      keys['missing'] = q.add(`count(*) FILTER (WHERE m${c.index})`);
      keys['distinct'] = q.add(`approx_count_distinct(${x})`);
      if (isNumeric(c)) {
        keys['min'] = q.add(`min(${x})`);
        keys['max'] = q.add(`max(${x})`);
        keys['mean'] = q.add(`avg(${x})`);
        keys['stddev'] = q.add(`stddev_pop(${x})`);
        // Quartiles, then equal-frequency bin edges (the histogram a later run's PSI compares with), from one
        // reservoir of 16,384 values: exact up to that many rows, ~10x cheaper than a t-digest beyond.
        const cuts = Array.from({ length: numericBins + 1 }, (_, k) => k / numericBins);
        keys['q'] = q.add(`reservoir_quantile(${x}, [0.25, 0.5, 0.75, ${cuts.join(', ')}], 16384)`);
      } else if (c.spec.type === 'date' || c.spec.type === 'timestamp') {
        keys['min'] = q.add(`min(${x})`);
        keys['max'] = q.add(`max(${x})`);
      }
    },
    second(q: AggregateQuery, v: Record<string, unknown>): void {
      if (isNumeric(c)) {
        edges = edgesOf(((v[keys['q']!] as unknown[] | null) ?? []).slice(3).map(Number));
        if (edges.length >= 2) histogramKey = q.add(binHistogramSql(x, edges));
      } else if (c.spec.type === 'string' || c.spec.type === 'boolean') {
        const distinct = Number(v[keys['distinct']!] ?? 0);
        if (forceCategorical || distinct <= CATEGORICAL_LIMIT) histogramKey = q.add(`histogram(${c.spec.type === 'boolean' ? `${x}::VARCHAR` : x})`);
      }
    },
    finish(v1: Record<string, unknown>, v2: Record<string, unknown>, invalid: Record<string, number>): ColumnProfile {
      const profile: ColumnProfile = {
        type: c.spec.type,
        count: Number(v1[keys['count']!] ?? 0),
        missing: Number(v1[keys['missing']!] ?? 0),
        distinct: Number(v1[keys['distinct']!] ?? 0),
        invalid,
      };
      if (isNumeric(c)) {
        const qs = (v1[keys['q']!] as number[] | null) ?? null;
        Object.assign(profile, {
          min: numOrNull(v1[keys['min']!]),
          max: numOrNull(v1[keys['max']!]),
          mean: numOrNull(v1[keys['mean']!]),
          stddev: numOrNull(v1[keys['stddev']!]),
          quartiles: qs ? qs.slice(0, 3).map(Number) : null,
        });
      } else if (c.spec.type === 'date') {
        Object.assign(profile, { min: v1[keys['min']!] ?? null, max: v1[keys['max']!] ?? null });
      } else if (c.spec.type === 'timestamp') {
        Object.assign(profile, { min: msToIso(v1[keys['min']!]), max: msToIso(v1[keys['max']!]) });
      }
      if (histogramKey !== undefined) {
        const counts = v2[histogramKey] as Entries;
        let histogram: Histogram;
        if (isNumeric(c)) {
          histogram = { kind: 'numeric', edges, shares: sharesOfBins(binCounts(counts, edges), edges.length - 1 || 1) };
        } else {
          histogram = { kind: 'categorical', shares: sharesOfCategories(counts) };
          profile.topValues = (counts ?? [])
            .map(({ key, value }) => ({ value: String(key), count: Number(value) }))
            .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
            .slice(0, TOP_VALUES);
        }
        profile.histogram = histogram;
      }
      return profile;
    },
  };
}

