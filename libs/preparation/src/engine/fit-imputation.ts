import { ident, lit, type Session } from '@churn/duckdb';
import type { DatasetDeclaration } from '@churn/project';
import { preparationErrors } from '../errors';
import { aggregateQuery, numberAt, stable } from './aggregates';
import { booleanOf, isNumericType } from './column-types';
import { fitGroupMedians, recipeGroups, type GroupFiles } from './group-medians';
import type { ColumnPlan, DatasetPlan } from './plan-dataset';
import { exactQuantiles, type QuantileRequest } from './quantiles';
import type { PreparedType, RecipeImputation, RecipeOutliers } from './recipe-types';

/** What is fitted on the typed, deduplicated data (before imputation): imputation values and outlier bounds. */
export interface FittedBeforeImputation {
  impute: Record<string, RecipeImputation>;
  outliers: Record<string, RecipeOutliers>;
  /** Column -> the session table of its group medians (grp, v), for imputation; dropped by the caller. */
  groupTables: Record<string, string>;
}

const finite = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A value read back for a column of `type`: a number for numeric types, else text (dates as ISO text). */
const valueSql = (x: string, type: PreparedType) => (isNumericType(type) ? x : `CAST(${x} AS VARCHAR)`);

async function modeOf(session: Session, table: string, plan: ColumnPlan): Promise<number | string | null> {
  const x = ident(plan.name);
  // Ties go to the smallest value, so the mode never depends on row order.
  const [row] = await session.rows<{ v: number | string }>(
    `SELECT ${valueSql(x, plan.type)} AS v FROM ${ident(table)} WHERE ${x} IS NOT NULL GROUP BY ${x} ORDER BY count(*) DESC, ${x} ASC LIMIT 1`,
  );
  return row?.v ?? null;
}

async function constantOf(session: Session, dataset: string, plan: ColumnPlan, value: string | number | boolean): Promise<number | string> {
  if (plan.boolean) {
    const b = booleanOf(value, plan.boolean);
    if (b === undefined) throw preparationErrors.badValue(dataset, plan.name, String(value), 'boolean value (imputation constant)');
    return b;
  }
  const [row] = await session.rows<{ v: number | string | null }>(`SELECT ${valueSql(`TRY_CAST(${lit(value)} AS ${plan.type})`, plan.type)} AS v`);
  if (row?.v === null || row?.v === undefined) throw preparationErrors.badValue(dataset, plan.name, String(value), `${plan.type} (imputation constant)`);
  return row.v;
}

/** The column that partitions a forward fill: the dataset's entity column, or the column it reaches the entity through. */
const partitionOf = (d: DatasetDeclaration): string => (d.entity && 'column' in d.entity ? d.entity.column : d.entity!.through.on);

/**
 * Fits imputation values (mean, median, mode, constant, group medians) and outlier bounds (winsorizing quantiles,
 * IQR fences) on the present values of the typed table. `declarations` resolves a lookup's dataset to its key.
 */
export async function fitBeforeImputation(
  session: Session,
  plan: DatasetPlan,
  table: string,
  declarations: ReadonlyMap<string, DatasetDeclaration>,
  groupFiles?: GroupFiles,
): Promise<FittedBeforeImputation> {
  const d = plan.declaration;
  const q = aggregateQuery(table);
  const scalars: Array<(row: Record<string, unknown>) => void> = [];
  // Medians and quantiles (exact, without holding the column: exactQuantiles), read into the recipe once computed.
  const quantiles: Array<QuantileRequest & { read: (values: Array<number | null>) => void }> = [];
  const impute: Record<string, RecipeImputation> = {};
  const outliers: Record<string, RecipeOutliers> = {};
  // Group medians in SQL, one GROUP BY per `by` column: they never pass through JavaScript unless few.
  const byColumn = new Map<string, string[]>();
  for (const c of plan.columns) if (c.spec.impute?.strategy === 'group_median') byColumn.set(c.spec.impute.by, [...(byColumn.get(c.spec.impute.by) ?? []), c.name]);
  const groupTables: Record<string, string> = {};
  for (const [by, columns] of byColumn) Object.assign(groupTables, await fitGroupMedians(session, table, by, columns));
  for (const c of plan.columns) {
    const x = ident(c.name);
    const spec = c.spec.impute;
    const indicator = spec?.indicator === true;
    if (spec?.strategy === 'mean') {
      const alias = q.add(`favg(${x})`);
      scalars.push((row) => {
        impute[c.name] = { strategy: 'mean', indicator, imputed: 0, value: stable(numberAt(row, alias)) };
      });
    } else if (spec?.strategy === 'median') {
      quantiles.push({ expr: x, qs: [0.5], read: ([v]) => (impute[c.name] = { strategy: 'median', indicator, imputed: 0, value: finite(v) }) });
    } else if (spec?.strategy === 'mode') {
      impute[c.name] = { strategy: 'mode', indicator, imputed: 0, value: await modeOf(session, table, c) };
    } else if (spec?.strategy === 'constant') {
      impute[c.name] = { strategy: 'constant', indicator, imputed: 0, value: await constantOf(session, d.name, c, spec.value) };
    } else if (spec?.strategy === 'group_median') {
      const groups = await recipeGroups(session, groupTables[c.name]!, groupFiles, { dataset: d.name, column: c.name });
      quantiles.push({ expr: x, qs: [0.5], read: ([v]) => (impute[c.name] = { strategy: 'group_median', indicator, imputed: 0, by: spec.by, value: finite(v), ...groups }) });
    } else if (spec?.strategy === 'forward_fill') {
      impute[c.name] = { strategy: 'forward_fill', indicator, imputed: 0, partition: partitionOf(d), order: [...new Set([d.eventTime!, ...d.key])] };
    } else if (spec?.strategy === 'lookup') {
      const other = declarations.get(spec.dataset);
      if (!other || other.key.length !== 1) throw preparationErrors.invalidRecipe(`dataset ${d.name}: lookup dataset ${spec.dataset} must exist and have a single key column`);
      impute[c.name] = { strategy: 'lookup', indicator, imputed: 0, dataset: spec.dataset, on: spec.on, key: other.key[0]!, column: spec.column };
    }

    const o = c.spec.outliers;
    if (o && 'winsorize' in o) {
      quantiles.push({
        expr: x,
        qs: o.winsorize,
        read: ([lower = null, upper = null]) => (outliers[c.name] = { method: 'winsorize', quantiles: [o.winsorize[0], o.winsorize[1]], lower, upper, clipped: 0 }),
      });
    } else if (o && 'flag' in o) {
      quantiles.push({
        expr: x,
        qs: [0.25, 0.75],
        read: ([q1 = null, q3 = null]) => {
          const k = o.flag.k;
          const fence = (v: number | null, sign: number) => (v === null || q1 === null || q3 === null ? null : v + sign * k * (q3 - q1));
          outliers[c.name] = { method: 'flag', k, q1, q3, lower: fence(q1, -1), upper: fence(q3, 1), flagged: 0 };
        },
      });
    }
  }
  const row = await q.run(session);
  for (const read of scalars) read(row);
  const values = await exactQuantiles(session, ident(table), quantiles);
  quantiles.forEach((request, i) => request.read(values[i] ?? []));
  return { impute, outliers, groupTables };
}
