import type { ValidRecordsSchema } from '@churn/contracts';
import type { ColumnPreparation, DatasetDeclaration } from '@churn/project';
import { preparationErrors } from '../errors';
import { booleanRule, preparedType } from './column-types';
import type { PreparedType, RecipeInputColumn } from './recipe-types';

/** One declared column, ready to fit: its declaration, its source column and the type of its prepared value. */
export interface ColumnPlan {
  name: string;
  spec: ColumnPreparation;
  source: RecipeInputColumn;
  type: PreparedType;
  boolean?: { trueValues: string[]; falseValues?: string[] };
}

/** A dataset declaration checked against the schema of its source's valid records. */
export interface DatasetPlan {
  declaration: DatasetDeclaration;
  input: RecipeInputColumn[];
  /** Declared columns that are not dropped, in the schema's order. */
  columns: ColumnPlan[];
}

/** The source columns a declaration names (key, dedupe, event time, entity, imputation inputs, columns). */
function referencedColumns(d: DatasetDeclaration): string[] {
  const names = [...d.key, ...Object.keys(d.columns), ...(d.drop ?? [])];
  if (d.dedupe) names.push(d.dedupe.by);
  if (d.eventTime) names.push(d.eventTime);
  if (d.entity && 'column' in d.entity) names.push(d.entity.column);
  if (d.entity && 'through' in d.entity) names.push(d.entity.through.on);
  for (const c of Object.values(d.columns)) {
    if (c.impute?.strategy === 'group_median') names.push(c.impute.by);
    if (c.impute?.strategy === 'lookup') names.push(c.impute.on);
  }
  return names;
}

/**
 * Checks a declaration against the schema.json its source was validated with and types its columns. Fails with
 * CHURN_PREPARATION_SCHEMA_MISMATCH naming every column the declaration reads that the schema does not have.
 */
export function planDataset(declaration: DatasetDeclaration, schema: Pick<ValidRecordsSchema, 'columns'>): DatasetPlan {
  const input: RecipeInputColumn[] = schema.columns.map((c) => ({ name: c.name, type: c.type, ...(c.enum ? { enum: [...c.enum] } : {}) }));
  const byName = new Map(input.map((c) => [c.name, c]));
  const missing = [...new Set(referencedColumns(declaration).filter((n) => !byName.has(n)))];
  if (missing.length > 0) throw preparationErrors.schemaMismatch(declaration.name, declaration.source, missing, 'the schema.json of the valid records');
  const dropped = new Set(declaration.drop ?? []);
  const columns = input
    .filter((c) => declaration.columns[c.name] !== undefined && !dropped.has(c.name))
    .map((source): ColumnPlan => {
      const spec = declaration.columns[source.name]!;
      return {
        name: source.name,
        spec,
        source,
        type: preparedType(spec.role, source.type),
        ...(spec.role === 'boolean' ? { boolean: booleanRule(spec.trueValues) } : {}),
      };
    });
  return { declaration, input, columns };
}
