import { stat } from 'node:fs/promises';
import type { HeaderProblem } from '../validation-issue';
import { pointerTo, resolveMapping, type ResolvedMapping, withRaw } from './column-mapping';
import { ignoredMessage } from './header-check';
import { engineErrors } from './engine-errors';
import type { Session } from './duckdb-session';
import { ident, str } from './sql';

export interface LoadedNdjson {
  table: string;
  headerProblems: HeaderProblem[];
}

const KIND_WORD = `CASE _jt WHEN 'ARRAY' THEN 'array' WHEN 'VARCHAR' THEN 'string' WHEN 'BOOLEAN' THEN 'boolean' WHEN 'NULL' THEN 'null' ELSE 'number' END`;

/**
 * Loads one NDJSON file into table `table`: per non-blank line its 1-based
 * `_line`, its text `_txt`, `_rowerr` when it is no JSON object, and per suite
 * column i the value's JSON type `k<i>` (VARCHAR, BIGINT, UBIGINT, DOUBLE,
 * BOOLEAN, NULL; NULL when absent) and text `r<i>`, read from the property the
 * source's column mapping names (`columns.rename`: the raw property; dropped
 * properties are not read). Properties outside the suite are reported once
 * each as `unknown-column`. Invalid UTF-8 fails with CHURN_VALIDATION_BAD_ENCODING.
 */
export async function loadNdjson(session: Session, path: string, table: string, columns: readonly string[], mapping: ResolvedMapping = resolveMapping()): Promise<LoadedNdjson> {
  // read_text takes a glob: a path that matches nothing would read as an empty file.
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file');
  } catch (err) {
    throw engineErrors.unreadable(path, err);
  }
  // Column i is read from position at[i] of the extracted values; a column whose raw property is renamed away or dropped reads nothing.
  const raws = columns.map((c) => mapping.rawOf(c));
  const paths = raws.filter((r): r is string => r !== undefined);
  const at = raws.map((r) => (r === undefined ? 0 : paths.indexOf(r) + 1));
  const perColumn = columns
    .map((_, i) => (at[i] === 0 ? `NULL::VARCHAR AS k${i}, NULL::VARCHAR AS r${i}` : `json_type(_vals[${at[i]}]) AS k${i}, (_vals[${at[i]}] ->> '$') AS r${i}`))
    .join(',\n  ');
  const extract = paths.length > 0 ? `json_extract(_txt, [${paths.map((p) => str(pointerTo(p))).join(', ')}])` : 'NULL::JSON[]';
  try {
    await session.exec(`CREATE TABLE ${ident(table)} AS
WITH l AS (SELECT generate_subscripts(parts, 1) AS _line, unnest(parts) AS _txt FROM (SELECT string_split(content, chr(10)) AS parts FROM read_text(${str(path)}))),
 p AS (SELECT _line, rtrim(_txt, chr(13)) AS _txt FROM l WHERE trim(_txt, ' ' || chr(9) || chr(13)) <> ''),
 v AS (SELECT _line, _txt, json_valid(_txt) AS _ok FROM p),
 t AS (SELECT *, CASE WHEN _ok THEN json_type(_txt) END AS _jt FROM v),
 x AS (SELECT *, CASE WHEN _jt = 'OBJECT' THEN ${extract} END AS _vals FROM t)
SELECT _line, _txt,
  CASE WHEN NOT _ok THEN 'line is not valid JSON' WHEN _jt <> 'OBJECT' THEN 'line holds a JSON ' || ${KIND_WORD} || ', not an object' END AS _rowerr${perColumn ? `,\n  ${perColumn}` : ''}
FROM x`);
  } catch (err) {
    const message = (err as Error).message;
    if (/unicode|utf-?8|encoding/i.test(message)) throw engineErrors.badEncoding(path, undefined, message.split('\n')[0]!);
    throw err;
  }
  const keys = await session.rows<{ key: string }>(
    `SELECT DISTINCT unnest(json_keys(_txt)) AS key FROM ${ident(table)} WHERE _rowerr IS NULL ORDER BY key`,
  );
  const headerProblems: HeaderProblem[] = [];
  for (const { key: raw } of keys) {
    const name = mapping.nameOf(raw);
    const shadowedBy = mapping.shadowed(raw);
    if (shadowedBy !== undefined) headerProblems.push({ column: raw, rule: 'unknown-column', message: ignoredMessage(raw, shadowedBy, 'property') });
    else if (name !== undefined && !columns.includes(name)) {
      headerProblems.push({ column: name, ...(name !== raw ? { rawColumn: raw } : {}), rule: 'unknown-column', message: `unexpected property ${withRaw(name, raw)}` });
    }
  }
  return { table, headerProblems };
}
