import { open } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { resolveMapping, type ResolvedMapping } from './column-mapping';
import type { CsvDialect } from './engine-types';
import { checkHeaderAgainst } from './header-check';
import type { HeaderProblem } from '../validation-issue';
import { engineErrors } from './engine-errors';
import type { Session } from './duckdb-session';
import { ident, str } from './sql';

/** A CSV row the reader could not split into the header's columns: quarantined as `column-count`. */
export interface RejectedRow {
  line: number;
  text: string;
  message: string;
}

export interface CsvScan {
  /** The read_csv(...) expression (in a projection when a column mapping renames or drops): every kept column as VARCHAR, in file order, by its platform name. */
  from: string;
  /** The columns `from` gives: the header's, renamed, dropped ones left out. */
  header: string[];
  /** Per field of a line, the platform name of its column (null when dropped): names the cells of rejected rows. */
  cellNames: Array<string | null>;
  headerProblems: HeaderProblem[];
  /** Where DuckDB stores the rows it rejected while scanning. */
  rejectsTable: string;
}

const HEAD_BYTES = 1 << 16;
const ROW_LEVEL = new Set(['MISSING COLUMNS', 'TOO MANY COLUMNS']);

async function readHead(path: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw engineErrors.unreadable(path, err);
  }
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function headerOf(path: string, head: Buffer, delimiter: string): string[] {
  if (head.length === 0 || head.toString('utf8').trim() === '') throw engineErrors.badHeader(path, ['the file is empty (no header row)'], []);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) || head.subarray(0, 4096).includes(0)) {
    throw engineErrors.badEncoding(path, 1, 'it looks like UTF-16 (byte order mark or NUL bytes); export it as UTF-8');
  }
  const firstLine = head.toString('utf8').split(/\r?\n/, 1)[0]!;
  try {
    const [header] = parse(firstLine, { bom: true, to: 1, relax_column_count: true, delimiter }) as string[][];
    return header ?? [];
  } catch (err) {
    throw engineErrors.malformedCsv(path, 1, `the header cannot be read: ${(err as Error).message}`, firstLine);
  }
}

// A header read as one field that splits cleanly on another delimiter names the likely mistake.
function delimiterHint(header: string[], expected: readonly string[], delimiter: string): string | undefined {
  if (header.length !== 1) return undefined;
  for (const d of [',', ';', '\t', '|'].filter((c) => c !== delimiter)) {
    const parts = header[0]!.split(d);
    if (parts.length > 1 && expected.some((c) => parts.includes(c))) {
      return `the header is one field that splits on ${JSON.stringify(d)}: the file is ${JSON.stringify(d)}-delimited, expected ${JSON.stringify(delimiter)} (the source's csv.delimiter)`;
    }
  }
  return undefined;
}

/**
 * Prepares the scan of one CSV, every column as VARCHAR (malformed values stay
 * visible to the rules). The source's column mapping renames and drops header
 * columns first (the file is read as it is). The header is checked then: an
 * empty file, suite columns missing or named twice fail with
 * CHURN_VALIDATION_BAD_HEADER (naming a wrong delimiter when that is the
 * cause); unknown columns are reported and carried along. Call
 * {@link csvRejects} once the scan has run.
 */
export async function prepareCsv(
  path: string,
  name: string,
  columns: readonly string[],
  mapping: ResolvedMapping = resolveMapping(),
  dialect: CsvDialect = {},
): Promise<CsvScan> {
  const delimiter = dialect.delimiter ?? ',';
  const raw = headerOf(path, await readHead(path), delimiter);
  const problems = checkHeaderAgainst(columns, raw, mapping);
  const fatal = problems.filter((p) => p.rule !== 'unknown-column');
  if (fatal.length > 0) {
    const hint = delimiterHint(raw, columns.map((c) => mapping.rawOf(c) ?? c), delimiter);
    throw engineErrors.badHeader(path, hint ? [hint] : fatal.map((p) => p.message), raw);
  }
  const spec = `{${raw.map((c) => `${str(c)}: 'VARCHAR'`).join(', ')}}`;
  const rejectsTable = `${name}_rejects`;
  const scan = `read_csv(${str(path)}, header = true, auto_detect = false, delim = ${str(delimiter)}, quote = '"', escape = '"',
    columns = ${spec}, encoding = 'utf-8', store_rejects = true, rejects_table = ${str(rejectsTable)}, rejects_scan = ${str(`${rejectsTable}_scan`)})`;
  const cellNames = raw.map((c) => mapping.nameOf(c) ?? null);
  const header = cellNames.filter((c): c is string => c !== null);
  const kept = raw.flatMap((c, i) => (cellNames[i] === null ? [] : [`${ident(c)} AS ${ident(cellNames[i]!)}`]));
  const mapped = cellNames.some((c, i) => c !== raw[i]);
  const from = mapped ? `(SELECT ${kept.length > 0 ? kept.join(', ') : 'NULL::VARCHAR AS _none'} FROM ${scan})` : scan;
  return { from, header, cellNames, headerProblems: problems, rejectsTable };
}

/**
 * What the scan of a CSV rejected. Rows with too few or too many fields come
 * back (quarantined as column-count, not fatal). Broken quoting fails with
 * CHURN_VALIDATION_MALFORMED_CSV and invalid UTF-8 with
 * CHURN_VALIDATION_BAD_ENCODING, naming file and line: past either, no row
 * boundary or value can be trusted.
 */
export async function csvRejects(session: Session, path: string, scan: CsvScan): Promise<RejectedRow[]> {
  const errors = await session.rows<{ line: number; error_type: string; csv_line: string | null; error_message: string }>(
    `SELECT line, error_type, csv_line, error_message FROM ${ident(scan.rejectsTable)} ORDER BY line`,
  );
  const fatalError = errors.find((e) => !ROW_LEVEL.has(e.error_type));
  if (fatalError) {
    if (fatalError.error_type === 'INVALID ENCODING') throw engineErrors.badEncoding(path, fatalError.line, fatalError.error_message);
    throw engineErrors.malformedCsv(path, fatalError.line, `${fatalError.error_message} (${fatalError.error_type.toLowerCase()})`, fatalError.csv_line ?? undefined);
  }
  // One reject per line (a row may be reported for several columns).
  const rejected = new Map<number, RejectedRow>();
  for (const e of errors) if (!rejected.has(e.line)) rejected.set(e.line, { line: e.line, text: e.csv_line ?? '', message: e.error_message });
  return [...rejected.values()];
}
