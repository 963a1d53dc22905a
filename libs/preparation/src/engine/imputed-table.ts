import { ident, type Session } from '@churn/duckdb';
import { typedLiteral } from './column-types';
import { groupsTable, loadGroups } from './group-medians';
import type { RecipeColumn, RecipeDataset, RecipeImputation } from './recipe-types';
import { ORD } from './typed-table';

/** The hidden column saying a value was missing before imputation. */
export const missingFlag = (column: string): string => `__churn_missing__${column}`;

/** The prepared table of a dataset that a lookup reads. */
export type LookupTables = (dataset: string) => string | undefined;

/** Where group medians come from: tables already in the session (a fit), or local copies of a recipe's files. */
export interface GroupSources {
  /** Column -> a session table `(grp, v)` holding its medians. */
  tables?: Readonly<Record<string, string>>;
  /** Lake key -> local path of a recipe's group-median file (see {@link loadGroups}). */
  files?: Readonly<Record<string, string>>;
}

interface Imputed {
  expr: string;
  joins: string[];
}

function imputedExpr(
  column: string,
  prep: RecipeColumn,
  impute: RecipeImputation,
  alias: string,
  groups: string | undefined,
  lookups: LookupTables,
): Imputed {
  const x = `t0.${ident(column)}`;
  const cast = (e: string) => `CAST(${e} AS ${prep.type})`;
  switch (impute.strategy) {
    case 'group_median':
      return {
        expr: `coalesce(${x}, ${cast(`${alias}.v`)}, ${typedLiteral(impute.value, prep.type)})`,
        joins: [`LEFT JOIN ${ident(groups!)} AS ${alias} ON ${alias}.grp = CAST(t0.${ident(impute.by)} AS VARCHAR)`],
      };
    case 'forward_fill': {
      const order = [...impute.order.map((c) => `t0.${ident(c)} ASC NULLS LAST`), `t0.${ORD}`].join(', ');
      const window = `PARTITION BY t0.${ident(impute.partition)} ORDER BY ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING`;
      return { expr: `coalesce(${x}, last_value(${x} IGNORE NULLS) OVER (${window}))`, joins: [] };
    }
    case 'lookup': {
      const table = lookups(impute.dataset);
      const from = `(SELECT CAST(${ident(impute.key)} AS VARCHAR) AS k, min(${ident(impute.column)}) AS v FROM ${ident(table!)} GROUP BY 1)`;
      return { expr: `coalesce(${x}, ${cast(`${alias}.v`)})`, joins: [`LEFT JOIN ${from} AS ${alias} ON ${alias}.k = CAST(t0.${ident(impute.on)} AS VARCHAR)`] };
    }
    default:
      return { expr: impute.value === null ? x : `coalesce(${x}, ${typedLiteral(impute.value, prep.type)})`, joins: [] };
  }
}

/**
 * Creates `table` from the typed table `typed`: each imputed column filled as its recipe says (fitted constants,
 * group medians, the entity's previous value, a lookup in a prepared dataset), with a hidden `__churn_missing__<c>`
 * flag of the values that were missing. Other columns are copied. With `view`, a view that computes them at each
 * read instead of a copy of the rows.
 */
export async function createImputedTable(
  session: Session,
  dataset: Pick<RecipeDataset, 'input' | 'columns'>,
  typed: string,
  table: string,
  lookups: LookupTables,
  groupSources: GroupSources = {},
  options: { view?: boolean } = {},
): Promise<void> {
  const select = [`t0.${ORD}`];
  const flags: string[] = [];
  const joins: string[] = [];
  const loaded: string[] = [];
  for (const [i, { name }] of dataset.input.entries()) {
    const prep = dataset.columns[name];
    const impute = prep?.impute;
    if (!prep || !impute) {
      select.push(`t0.${ident(name)}`);
      continue;
    }
    let groups: string | undefined;
    if (impute.strategy === 'group_median') {
      groups = groupSources.tables?.[name];
      if (groups === undefined) {
        groups = groupsTable(table, name);
        await loadGroups(session, groups, impute, groupSources.files);
        loaded.push(groups);
      }
    }
    const imputed = imputedExpr(name, prep, impute, `j${i}`, groups, lookups);
    select.push(`${imputed.expr} AS ${ident(name)}`);
    flags.push(`t0.${ident(name)} IS NULL AS ${ident(missingFlag(name))}`);
    joins.push(...imputed.joins);
  }
  const kind = options.view ? 'VIEW' : 'TABLE';
  await session.exec(`CREATE OR REPLACE ${kind} ${ident(table)} AS SELECT ${[...select, ...flags].join(', ')} FROM ${ident(typed)} AS t0 ${joins.join(' ')}`);
  // A view reads the group medians it loaded at each read: they stay (groupsTable(table, column)) for the caller to drop.
  if (!options.view) for (const groups of loaded) await session.exec(`DROP TABLE IF EXISTS ${ident(groups)}`);
}
