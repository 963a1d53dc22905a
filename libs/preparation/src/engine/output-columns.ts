import { preparationErrors } from '../errors';
import { sourceSqlType } from './column-types';
import type { RecipeDataset, RecipeOutputColumn } from './recipe-types';

/**
 * The columns of a prepared dataset, in file order: the source's columns less the dropped ones, in the schema's
 * order (declared ones as their role makes them, the others as validated); then, per declared column in the same
 * order, what preparation adds: `<c>_missing`, `<c>_outlier`, `<c>_code`, `<c>__<slug>`..., `<c>__other`, `<c>_scaled`.
 * Fails with CHURN_PREPARATION_COLUMN_CLASH when two would have one name.
 */
export function outputColumns(dataset: Pick<RecipeDataset, 'name' | 'input' | 'columns' | 'drop'>): RecipeOutputColumn[] {
  const dropped = new Set(dataset.drop);
  const kept = dataset.input.filter((c) => !dropped.has(c.name));
  const out: RecipeOutputColumn[] = kept.map((c) => ({ name: c.name, type: dataset.columns[c.name]?.type ?? sourceSqlType(c.type), column: c.name, part: 'value' }));
  for (const { name: column } of kept) {
    const c = dataset.columns[column];
    if (!c) continue;
    if (c.impute?.indicator) out.push({ name: `${column}_missing`, type: 'INTEGER', column, part: 'missing' });
    if (c.outliers?.method === 'flag') out.push({ name: `${column}_outlier`, type: 'INTEGER', column, part: 'outlier' });
    if (c.encode?.kind === 'ordinal') out.push({ name: c.encode.column, type: 'INTEGER', column, part: 'code' });
    if (c.encode?.kind === 'one_hot') {
      for (const h of c.encode.columns) out.push({ name: h.name, type: 'INTEGER', column, part: 'one_hot' });
      const other = c.encode.other;
      if (other !== null && !c.encode.columns.some((h) => h.name === other)) out.push({ name: other, type: 'INTEGER', column, part: 'other' });
    }
    if (c.scale) out.push({ name: c.scale.column, type: 'DOUBLE', column, part: 'scaled' });
  }
  const seen = new Set<string>();
  for (const c of out) {
    if (seen.has(c.name)) throw preparationErrors.columnClash(dataset.name, c.name);
    seen.add(c.name);
  }
  return out;
}
