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

type Treated = Pick<RecipeColumn, 'impute' | 'outliers'>;

/** The fixed value an imputation fills in (mean, median, mode, constant), or undefined when it depends on the row. */
function fixedValue(c: Treated): number | string | null | undefined {
  const i = c.impute;
  return i && (i.strategy === 'mean' || i.strategy === 'median' || i.strategy === 'mode' || i.strategy === 'constant') ? i.value : undefined;
}

/** Whether a column's counts follow from its typed values: its fill is fixed, or a group median it is not clipped after. */
const countableOnTyped = (c: Treated): boolean =>
  c.impute === undefined || fixedValue(c) !== undefined || (c.impute.strategy === 'group_median' && c.outliers === undefined);

const outside = (v: number | string | null | undefined, o: Treated['outliers']): boolean =>
  typeof v === 'number' && o !== undefined && ((o.lower !== null && v < o.lower) || (o.upper !== null && v > o.upper));

/**
 * Counts what the recipe's treatments did to the imputed relation `table`: values filled per imputed column, clipped
 * per winsorized one, flagged per flagged one. With `typed` (the relation it was imputed from), the columns whose
 * counts follow from their typed values are counted there, without the joins the imputed rows may need: a fixed or
 * group-median fill fills every missing value when its value (the overall median) exists, and a fixed fill lies
 * outside the bounds or not. One scan per relation.
 */
export async function countTreatments(session: Session, table: string, columns: Record<string, Treated>, typed?: string): Promise<TreatmentCounts> {
  const onImputed = aggregateQuery(table);
  const onTyped = typed === undefined ? undefined : aggregateQuery(typed);
  const reads: Array<(imputed: Record<string, unknown>, typed: Record<string, unknown>, counts: TreatmentCounts) => void> = [];
  for (const [name, c] of Object.entries(columns)) {
    const x = ident(name);
    const kind = c.outliers?.method === 'flag' ? 'flagged' : 'clipped';
    if (onTyped && countableOnTyped(c)) {
      const value = c.impute?.strategy === 'group_median' ? c.impute.value : fixedValue(c);
      const nulls = c.impute ? onTyped.add(`count(*) - count(${x})`) : undefined;
      const out = c.outliers ? onTyped.add(`coalesce(sum(${outsideExpr(x, c.outliers.lower, c.outliers.upper)}), 0)`) : undefined;
      reads.push((_, t, counts) => {
        const filled = nulls === undefined || value === null ? 0 : Number(t[nulls] ?? 0);
        if (c.impute) counts.imputed[name] = filled;
        if (out !== undefined) counts[kind][name] = Number(t[out] ?? 0) + (outside(value, c.outliers) ? filled : 0);
      });
      continue;
    }
    const filled = c.impute ? onImputed.add(`count(*) FILTER (WHERE ${ident(missingFlag(name))} AND ${x} IS NOT NULL)`) : undefined;
    const out = c.outliers ? onImputed.add(`coalesce(sum(${outsideExpr(x, c.outliers.lower, c.outliers.upper)}), 0)`) : undefined;
    reads.push((i, _, counts) => {
      if (filled !== undefined) counts.imputed[name] = Number(i[filled] ?? 0);
      if (out !== undefined) counts[kind][name] = Number(i[out] ?? 0);
    });
  }
  const [imputedRow, typedRow] = [await onImputed.run(session), (await onTyped?.run(session)) ?? {}];
  const counts: TreatmentCounts = { imputed: {}, clipped: {}, flagged: {} };
  for (const read of reads) read(imputedRow, typedRow, counts);
  return counts;
}
