import type { ColumnSql } from './column-sql';
import type { Session } from './duckdb-session';
import { ident } from './sql';

/** One input, ready to scan: a CSV read directly, or an NDJSON file loaded into a table. */
export interface LoadedInput {
  index: number;
  format: 'csv' | 'ndjson';
  /** A table name or a table function call. */
  from: string;
  /** CSV header (absent for NDJSON). */
  header?: string[];
  /** 0 for the newest delivery. */
  delivery: number;
}

function inputSelect(input: LoadedInput, columns: readonly ColumnSql[], extras: readonly string[]): string {
  const level1: string[] = [
    `${input.index} AS _input`,
    `${input.delivery} AS _delivery`,
    // CSV lines come from the row's position (collectIssues), NDJSON lines from the loader.
    input.format === 'csv' ? 'NULL::BIGINT AS _line' : '_line',
    input.format === 'csv' ? 'NULL::VARCHAR AS _rowerr' : '_rowerr',
    input.format === 'csv' ? 'NULL::VARCHAR AS _txt' : '_txt',
  ];
  for (const c of columns) for (const [alias, expr] of c.level1(input.format, c.name)) level1.push(`${expr} AS ${alias}`);
  extras.forEach((name, j) => level1.push(`${input.header?.includes(name) ? ident(name) : 'NULL::VARCHAR'} AS u${j}`));
  const level2 = columns.flatMap((c) => c.level2('_rowerr').map(([alias, expr]) => `${expr} AS ${alias}`));
  const keep = ['_input', '_delivery', '_line', '_rowerr', '_txt', ...columns.flatMap((c) => [`r${c.index}`, `m${c.index}`, `e${c.index}`, ...(c.typed ? [`v${c.index}`] : [])]), ...extras.map((_, j) => `u${j}`)];
  return `SELECT ${keep.join(', ')} FROM (SELECT *, ${level2.join(', ')} FROM (SELECT ${level1.join(', ')} FROM ${input.from}))`;
}

/**
 * Builds table `chk`: every row of every input, in input then file order (its
 * rowid is that order: one scan per input, insertion order preserved), with
 * per suite column i its text `r<i>`, missing flag `m<i>`, typed value `v<i>`
 * (numbers, booleans, timestamps as epoch ms) and the rule it fails `e<i>`
 * (NULL when it passes); `_ok` when no error-severity rule failed. Unknown CSV
 * columns ride along as `u<j>` for the quarantine.
 */
export async function buildChecked(session: Session, inputs: readonly LoadedInput[], columns: readonly ColumnSql[], extras: readonly string[]): Promise<void> {
  const blocking = columns.filter((c) => c.spec.severity !== 'warn').map((c) => `e${c.index} IS NULL`);
  await session.exec(`CREATE TABLE chk AS SELECT *, (_rowerr IS NULL${blocking.map((b) => ` AND ${b}`).join('')}) AS _ok,
    FALSE AS _dup, NULL::BOOLEAN AS _after_valid, FALSE AS _sup
    FROM (${inputs.map((input) => inputSelect(input, columns, extras)).join('\nUNION ALL\n')})`);
}

/**
 * Marks key duplicates. A row of an
 * older delivery whose key a newer delivery holds validly is superseded
 * (`_sup`). Within a delivery a key belongs to its first valid row; any other row with the key is
 * a duplicate (`_after_valid` tells whether a valid row held it already), while
 * the first row of a key and a valid row after only invalid ones are not.
 * Rows with a key column missing have no key. Returns the rows that repeat an
 * earlier row's key (the `duplicates` mode key measure).
 */
export async function markKeyDuplicates(session: Session, key: readonly ColumnSql[], deliveries: number): Promise<number> {
  if (key.length === 0) return 0;
  const cols = key.map((c) => `r${c.index}`);
  const defined = key.map((c) => `NOT m${c.index}`).join(' AND ');
  if (deliveries > 1) {
    await session.exec(`UPDATE chk SET _sup = TRUE FROM (
      SELECT ${cols.join(', ')}, min(_delivery) AS newest FROM chk WHERE _ok AND ${defined} GROUP BY ${cols.join(', ')}) AS held
      WHERE ${cols.map((c) => `chk.${c} = held.${c}`).join(' AND ')} AND chk._delivery > held.newest`);
  }
  const group = [...cols, '_delivery'].join(', ');
  await session.exec(`CREATE TABLE dup_keys AS SELECT ${group}, count(*) AS n FROM chk WHERE ${defined} AND NOT _sup GROUP BY ${group} HAVING count(*) > 1`);
  await session.exec(`CREATE TABLE dups AS
    WITH rows AS (SELECT rowid AS _ord, _ok, ${group} FROM chk SEMI JOIN dup_keys USING (${group}) WHERE ${defined} AND NOT _sup),
    w AS (SELECT _ord, _ok, min(_ord) OVER k AS first_ord, min(_ord) FILTER (WHERE _ok) OVER k AS first_valid
          FROM rows WINDOW k AS (PARTITION BY ${group}))
    SELECT _ord, coalesce(first_valid < _ord, FALSE) AS after_valid FROM w WHERE _ord <> first_ord AND NOT (_ok AND _ord = first_valid)`);
  await session.exec('UPDATE chk SET _dup = TRUE, _after_valid = dups.after_valid FROM dups WHERE chk.rowid = dups._ord');
  const [row] = await session.rows<{ repeats: number | null }>('SELECT sum(n - 1) AS repeats FROM dup_keys');
  return row?.repeats ?? 0;
}
