import { categorySlug } from '@churn/project';
import { ident, type Session } from '@churn/duckdb';
import { preparationErrors } from '../errors';
import { aggregateQuery, meanStd, numberAt } from './aggregates';
import { clipExpr } from './column-sql';
import type { ColumnPlan } from './plan-dataset';
import { exactQuantiles } from './quantiles';
import type { OneHotColumn, RecipeEncoding, RecipeImputation, RecipeOutliers, RecipeScaling } from './recipe-types';

/** At most this many categories are encoded (the datasets schema's largest `top`). */
export const MAX_CATEGORIES = 200;

/** Category counts of the present values, most frequent first, ties by value; at most `limit + 1` rows. */
async function valueCounts(session: Session, table: string, column: string, limit: number): Promise<Array<{ v: string; n: number }>> {
  const x = ident(column);
  return session.rows(`SELECT ${x} AS v, count(*) AS n FROM ${ident(table)} WHERE ${x} IS NOT NULL GROUP BY ${x} ORDER BY n DESC, ${x} ASC LIMIT ${limit + 1}`);
}

/**
 * Whether imputation can give a value outside the column's enum: a constant that is not declared, or a value looked
 * up in another dataset (as `preparedColumns` of @churn/project tells before fitting).
 */
function imputationLeavesEnum(impute: RecipeImputation | undefined, values: readonly string[]): boolean {
  if (impute?.strategy === 'constant') return impute.value !== null && !values.includes(String(impute.value));
  return impute?.strategy === 'lookup';
}

/** One-hot columns of the categories, those whose slugs coincide merged into one. */
function oneHotColumns(column: string, categories: readonly string[]): OneHotColumn[] {
  const bySlug = new Map<string, string[]>();
  for (const c of categories) bySlug.set(categorySlug(c), [...(bySlug.get(categorySlug(c)) ?? []), c]);
  return [...bySlug].map(([slug, values]) => ({ name: `${column}__${slug}`, values }));
}

async function fitOneHot(
  session: Session,
  dataset: string,
  table: string,
  c: ColumnPlan,
  top: number | undefined,
  impute: RecipeImputation | undefined,
): Promise<RecipeEncoding> {
  const declared = c.source.enum?.map(String);
  let categories: string[];
  let other: boolean;
  if (declared !== undefined) {
    categories = declared;
    other = imputationLeavesEnum(impute, declared);
    if (top !== undefined && top < declared.length) {
      // The `top` most frequent declared values (ties in declared order), listed in declared order.
      const counts = new Map((await valueCounts(session, table, c.name, declared.length)).map((r) => [r.v, r.n]));
      const kept = new Set([...declared].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || declared.indexOf(a) - declared.indexOf(b)).slice(0, top));
      categories = declared.filter((v) => kept.has(v));
      other = true;
    }
  } else {
    const limit = top ?? MAX_CATEGORIES;
    const seen = await valueCounts(session, table, c.name, limit);
    if (top === undefined && seen.length > MAX_CATEGORIES) throw preparationErrors.tooManyCategories(dataset, c.name, MAX_CATEGORIES);
    categories = seen.slice(0, limit).map((r) => r.v);
    // Categories seen in one run: a later run may see others.
    other = true;
  }
  return { kind: 'one_hot', from: declared ? 'enum' : 'data', top: top ?? null, categories, columns: oneHotColumns(c.name, categories), other: other ? `${c.name}__other` : null };
}

async function fitOrdinal(session: Session, dataset: string, table: string, c: ColumnPlan, order: string[] | undefined): Promise<RecipeEncoding> {
  const column = `${c.name}_code`;
  if (order !== undefined) return { kind: 'ordinal', column, order };
  if (c.source.enum !== undefined) return { kind: 'ordinal', column, order: c.source.enum.map(String) };
  const seen = await session.rows<{ v: string }>(
    `SELECT DISTINCT ${ident(c.name)} AS v FROM ${ident(table)} WHERE ${ident(c.name)} IS NOT NULL ORDER BY v LIMIT ${MAX_CATEGORIES + 1}`,
  );
  if (seen.length > MAX_CATEGORIES) throw preparationErrors.tooManyCategories(dataset, c.name, MAX_CATEGORIES);
  return { kind: 'ordinal', column, order: seen.map((r) => r.v) };
}

/** Fits a scaler on the imputed (and clipped) values; a constant column scales by 1. */
async function fitScaling(session: Session, table: string, c: ColumnPlan, outliers: RecipeOutliers | undefined): Promise<RecipeScaling | undefined> {
  const method = c.spec.scale;
  if (method === undefined || method === 'none') return undefined;
  const x = clipExpr(ident(c.name), outliers);
  const column = `${c.name}_scaled`;
  const positive = (v: number | null) => (v !== null && v > 0 ? v : 1);
  if (method === 'standard') {
    const { mean, std } = await meanStd(session, table, x);
    return { method, column, center: mean ?? 0, scale: positive(std) };
  }
  const q = aggregateQuery(table);
  if (method === 'minmax') {
    const lo = q.add(`min(${x})`);
    const hi = q.add(`max(${x})`);
    const row = await q.run(session);
    const min = numberAt(row, lo);
    const max = numberAt(row, hi);
    return { method, column, center: min ?? 0, scale: positive(min === null || max === null ? null : max - min) };
  }
  const [q1 = null, median = null, q3 = null] = (await exactQuantiles(session, ident(table), [{ expr: x, qs: [0.25, 0.5, 0.75] }]))[0] ?? [];
  return { method, column, center: median ?? 0, scale: positive(q1 === null || q3 === null ? null : q3 - q1) };
}

/** Fits what is fitted on the imputed data: encodings (categories, codes) and scalers. */
export async function fitAfterImputation(
  session: Session,
  dataset: string,
  table: string,
  c: ColumnPlan,
  before: { impute?: RecipeImputation; outliers?: RecipeOutliers },
): Promise<{ encode?: RecipeEncoding; scale?: RecipeScaling }> {
  const e = c.spec.encode;
  const encode =
    c.spec.role !== 'categorical' || e === undefined || e.kind === 'none'
      ? undefined
      : e.kind === 'one_hot'
        ? await fitOneHot(session, dataset, table, c, e.top, before.impute)
        : await fitOrdinal(session, dataset, table, c, e.order);
  const scale = c.spec.role === 'numeric' ? await fitScaling(session, table, c, before.outliers) : undefined;
  return { ...(encode ? { encode } : {}), ...(scale ? { scale } : {}) };
}
