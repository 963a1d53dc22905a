import { parse } from 'csv-parse/sync';
import { type ColumnMapping, mappedObjectSql, resolveMapping } from './column-mapping';
import type { ColumnSql } from './column-sql';
import type { Session } from './duckdb-session';
import type { RejectedRow } from './load-csv';
import { ident, str } from './sql';

/** Rejected CSV rows of one input, with the names of their cells (the platform name per field; null for a dropped column). */
export interface InputRejects {
  input: number;
  header: Array<string | null>;
  rows: RejectedRow[];
}

/**
 * The value a valid row carries for a column: typed, null when missing (or untypeable in a warn column). In Parquet
 * every column has its SQL type: VARCHAR, BIGINT, DOUBLE, BOOLEAN, DATE and TIMESTAMP (the instant in UTC, to the
 * millisecond the engine reads; Parquet INT64 TIMESTAMP(MICROS, isAdjustedToUTC=false)). NDJSON carries dates and
 * timestamps as their text.
 */
function outputValue(c: ColumnSql, format: 'ndjson' | 'parquet'): string {
  const i = c.index;
  switch (c.spec.type) {
    case 'integer':
      return format === 'parquet' ? `CAST(v${i} AS BIGINT)` : `v${i}`;
    case 'number':
      return format === 'parquet' ? `CAST(v${i} AS DOUBLE)` : `v${i}`;
    case 'boolean':
      return format === 'parquet' ? `CAST(v${i} AS BOOLEAN)` : `v${i}`;
    case 'timestamp':
      // v is epoch milliseconds (UTC): make_timestamp takes microseconds.
      return format === 'parquet' ? `make_timestamp(v${i} * 1000)` : `CASE WHEN v${i} IS NOT NULL THEN r${i} END`;
    case 'date': {
      const text = `CASE WHEN m${i} OR coalesce(e${i} IN ('type', 'format'), FALSE) THEN NULL ELSE r${i} END`;
      return format === 'parquet' ? `TRY_CAST(${text} AS DATE)` : text;
    }
    default:
      return `CASE WHEN m${i} OR coalesce(e${i} = 'type', FALSE) THEN NULL ELSE r${i} END`;
  }
}

/** Writes the valid rows (suite columns in suite order, typed) in file order. */
export async function writeValid(session: Session, columns: readonly ColumnSql[], path: string, format: 'ndjson' | 'parquet'): Promise<void> {
  const select = columns.map((c) => `${outputValue(c, format)} AS ${ident(c.name)}`).join(', ');
  const options = format === 'ndjson' ? 'FORMAT json' : "FORMAT parquet, COMPRESSION 'snappy'";
  await session.exec(`COPY (SELECT ${select} FROM chk WHERE _ok AND NOT _dup AND NOT _sup) TO ${str(path)} (${options})`);
}

/**
 * Defines `churn_line(input, rowid, line)`: an NDJSON row's own line, or a CSV
 * row's line from its position in its input, moved down by the rows the reader
 * rejected before it (exact unless a quoted cell spans lines).
 */
export async function defineLines(session: Session, rejects: readonly InputRejects[]): Promise<void> {
  await session.exec('CREATE TABLE starts AS SELECT _input, min(rowid) AS start FROM chk GROUP BY _input');
  // Reject j (1-based, by line) of an input stands after (line - j - 1) accepted data rows.
  const values = rejects.flatMap((r) => r.rows.map((row, j) => `(${r.input}, ${row.line - (j + 1) - 1})`));
  await session.exec(`CREATE TABLE rej_adj (input INTEGER, before BIGINT)`);
  if (values.length > 0) await session.exec(`INSERT INTO rej_adj VALUES ${values.join(', ')}`);
  await session.exec(`CREATE MACRO churn_line(inp, rid, ln) AS coalesce(ln,
    rid - (SELECT start FROM starts WHERE starts._input = inp) + 2
      + (SELECT count(*) FROM rej_adj WHERE rej_adj.input = inp AND rej_adj.before < rid - (SELECT start FROM starts WHERE starts._input = inp) + 1))`);
}

/** Builds table `issues`: the rows that are quarantined or flagged (superseded rows are neither), with their line and order (`_ord`). */
export async function collectIssues(session: Session, columns: readonly ColumnSql[]): Promise<void> {
  const anyIssue = ['NOT _ok', '_dup', ...columns.map((c) => `e${c.index} IS NOT NULL`)].join(' OR ');
  await session.exec(`CREATE TABLE issues AS SELECT * REPLACE (churn_line(_input, rowid, _line) AS _line), rowid AS _ord FROM chk WHERE (${anyIssue}) AND NOT _sup`);
}

// Each error is its own JSON object: one of a renamed column also names the raw column it was read from (`rawColumn`).
function errorList(columns: readonly ColumnSql[], key: readonly ColumnSql[], mapping: ColumnMapping): string {
  const resolved = resolveMapping(mapping);
  const items = columns
    .filter((c) => c.spec.severity !== 'warn')
    .map((c) => {
      const message = `CASE e${c.index} ${Object.entries(c.messages).map(([rule, m]) => `WHEN ${str(rule)} THEN ${str(m)}`).join(' ')} END`;
      const raw = resolved.rawOf(c.name);
      const rawColumn = raw !== undefined && raw !== c.name ? `, 'rawColumn': ${str(raw)}` : '';
      return `CASE WHEN e${c.index} IS NOT NULL THEN to_json({'column': ${str(c.name)}${rawColumn}, 'rule': e${c.index}, 'message': ${message}, 'value': r${c.index}}) END`;
    });
  if (key.length > 0) {
    const keyText = `concat_ws('/', ${key.map((c) => `r${c.index}`).join(', ')})`;
    items.push(`CASE WHEN _dup THEN to_json({'column': ${str(key[0]!.name)}, 'rule': 'duplicate-key',
      'message': 'key "' || ${keyText} || '" already seen on an earlier ' || CASE WHEN _after_valid THEN 'valid' ELSE 'quarantined' END || ' record of this delivery',
      'value': ${keyText}}) END`);
  }
  items.push(`CASE WHEN _rowerr IS NOT NULL THEN to_json({'column': NULL::VARCHAR, 'rule': 'json', 'message': _rowerr, 'value': left(_txt, 200)}) END`);
  return `to_json(list_filter([${items.join(',\n ')}], x -> x IS NOT NULL))`;
}

function rejectedRaw(names: ReadonlyArray<string | null>, text: string): Record<string, string> {
  let cells: string[] = [];
  try {
    cells = (parse(text, { relax_column_count: true, relax_quotes: true }) as string[][])[0] ?? [];
  } catch {
    return { __line: text };
  }
  const raw: Record<string, string> = {};
  cells.forEach((cell, i) => {
    const name = i < names.length ? names[i]! : `__field_${i + 1}`;
    if (name !== null) raw[name] = cell;
  });
  return raw;
}

/**
 * Writes the quarantine as NDJSON: per rejected row `{line, raw, errors}` (plus
 * `input` when there are several inputs), in input then line order. `raw` is
 * the CSV row's cells by header (as strings) or the NDJSON line's object (its
 * text when it is none), named as the suite names them (the source's column
 * mapping applied, dropped columns left out); `errors` are `{column,
 * rawColumn?, rule, message, value}`, `rawColumn` for a renamed column.
 */
export async function writeQuarantine(
  session: Session,
  columns: readonly ColumnSql[],
  key: readonly ColumnSql[],
  extras: readonly string[],
  rejects: readonly InputRejects[],
  path: string,
  withInput: boolean,
  mapping: ColumnMapping = {},
): Promise<number> {
  const cells = [...columns.map((c) => `${ident(c.name)} := coalesce(r${c.index}, '')`), ...extras.map((name, j) => `${ident(name)} := coalesce(u${j}, '')`)];
  const object = resolveMapping(mapping).active ? mappedObjectSql('_txt', mapping) : 'json(_txt)';
  const raw = `CASE WHEN _txt IS NULL THEN to_json(struct_pack(${cells.join(', ')})) WHEN _rowerr IS NULL THEN ${object} ELSE to_json(_txt) END`;
  await session.exec(`CREATE TABLE bad AS SELECT _input, _line, ${raw} AS raw, ${errorList(columns, key, mapping)} AS errors FROM issues WHERE NOT _ok OR _dup`);
  const rows = rejects.flatMap((r) =>
    r.rows.map((row) => {
      const errors = [{ column: null, rule: 'column-count', message: row.message, value: null }];
      return `(${r.input}, ${row.line}, ${str(JSON.stringify(rejectedRaw(r.header, row.text)))}::JSON, ${str(JSON.stringify(errors))}::JSON)`;
    }),
  );
  if (rows.length > 0) await session.exec(`INSERT INTO bad VALUES ${rows.join(', ')}`);
  await session.exec(
    `COPY (SELECT ${withInput ? '_input AS input, ' : ''}_line AS line, raw, errors FROM bad ORDER BY _input, _line) TO ${str(path)} (FORMAT json)`,
  );
  const [count] = await session.rows<{ n: number }>('SELECT count(*) AS n FROM bad');
  return count?.n ?? 0;
}
