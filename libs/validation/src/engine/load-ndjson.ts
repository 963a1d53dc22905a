import { stat } from 'node:fs/promises';
import type { HeaderProblem } from '../validation-issue';
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
 * BOOLEAN, NULL; NULL when absent) and text `r<i>`. Properties outside the
 * suite are reported once each as `unknown-column`. Invalid UTF-8 fails with
 * CHURN_VALIDATION_BAD_ENCODING.
 */
export async function loadNdjson(session: Session, path: string, table: string, columns: readonly string[]): Promise<LoadedNdjson> {
  // read_text takes a glob: a path that matches nothing would read as an empty file.
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file');
  } catch (err) {
    throw engineErrors.unreadable(path, err);
  }
  const paths = `[${columns.map((c) => str(`$."${c}"`)).join(', ')}]`;
  const perColumn = columns.map((_, i) => `json_type(_vals[${i + 1}]) AS k${i}, (_vals[${i + 1}] ->> '$') AS r${i}`).join(',\n  ');
  try {
    await session.exec(`CREATE TABLE ${ident(table)} AS
WITH l AS (SELECT generate_subscripts(parts, 1) AS _line, unnest(parts) AS _txt FROM (SELECT string_split(content, chr(10)) AS parts FROM read_text(${str(path)}))),
 p AS (SELECT _line, rtrim(_txt, chr(13)) AS _txt FROM l WHERE trim(_txt, ' ' || chr(9) || chr(13)) <> ''),
 v AS (SELECT _line, _txt, json_valid(_txt) AS _ok FROM p),
 t AS (SELECT *, CASE WHEN _ok THEN json_type(_txt) END AS _jt FROM v),
 x AS (SELECT *, CASE WHEN _jt = 'OBJECT' THEN json_extract(_txt, ${paths}) END AS _vals FROM t)
SELECT _line, _txt,
  CASE WHEN NOT _ok THEN 'line is not valid JSON' WHEN _jt <> 'OBJECT' THEN 'line holds a JSON ' || ${KIND_WORD} || ', not an object' END AS _rowerr,
  ${perColumn}
FROM x`);
  } catch (err) {
    const message = (err as Error).message;
    if (/unicode|utf-?8|encoding/i.test(message)) throw engineErrors.badEncoding(path, undefined, message.split('\n')[0]!);
    throw err;
  }
  const keys = await session.rows<{ key: string }>(
    `SELECT DISTINCT unnest(json_keys(_txt)) AS key FROM ${ident(table)} WHERE _rowerr IS NULL ORDER BY key`,
  );
  const known = new Set(columns);
  const headerProblems: HeaderProblem[] = keys
    .filter((k) => !known.has(k.key))
    .map((k) => ({ column: k.key, rule: 'unknown-column', message: `unexpected property "${k.key}"` }));
  return { table, headerProblems };
}
