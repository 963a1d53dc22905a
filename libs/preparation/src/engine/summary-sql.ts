import { ident, num, type Session } from '@churn/duckdb';
import { aggregateQuery, numberAt, stable } from './aggregates';
import { isNumericType } from './column-types';
import { exactQuantiles, interpolate } from './quantiles';
import type { OutputPart, PreparedType, RecipeDataset } from './recipe-types';

/** Prepared columns that hold 0 or 1 in every row (flags and one-hot columns). */
const ZERO_ONE = new Set<OutputPart>(['missing', 'outlier', 'one_hot', 'other']);

/** Most frequent values listed per categorical column. */
const TOP_VALUES = 10;

interface Counted {
  column: string;
  count: number;
  missing: number;
  distinct: number;
}

/** Summary of one prepared column; statistics are null when no value is present. `std` is the sample one (n - 1). */
export type ColumnSummary =
  | (Counted & { kind: 'numeric'; mean: number | null; std: number | null; min: number | null; p25: number | null; median: number | null; p75: number | null; max: number | null })
  | (Counted & { kind: 'categorical'; top: Array<{ value: string; count: number }> })
  | (Counted & { kind: 'date'; min: string | null; max: string | null })
  | (Counted & { kind: 'id' });

/** `summary.json` of a prepared dataset: the EDA base. */
export interface DatasetSummary {
  dataset: string;
  rows: number;
  /** Values filled per imputed column, clipped per winsorized one, flagged per flagged one. */
  imputed: Record<string, number>;
  clipped: Record<string, number>;
  flagged: Record<string, number>;
  columns: ColumnSummary[];
}

type Kind = ColumnSummary['kind'];

function kindOf(dataset: Pick<RecipeDataset, 'key' | 'columns'>, name: string, type: PreparedType): Kind {
  if (dataset.key.includes(name) || dataset.columns[name]?.role === 'id') return 'id';
  if (isNumericType(type)) return 'numeric';
  if (type === 'DATE' || type === 'TIMESTAMP') return 'date';
  return 'categorical';
}

/**
 * Describes a prepared table like pandas' `describe()`, in SQL: per column count, missing and distinct, then mean,
 * std, min, quartiles (interpolated) and max of numbers, min and max of dates, the top values of categories. Means and
 * deviations use compensated sums (see `stable`), so the summary is the same bytes whatever the thread count.
 */
export async function summarizePrepared(session: Session, table: string, dataset: Pick<RecipeDataset, 'name' | 'key' | 'columns' | 'output' | 'dedupe'>): Promise<DatasetSummary> {
  // One scan for the streaming aggregates; the distinct counts and quantiles (which hold a column's values) one
  // column at a time, so that a wide dataset never holds several columns' worth at once.
  const q = aggregateQuery(table);
  const rowsAlias = q.add('count(*)');
  const plans = dataset.output.map((out) => {
    const x = ident(out.name);
    const kind = kindOf(dataset, out.name, out.type);
    const a = { count: q.add(`count(${x})`) } as Record<string, string>;
    if (kind === 'numeric') {
      a['mean'] = q.add(`favg(${x})`);
      a['min'] = q.add(`min(${x})`);
      a['max'] = q.add(`max(${x})`);
      if (ZERO_ONE.has(out.part)) a['ones'] = q.add(`sum(${x})`);
    }
    if (kind === 'date') {
      a['min'] = q.add(`CAST(min(${x}) AS VARCHAR)`);
      a['max'] = q.add(`CAST(max(${x}) AS VARCHAR)`);
    }
    return { out, kind, a };
  });
  const row = await q.run(session);
  const rows = Number(row[rowsAlias] ?? 0);
  const distinct = new Map<string, number>();
  const quantiles = new Map<string, number[] | null>();
  for (const p of plans) {
    const x = ident(p.out.name);
    if (p.a['ones'] !== undefined) {
      // A 0/1 column: its distinct values and quantiles follow from how many ones it has.
      const n = Number(row[p.a['count']!] ?? 0);
      const zeros = n - Number(row[p.a['ones']] ?? 0);
      distinct.set(p.out.name, (zeros > 0 ? 1 : 0) + (n - zeros > 0 ? 1 : 0));
      quantiles.set(p.out.name, n === 0 ? null : [0.25, 0.5, 0.75].map((qq) => interpolate(n, qq, (r) => (r < zeros ? 0 : 1))));
      continue;
    }
    // A single-column key is unique once deduplicated: its distinct count is its count.
    const unique = dataset.dedupe !== undefined && dataset.key.length === 1 && dataset.key[0] === p.out.name;
    const [r] = unique ? [{ d: row[p.a['count']!] }] : await session.rows<{ d: number }>(`SELECT count(DISTINCT ${x}) AS d FROM ${ident(table)}`);
    distinct.set(p.out.name, Number(r!.d ?? 0));
  }
  const numeric = plans.filter((p) => p.kind === 'numeric' && !quantiles.has(p.out.name));
  const values = await exactQuantiles(session, ident(table), numeric.map((p) => ({ expr: ident(p.out.name), qs: [0.25, 0.5, 0.75] })));
  numeric.forEach((p, i) => quantiles.set(p.out.name, values[i]!));

  // Second scan: the sample variances around the means of the first.
  const v = aggregateQuery(table);
  const variance = new Map<string, string>();
  for (const p of plans) {
    const mean = stable(numberAt(row, p.a['mean'] ?? ''));
    if (p.kind !== 'numeric' || mean === null) continue;
    const x = ident(p.out.name);
    variance.set(p.out.name, v.add(`CASE WHEN count(${x}) > 1 THEN fsum((${x} - ${num(mean)}) * (${x} - ${num(mean)})) / (count(${x}) - 1) END`));
  }
  const vrow = await v.run(session);

  const columns: ColumnSummary[] = [];
  for (const { out, kind, a } of plans) {
    const count = Number(row[a['count']!] ?? 0);
    const base: Counted = { column: out.name, count, missing: rows - count, distinct: distinct.get(out.name)! };
    if (kind === 'numeric') {
      const [p25 = null, median = null, p75 = null] = quantiles.get(out.name) ?? [];
      const va = variance.get(out.name);
      const sd = va === undefined ? null : numberAt(vrow, va);
      columns.push({ ...base, kind, mean: stable(numberAt(row, a['mean']!)), std: sd === null ? null : stable(Math.sqrt(sd)), min: numberAt(row, a['min']!), p25, median, p75, max: numberAt(row, a['max']!) });
    } else if (kind === 'date') {
      columns.push({ ...base, kind, min: (row[a['min']!] as string | null) ?? null, max: (row[a['max']!] as string | null) ?? null });
    } else if (kind === 'categorical') {
      const x = ident(out.name);
      const top = await session.rows<{ value: string; count: number }>(
        `SELECT CAST(${x} AS VARCHAR) AS value, count(*) AS count FROM ${ident(table)} WHERE ${x} IS NOT NULL GROUP BY 1 ORDER BY count DESC, value ASC LIMIT ${TOP_VALUES}`,
      );
      columns.push({ ...base, kind, top });
    } else {
      columns.push({ ...base, kind });
    }
  }
  const counts = (pick: (c: RecipeDataset['columns'][string]) => number | undefined) =>
    Object.fromEntries(Object.entries(dataset.columns).flatMap(([name, c]) => (pick(c) === undefined ? [] : [[name, pick(c)!]])));
  return {
    dataset: dataset.name,
    rows,
    imputed: counts((c) => c.impute?.imputed),
    clipped: counts((c) => (c.outliers?.method === 'winsorize' ? c.outliers.clipped : undefined)),
    flagged: counts((c) => (c.outliers?.method === 'flag' ? c.outliers.flagged : undefined)),
    columns,
  };
}
