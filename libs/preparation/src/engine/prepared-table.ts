import { ident, type Session } from '@churn/duckdb';
import { outputExpr } from './column-sql';
import { missingFlag } from './imputed-table';
import type { RecipeDataset } from './recipe-types';
import { ORD } from './typed-table';

/**
 * The prepared dataset over the imputed relation: exactly the recipe's output columns, typed, with rows in key order
 * (input position breaks ties) so that a file written from it is deterministic.
 */
export function preparedSelectSql(dataset: Pick<RecipeDataset, 'key' | 'columns' | 'output'>, imputed: string): string {
  const select = dataset.output.map((out) => {
    const column = dataset.columns[out.column];
    const flag = column?.impute ? ident(missingFlag(out.column)) : undefined;
    return `CAST(${outputExpr(out, column, ident(out.column), flag)} AS ${out.type}) AS ${ident(out.name)}`;
  });
  const order = [...dataset.key.map((k) => `${ident(k)} ASC NULLS LAST`), ORD].join(', ');
  return `SELECT ${select.join(', ')} FROM ${ident(imputed)} ORDER BY ${order}`;
}

/** Creates `table`, the prepared dataset (see {@link preparedSelectSql}), from the imputed table. */
export async function createPreparedTable(session: Session, dataset: Pick<RecipeDataset, 'key' | 'columns' | 'output'>, imputed: string, table: string): Promise<void> {
  await session.exec(`CREATE OR REPLACE TABLE ${ident(table)} AS ${preparedSelectSql(dataset, imputed)}`);
}
