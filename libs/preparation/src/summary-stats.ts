import type { InputRecord } from './preparation-types';
import { meanStd, quantileSorted } from './statistics';
import { compareText, isMissing, toCategory, toNumber } from './value-coding';

/** A column to describe; a bare name is numeric when every present value is a number, else categorical. */
export type DescribeColumn = string | { name: string; kind: 'numeric' | 'categorical' };

/** Summary of a numeric column; statistics are null when no value is present. `std` is the sample one (n - 1). */
export interface NumericSummary {
  column: string;
  kind: 'numeric';
  count: number;
  missing: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  max: number | null;
}

/** Summary of a categorical column: the most frequent values (ties by value). */
export interface CategoricalSummary {
  column: string;
  kind: 'categorical';
  count: number;
  missing: number;
  distinct: number;
  top: { value: string; count: number }[];
}

export type ColumnSummary = NumericSummary | CategoricalSummary;

/** EDA summary of a dataset, in the order the columns were asked for. */
export interface DatasetSummary {
  rowCount: number;
  columns: ColumnSummary[];
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Describes `columns` of `rows` like pandas' `describe()`: quantiles interpolated linearly. */
export function describeDataset(
  rows: readonly InputRecord[],
  columns: readonly DescribeColumn[],
  options: { topK?: number } = {},
): DatasetSummary {
  const topK = options.topK ?? 10;
  return {
    rowCount: rows.length,
    columns: columns.map((c) => {
      const name = typeof c === 'string' ? c : c.name;
      const present = rows.map((r) => r[name]).filter((v) => !isMissing(v)) as Array<string | number | boolean>;
      const kind =
        typeof c === 'string' ? (present.length > 0 && present.every((v) => typeof v === 'number') ? 'numeric' : 'categorical') : c.kind;
      const missing = rows.length - present.length;
      return kind === 'numeric' ? describeNumeric(name, present, missing) : describeCategorical(name, present, missing, topK);
    }),
  };
}

function describeNumeric(column: string, present: Array<string | number | boolean>, missing: number): NumericSummary {
  const sorted = present.map((v) => toNumber(column, v)).sort((a, b) => a - b);
  const { mean, std } = meanStd(sorted, 1);
  const q = (p: number) => finiteOrNull(quantileSorted(sorted, p));
  return {
    column,
    kind: 'numeric',
    count: sorted.length,
    missing,
    mean: finiteOrNull(mean),
    std: finiteOrNull(std),
    min: q(0),
    p25: q(0.25),
    median: q(0.5),
    p75: q(0.75),
    max: q(1),
  };
}

function describeCategorical(
  column: string,
  present: Array<string | number | boolean>,
  missing: number,
  topK: number,
): CategoricalSummary {
  const counts = new Map<string, number>();
  for (const v of present) counts.set(toCategory(v), (counts.get(toCategory(v)) ?? 0) + 1);
  const top = [...counts]
    .sort(([a, ca], [b, cb]) => cb - ca || compareText(a, b))
    .slice(0, topK)
    .map(([value, count]) => ({ value, count }));
  return { column, kind: 'categorical', count: present.length, missing, distinct: counts.size, top };
}
