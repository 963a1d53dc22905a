import { ident, type Session } from '@churn/duckdb';
import { outputExpr } from './column-sql';
import { missingFlag } from './imputed-table';
import type { RecipeDataset } from './recipe-types';
import { ORD } from './typed-table';

/**
 * Creates `table`, the prepared dataset, from the imputed table: exactly the recipe's output columns, typed, with
 * rows in key order (input position breaks ties) so that the file written from it is deterministic.
 */
export async function createPreparedTable(session: Session, dataset: Pick<RecipeDataset, 'key' | 'columns' | 'output'>, imputed: string, table: string): Promise<void> {
  const select = dataset.output.map((out) => {
    const column = dataset.columns[out.column];
    const flag = column?.impute ? ident(missingFlag(out.column)) : undefined;
    return `CAST(${outputExpr(out, column, ident(out.column), flag)} AS ${out.type}) AS ${ident(out.name)}`;
  });
  const order = [...dataset.key.map((k) => `${ident(k)} ASC NULLS LAST`), ORD].join(', ');
  await session.exec(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT ${select.join(', ')} FROM ${ident(imputed)} ORDER BY ${order}`);
}
