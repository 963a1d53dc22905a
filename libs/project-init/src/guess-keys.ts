import { isId, UPDATED_NAME } from './column-names';
import { singular } from './naming';
import { NEARLY_DISTINCT } from './profile-csv';
import type { ColumnProfile, KeyPair, TableProfile } from './profile-types';

const isTime = (c: ColumnProfile | undefined) => c?.type === 'date' || c?.type === 'timestamp';

/** A key for a table and why; `repeated` rows share a key with an earlier one (versions of a row). */
export interface KeyChoice {
  key: string[];
  why: string;
  repeated: number;
}

/** The "last changed" column of a table, a date or timestamp: rows repeating a key are versions of one row. */
export function dedupeColumnOf(table: TableProfile): string | undefined {
  return table.columns.find((c) => isTime(c) && UPDATED_NAME.test(c.name))?.name;
}

/** How much a column's name says "the id of this table": `id`, then `<table>_id`, then any `*_id`, then other id-like names. */
function idRank(table: TableProfile, name: string): number {
  if (name === 'id') return 0;
  if (name === `${singular(table.table)}_id` || name === `${table.table}_id`) return 1;
  if (name.endsWith('_id')) return 2;
  return 3;
}

const distinctEnough = (table: TableProfile, distinct: number, versions: string | undefined) =>
  distinct === table.rows || (versions !== undefined && distinct >= NEARLY_DISTINCT * table.rows);

const repeatedWhy = (table: TableProfile, distinct: number, versions: string | undefined) =>
  distinct === table.rows ? 'unique, non-null' : `non-null, unique but for ${table.rows - distinct} repeated rows (versions of a row: ${versions})`;

/**
 * The single-column key of a table: an id-like column present in every row and distinct in every row, best-named
 * first. With a "last changed" column, a column repeated in at most 5 % of rows also counts (the repeats are versions).
 */
export function singleKeyOf(table: TableProfile): KeyChoice | undefined {
  const versions = dedupeColumnOf(table);
  const candidates = table.columns.filter((c) => isId(c.name) && c.type !== 'boolean' && c.present === table.rows && distinctEnough(table, c.distinct, versions));
  const best = [...candidates].sort((a, b) => Number(b.distinct === table.rows) - Number(a.distinct === table.rows) || idRank(table, a.name) - idRank(table, b.name))[0];
  if (!best) return undefined;
  const named = ['named id', 'named after its table', 'named like *_id', 'named like an id'][idRank(table, best.name)];
  return { key: [best.name], why: `${repeatedWhy(table, best.distinct, versions)}, ${named}`, repeated: table.rows - best.distinct };
}

/**
 * A composite key for a table with no single one: the column linking it to the entity with its event time, else
 * another (nearly, with a "last changed" column) unique pair of id and date columns, else every column.
 */
export function compositeKeyOf(table: TableProfile, linkColumn: string | undefined, eventTime: string | undefined): KeyChoice {
  const versions = dedupeColumnOf(table);
  const column = (name: string) => table.columns.find((c) => c.name === name);
  const position = (p: KeyPair) => table.columns.findIndex((c) => c.name === p.columns[0]) * 1000 + table.columns.findIndex((c) => c.name === p.columns[1]);
  const pairs = table.keyPairs.filter((p) => distinctEnough(table, p.distinct, versions)).sort((a, b) => b.distinct - a.distinct || position(a) - position(b));
  const has = (p: KeyPair, x: string | undefined) => x !== undefined && p.columns.includes(x);
  const withTime = (p: KeyPair) => p.columns.some((x) => isTime(column(x)));
  const pick = pairs.find((p) => has(p, linkColumn) && has(p, eventTime)) ?? pairs.find((p) => has(p, linkColumn) && withTime(p)) ?? pairs.find(withTime) ?? pairs[0];
  if (pick) {
    const key = linkColumn !== undefined && pick.columns[1] === linkColumn ? [pick.columns[1], pick.columns[0]] : [...pick.columns];
    return { key, why: `no single id column; ${key.join(' + ')} together: ${repeatedWhy(table, pick.distinct, versions)}`, repeated: table.rows - pick.distinct };
  }
  return { key: table.columns.map((c) => c.name), why: 'no unique id column or pair of columns: keyed by every column, name a real key', repeated: 0 };
}
