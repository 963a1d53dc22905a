import { ident, type Session } from '@churn/duckdb';
import { aggregateQuery } from './aggregates';
import { outsideExpr } from './column-sql';
import { missingFlag } from './imputed-table';
import type { RecipeColumn } from './recipe-types';

/** Per column: values filled by imputation, clipped by winsorizing, flagged as outliers. */
export interface TreatmentCounts {
  imputed: Record<string, number>;
  clipped: Record<string, number>;
  flagged: Record<string, number>;
}

/** Counts what the recipe's treatments did to the imputed table `table` (one scan). */
export async function countTreatments(session: Session, table: string, columns: Record<string, Pick<RecipeColumn, 'impute' | 'outliers'>>): Promise<TreatmentCounts> {
  const q = aggregateQuery(table);
  const reads: Array<[keyof TreatmentCounts, string, string]> = [];
  for (const [name, c] of Object.entries(columns)) {
    const x = ident(name);
    if (c.impute) reads.push(['imputed', name, q.add(`count(*) FILTER (WHERE ${ident(missingFlag(name))} AND ${x} IS NOT NULL)`)]);
    if (c.outliers) {
      const outside = outsideExpr(x, c.outliers.lower, c.outliers.upper);
      reads.push([c.outliers.method === 'flag' ? 'flagged' : 'clipped', name, q.add(`coalesce(sum(${outside}), 0)`)]);
    }
  }
  const row = await q.run(session);
  const counts: TreatmentCounts = { imputed: {}, clipped: {}, flagged: {} };
  for (const [kind, name, alias] of reads) counts[kind][name] = Number(row[alias] ?? 0);
  return counts;
}
