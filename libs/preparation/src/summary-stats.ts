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
  rows: Iterable<InputRecord>,
  columns: readonly DescribeColumn[],
  options: { topK?: number } = {},
): DatasetSummary {
  const describer = createDatasetDescriber(columns, options);
  for (const row of rows) describer.add(row);
  return describer.finish();
}

/** What one column has seen so far: numbers while every present value is one, category counts otherwise. */
interface ColumnTally {
  name: string;
  kind: 'numeric' | 'categorical' | 'inferred';
  present: number;
  numbers: number[];
  counts: Map<string, number>;
}

/**
 * {@link describeDataset} one row at a time, for datasets streamed rather than held: only the numbers
 * of numeric columns and the value counts of categorical ones are kept.
 */
export function createDatasetDescriber(
  columns: readonly DescribeColumn[],
  options: { topK?: number } = {},
): { add(row: InputRecord): void; finish(): DatasetSummary } {
  const topK = options.topK ?? 10;
  const tallies: ColumnTally[] = columns.map((c) => ({
    name: typeof c === 'string' ? c : c.name,
    kind: typeof c === 'string' ? 'inferred' : c.kind,
    present: 0,
    numbers: [],
    counts: new Map(),
  }));
  let rowCount = 0;
  const count = (t: ColumnTally, v: string | number | boolean) => {
    const category = toCategory(v);
    t.counts.set(category, (t.counts.get(category) ?? 0) + 1);
  };
  return {
    add(row) {
      rowCount += 1;
      for (const t of tallies) {
        const v = row[t.name];
        if (isMissing(v)) continue;
        t.present += 1;
        if (t.kind === 'numeric') t.numbers.push(toNumber(t.name, v));
        else if (t.kind === 'categorical') count(t, v);
        else if (typeof v === 'number') t.numbers.push(v);
        else {
          // The first non-number settles an inferred column as categorical.
          t.kind = 'categorical';
          for (const n of t.numbers) count(t, n);
          t.numbers = [];
          count(t, v);
        }
      }
    },
    finish() {
      return {
        rowCount,
        columns: tallies.map((t) => {
          const missing = rowCount - t.present;
          const numeric = t.kind === 'numeric' || (t.kind === 'inferred' && t.present > 0);
          return numeric ? describeNumeric(t.name, t.numbers, missing) : describeCategorical(t.name, t.counts, t.present, missing, topK);
        }),
      };
    },
  };
}

function describeNumeric(column: string, numbers: number[], missing: number): NumericSummary {
  const sorted = Float64Array.from(numbers).sort();
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
  counts: ReadonlyMap<string, number>,
  present: number,
  missing: number,
  topK: number,
): CategoricalSummary {
  const top = [...counts]
    .sort(([a, ca], [b, cb]) => cb - ca || compareText(a, b))
    .slice(0, topK)
    .map(([value, count]) => ({ value, count }));
  return { column, kind: 'categorical', count: present, missing, distinct: counts.size, top };
}
