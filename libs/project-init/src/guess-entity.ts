import type { EntityLink } from '@churn/project';
import { SINCE_NAME, UPDATED_NAME } from './column-names';
import { initErrors } from './errors';
import { singleKeyOf } from './guess-keys';
import { singular } from './naming';
import type { TableProfile } from './profile-types';

const LABEL_TABLE = /cancel|churn|attrition|terminat/;

/** A table with a single-column key, and the name other tables use for that key (`id` of `accounts` is `account_id` elsewhere). */
export interface KeyedTable {
  table: TableProfile;
  key: string;
  keyWhy: string;
  /** Rows repeating a key (versions of a row). */
  repeated: number;
  /** The column name that refers to this table from others. */
  refName: string;
}

export function keyedTables(tables: readonly TableProfile[]): KeyedTable[] {
  return tables.flatMap((table) => {
    const key = singleKeyOf(table);
    const column = key?.key[0];
    return key && column ? [{ table, key: column, keyWhy: key.why, repeated: key.repeated, refName: column === 'id' ? `${singular(table.table)}_id` : column }] : [];
  });
}

const hasColumn = (t: TableProfile, name: string) => t.columns.some((c) => c.name === name);

/** Tables other than `k`'s holding a column named as `k`'s key. */
export const referencesOf = (k: KeyedTable, tables: readonly TableProfile[]): TableProfile[] => tables.filter((t) => t !== k.table && hasColumn(t, k.refName));

/**
 * The entity table: `--entity` when given, else the keyed table whose key most other tables hold (ties: the key named
 * after its table, then more rows, then a table not named like churn events). One table is the entity.
 */
export function chooseEntity(tables: readonly TableProfile[], forced: string | undefined, forcedBy = '--entity'): { entity: KeyedTable; why: string } {
  const keyed = keyedTables(tables);
  if (forced !== undefined) {
    const table = tables.find((t) => t.table === forced || t.file === forced || t.file.replace(/\.csv$/i, '') === forced);
    if (!table) throw initErrors.invalidOptions(`--entity ${forced} is not one of the tables (${tables.map((t) => t.table).join(', ')})`);
    const k = keyed.find((x) => x.table === table);
    if (!k) throw initErrors.noEntity(`${table.table} (${forcedBy}) has no id-like column that is present and distinct in every row`);
    return { entity: k, why: `${forcedBy}; key ${k.key}: ${k.keyWhy}` };
  }
  if (keyed.length === 0) throw initErrors.noEntity(`no table has an id-like column (id, *_id) that is present and distinct in every row`);
  const score = (k: KeyedTable) => [
    referencesOf(k, tables).length,
    k.key === 'id' || k.key === `${singular(k.table.table)}_id` || k.key === `${k.table.table}_id` ? 1 : 0,
    LABEL_TABLE.test(k.table.table) ? 0 : 1,
    k.table.rows,
  ];
  const best = [...keyed].sort((a, b) => {
    const [sa, sb] = [score(a), score(b)];
    const i = sa.findIndex((v, j) => v !== sb[j]);
    return i < 0 ? 0 : sb[i]! - sa[i]!;
  })[0]!;
  const refs = referencesOf(best, tables).length;
  const why = tables.length === 1 ? `the only table; key ${best.key}: ${best.keyWhy}` : `key ${best.key}: ${best.keyWhy}, referenced by ${refs} table${refs === 1 ? '' : 's'}`;
  return { entity: best, why };
}

/** How `table` reaches the entity: its own column holding the entity key, or the key of a table that has one. */
export function linkOf(table: TableProfile, entity: KeyedTable, tables: readonly TableProfile[]): { link: EntityLink; column: string; why: string } | undefined {
  if (table === entity.table) return undefined;
  if (hasColumn(table, entity.refName)) return { link: { column: entity.refName }, column: entity.refName, why: `has the entity key ${entity.refName}` };
  for (const via of keyedTables(tables)) {
    if (via.table === table || via.table === entity.table || !hasColumn(via.table, entity.refName) || !hasColumn(table, via.refName)) continue;
    return {
      link: { through: { dataset: via.table.table, on: via.refName } },
      column: via.refName,
      why: `has ${via.refName}, the key of ${via.table.table}, which has ${entity.refName}`,
    };
  }
  return undefined;
}

/** The first date or timestamp column that is not a "last changed" one (or the first one at all). */
export function eventTimeOf(table: TableProfile): string | undefined {
  const times = table.columns.filter((c) => c.type === 'date' || c.type === 'timestamp');
  return (times.find((c) => !UPDATED_NAME.test(c.name)) ?? times[0])?.name;
}

/** The entity's signup date: a date column named like signup / created / start / joined. */
export function sinceOf(entity: TableProfile): string | undefined {
  return entity.columns.find((c) => (c.type === 'date' || c.type === 'timestamp') && SINCE_NAME.test(c.name))?.name;
}
