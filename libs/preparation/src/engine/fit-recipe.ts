import { ident, type Session } from '@churn/duckdb';
import type { DatasetDeclaration } from '@churn/project';
import { fitAfterImputation } from './fit-encoding';
import { fitBeforeImputation } from './fit-imputation';
import type { GroupFiles } from './group-medians';
import { createImputedTable, type LookupTables } from './imputed-table';
import { outputColumns } from './output-columns';
import type { DatasetPlan } from './plan-dataset';
import type { RecipeColumn, RecipeDataset } from './recipe-types';
import { countTreatments } from './treatment-counts';

/** What fitting one dataset needs besides its plan: the other declarations and the datasets prepared before it. */
export interface FitContext {
  declarations: ReadonlyMap<string, DatasetDeclaration>;
  lookups: LookupTables;
  /** Where group medians too many for recipe.json are written (without it they are all inline). */
  groupFiles?: GroupFiles;
  /**
   * Make `imputed` a view over the typed relation instead of a copy of its rows. The tables it reads (group medians)
   * are then added to `keep`, for the caller to drop after its last read of `imputed`.
   */
  imputedView?: { keep: string[] };
}

/**
 * Fits one dataset on its typed table: imputation values and outlier bounds on the present values, then (on the
 * imputed table it creates as `imputed`) categories, codes and scalers, and the counts of what each treatment did.
 * Returns the dataset's recipe; `imputed` is left for {@link preparedSelectSql}.
 */
export async function fitDataset(session: Session, plan: DatasetPlan, typed: { table: string; rows: number }, imputed: string, context: FitContext): Promise<RecipeDataset> {
  const d = plan.declaration;
  const before = await fitBeforeImputation(session, plan, typed.table, context.declarations, context.groupFiles);
  const columns: Record<string, RecipeColumn> = {};
  for (const c of plan.columns) {
    const impute = before.impute[c.name];
    const outliers = before.outliers[c.name];
    columns[c.name] = {
      role: c.spec.role,
      type: c.type,
      ...(c.boolean ? { boolean: c.boolean } : {}),
      ...(impute ? { impute } : {}),
      ...(outliers ? { outliers } : {}),
    };
  }
  await createImputedTable(session, { input: plan.input, columns }, typed.table, imputed, context.lookups, { tables: before.groupTables }, { view: context.imputedView !== undefined });
  if (context.imputedView) context.imputedView.keep.push(...Object.values(before.groupTables));
  else for (const groups of Object.values(before.groupTables)) await session.exec(`DROP TABLE ${ident(groups)}`);
  for (const c of plan.columns) {
    const after = await fitAfterImputation(session, d.name, imputed, c, { impute: before.impute[c.name], outliers: before.outliers[c.name] });
    Object.assign(columns[c.name]!, after);
  }
  const counts = await countTreatments(session, imputed, columns, typed.table);
  for (const [name, c] of Object.entries(columns)) {
    if (c.impute) c.impute.imputed = counts.imputed[name] ?? 0;
    if (c.outliers?.method === 'winsorize') c.outliers.clipped = counts.clipped[name] ?? 0;
    if (c.outliers?.method === 'flag') c.outliers.flagged = counts.flagged[name] ?? 0;
  }
  const dataset: Omit<RecipeDataset, 'output'> = {
    name: d.name,
    source: d.source,
    key: [...d.key],
    ...(d.eventTime ? { eventTime: d.eventTime } : {}),
    ...(d.entity ? { entity: d.entity } : {}),
    ...(d.dedupe ? { dedupe: d.dedupe } : {}),
    drop: [...(d.drop ?? [])],
    input: plan.input,
    columns,
    rows: typed.rows,
  };
  return { ...dataset, output: outputColumns(dataset) };
}
