import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ident, str, type Session } from '@churn/duckdb';
import { suggestColumnNames, type ColumnType } from '@churn/validation';
import { isId } from './column-names';
import { initErrors } from './errors';
import { distinctName } from './naming';
import type { ColumnProfile, KeyPair, TableProfile } from './profile-types';

const HEAD_BYTES = 1 << 16;
const VALUES_MAX = 20;
const PAIRS_MAX = 200;
/** Share of distinct values from which repeated keys read as versions of a row (with a "last changed" column). */
export const NEARLY_DISTINCT = 0.95;
/** Share of present values that may fail a column's type (malformed dates, "n/a" in a number column); validation quarantines their rows. */
const MALFORMED_MAX = 0.01;
// The validation engine's readings of text (format-sql.ts, iso-time.ts).
const NUMBER = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?';
const DATE = '\\d{4}-\\d{2}-\\d{2}';
const TIMESTAMP = '\\d{4}-\\d{2}-\\d{2}[tT ]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:[zZ]|[+-]\\d{2}(?::?\\d{2})?)';

const TYPE_TESTS: ReadonlyArray<[ColumnType, (c: string) => string]> = [
  ['integer', (c) => `regexp_full_match(${c}, ${str(NUMBER)}) AND TRY_CAST(${c} AS DOUBLE) = trunc(TRY_CAST(${c} AS DOUBLE)) AND abs(TRY_CAST(${c} AS DOUBLE)) < 9.2e18`],
  ['number', (c) => `regexp_full_match(${c}, ${str(NUMBER)}) AND isfinite(TRY_CAST(${c} AS DOUBLE))`],
  ['boolean', (c) => `${c} IN ('true', 'false')`],
  ['date', (c) => `regexp_full_match(${c}, ${str(DATE)}) AND TRY_CAST(${c} AS DATE) IS NOT NULL`],
  ['timestamp', (c) => `regexp_full_match(${c}, ${str(TIMESTAMP)}) AND TRY_CAST(left(${c}, 10) AS DATE) IS NOT NULL`],
];

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Each header's platform name: validation's suggestion (`customerID` -> `customer_id`), cut to the 63 characters a dataset column may have. */
function platformNames(header: readonly string[]): string[] {
  const rename = suggestColumnNames(header);
  const taken = new Set<string>();
  return header.map((h) => distinctName(rename[h] ?? h, taken));
}

/** What DuckDB's sniffer detects on a sample. */
interface Sniffed {
  Delimiter: string;
  HasHeader: boolean;
}

/** The header cells of a file, refused when the first row is missing, looks like data, or names a column twice or not at all. */
async function readHeader(session: Session, path: string, file: string, sampleRows: number): Promise<{ header: string[]; delimiter: string }> {
  let head: Buffer;
  try {
    head = await readHead(path);
  } catch (err) {
    throw initErrors.unreadable(file, err);
  }
  if (head.toString('utf8').trim() === '') throw initErrors.noHeader(file, 'the file is empty');
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) || head.subarray(0, 4096).includes(0)) {
    throw initErrors.unreadable(file, new Error('it looks like UTF-16 (byte order mark or NUL bytes); export it as UTF-8'));
  }
  let sniffed: Sniffed | undefined;
  try {
    [sniffed] = await session.rows<Sniffed>(`SELECT Delimiter, HasHeader FROM sniff_csv(${str(path)}, sample_size = ${sampleRows})`);
  } catch (err) {
    throw initErrors.unreadable(file, err);
  }
  if (!sniffed) throw initErrors.unreadable(file, new Error('DuckDB could not detect its dialect'));
  const delimiter = sniffed.Delimiter.length === 1 ? sniffed.Delimiter : ',';
  const firstLine = head.toString('utf8').split(/\r?\n/, 1)[0]!;
  let header: string[];
  try {
    header = (parse(firstLine, { bom: true, to: 1, relax_column_count: true, delimiter }) as string[][])[0] ?? [];
  } catch (err) {
    throw initErrors.unreadable(file, err);
  }
  const dataLike = header.filter((h) => new RegExp(`^(?:${NUMBER}|${DATE}.*)$`).test(h));
  if (!sniffed.HasHeader || dataLike.length > 0) {
    throw initErrors.noHeader(file, `the first row reads as data${dataLike.length > 0 ? `: ${dataLike.slice(0, 3).map((h) => JSON.stringify(h)).join(', ')}` : ''}`);
  }
  const empty = header.findIndex((h) => h.trim() === '');
  if (empty >= 0) throw initErrors.badHeader(file, `has no name for column ${empty + 1}`);
  const twice = header.find((h, i) => header.indexOf(h) !== i);
  if (twice !== undefined) throw initErrors.badHeader(file, `names column ${JSON.stringify(twice)} twice`);
  return { header, delimiter };
}

// Text of only these is missing, as in the validation engine: space, tab, line feed, vertical tab, form feed, carriage return.
const BLANKS = "' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)";
const present = (c: string) => `trim(${c}, ${BLANKS}) <> ''`;

/** One pass over all rows: per column j, present (p), blank (b), distinct (d) counts, the few values (v), leading zeros (z), values failing each type (x<j>_<t>). */
async function scanColumns(session: Session, from: string, names: string[]): Promise<Record<string, unknown>> {
  const parts = ['count(*) AS rows'];
  names.forEach((name, j) => {
    const c = ident(name);
    const p = `FILTER (WHERE ${present(c)})`;
    parts.push(
      `count(*) ${p} AS p${j}`,
      `count(*) FILTER (WHERE ${c} IS NOT NULL AND trim(${c}, ${BLANKS}) = '') AS b${j}`,
      `count(DISTINCT ${c}) ${p} AS d${j}`,
      `CASE WHEN count(DISTINCT ${c}) ${p} <= ${VALUES_MAX} THEN list(DISTINCT ${c}) ${p} END AS v${j}`,
      `count(*) FILTER (WHERE ${present(c)} AND regexp_matches(${c}, '^[+-]?0[0-9]')) AS z${j}`,
      ...TYPE_TESTS.map(([, test], t) => `count(*) FILTER (WHERE ${present(c)} AND NOT coalesce(${test(c)}, FALSE)) AS x${j}_${t}`),
    );
  });
  const [row] = await session.rows<Record<string, unknown>>(`SELECT ${parts.join(', ')} FROM ${from}`);
  return row!;
}

/** The first type no present value fails (integers and numbers with leading zeros stay text, as in the engine). */
function typeOf(row: Record<string, unknown>, j: number): { type: ColumnType; malformed: number } {
  const present = Number(row[`p${j}`]);
  if (present === 0) return { type: 'string', malformed: 0 };
  const zeros = Number(row[`z${j}`]) > 0;
  const fits = TYPE_TESTS.map(([type], t) => ({ type, bad: Number(row[`x${j}_${t}`]) })).filter(({ type }) => !((type === 'integer' || type === 'number') && zeros));
  const exact = fits.find((f) => f.bad === 0);
  if (exact) return { type: exact.type, malformed: 0 };
  // Dirty exports: a type that all but a few values have (not boolean: two odd values make a yes/no column text).
  const [best] = fits.filter((f) => f.type !== 'boolean' && f.bad <= MALFORMED_MAX * present).sort((a, b) => a.bad - b.bad);
  return best ? { type: best.type, malformed: best.bad } : { type: 'string', malformed: 0 };
}

async function keyPairs(session: Session, from: string, columns: ColumnProfile[], rows: number): Promise<KeyPair[]> {
  const complete = columns.filter((c) => c.present === rows);
  const ids = complete.filter((c) => isId(c.name));
  const seconds = complete.filter((c) => isId(c.name) || c.type === 'date' || c.type === 'timestamp');
  const pairs: Array<readonly [string, string]> = [];
  for (const a of ids) for (const b of seconds) if (a.name !== b.name && !pairs.some(([x, y]) => x === b.name && y === a.name)) pairs.push([a.name, b.name]);
  if (pairs.length === 0) return [];
  const kept = pairs.slice(0, PAIRS_MAX);
  const [row] = await session.rows<Record<string, number>>(
    `SELECT ${kept.map(([a, b], i) => `count(DISTINCT (${ident(a)}, ${ident(b)})) AS u${i}`).join(', ')} FROM ${from}`,
  );
  return kept.map((columns, i) => ({ columns, distinct: row![`u${i}`]! })).filter((p) => p.distinct >= NEARLY_DISTINCT * rows);
}

/**
 * Profiles one CSV file with DuckDB: the dialect and whether there is a header from DuckDB's sniffer on a sample
 * of `sampleRows` rows, then over all rows, every column read as text: present and blank cells, distinct values
 * (listed when few), the narrowest type by the validation engine's rules, and the (nearly) unique pairs of id and date columns.
 *
 * @throws PlatformError CHURN_INIT_NO_HEADER, CHURN_INIT_BAD_HEADER, CHURN_INIT_NO_ROWS or CHURN_INIT_UNREADABLE_CSV.
 */
export async function profileCsv(session: Session, path: string, table: string, sampleRows: number): Promise<TableProfile> {
  const file = basename(path);
  const { header, delimiter } = await readHeader(session, path, file, sampleRows);
  const names = platformNames(header);
  const spec = `{${names.map((n) => `${str(n)}: 'VARCHAR'`).join(', ')}}`;
  const from = `read_csv(${str(path)}, header = true, auto_detect = false, delim = ${str(delimiter)}, quote = '"', escape = '"', columns = ${spec}, ignore_errors = true)`;
  let row: Record<string, unknown>;
  try {
    row = await scanColumns(session, from, names);
  } catch (err) {
    throw initErrors.unreadable(file, err);
  }
  const rows = Number(row.rows);
  if (rows === 0) throw initErrors.noRows(file);
  const columns = names.map((name, j): ColumnProfile => {
    const values = (row[`v${j}`] as string[] | null) ?? null;
    return {
      header: header[j]!,
      name,
      ...typeOf(row, j),
      present: Number(row[`p${j}`]),
      blank: Number(row[`b${j}`]),
      distinct: Number(row[`d${j}`]),
      values: values ? [...values].sort() : null,
    };
  });
  return { file, path, table, delimiter, rows, columns, keyPairs: await keyPairs(session, from, columns, rows) };
}
