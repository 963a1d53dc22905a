import { ident, num, type Session } from '@churn/duckdb';

/**
 * Sums of floating-point numbers depend on the order DuckDB's threads add them in, in the last bits. Fitted values
 * that come from sums (means, standard deviations) are rounded to 12 significant digits so that the recipe, and
 * everything computed with it, is the same bytes whatever the thread count.
 */
export function stable(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  return Number(value.toPrecision(12));
}

/** Many aggregates of one table in one scan: `add` returns the alias to read from the result of `run`. */
export function aggregateQuery(table: string) {
  const items: string[] = [];
  return {
    add(expr: string): string {
      const alias = `a${items.length}`;
      items.push(`${expr} AS ${alias}`);
      return alias;
    },
    async run(session: Session): Promise<Record<string, unknown>> {
      if (items.length === 0) return {};
      const [row] = await session.rows(`SELECT ${items.join(', ')} FROM ${ident(table)}`);
      return row ?? {};
    },
  };
}

/** A number read from an aggregate result (null when absent or not finite). */
export function numberAt(row: Record<string, unknown>, alias: string): number | null {
  const v = row[alias];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The population mean and standard deviation of `x`, in two scans with compensated sums (see {@link stable}). */
export async function meanStd(session: Session, table: string, x: string): Promise<{ mean: number | null; std: number | null; n: number }> {
  const [first] = await session.rows<{ m: number | null; n: number }>(`SELECT favg(${x}) AS m, count(${x}) AS n FROM ${ident(table)}`);
  const mean = stable(first?.m ?? null);
  if (mean === null || !first || first.n === 0) return { mean: null, std: null, n: 0 };
  const [second] = await session.rows<{ v: number | null }>(`SELECT fsum((${x} - ${num(mean)}) * (${x} - ${num(mean)})) / count(${x}) AS v FROM ${ident(table)}`);
  const variance = second?.v ?? null;
  return { mean, std: variance === null ? null : stable(Math.sqrt(variance)), n: first.n };
}
