import type { Session } from '../engine/duckdb-session';
import { openSession } from '../engine/duckdb-session';
import { prepareCsv } from '../engine/load-csv';
import { loadNdjson } from '../engine/load-ndjson';
import { ident } from '../engine/sql';
import { SUITE_NAME_PATTERN } from './suites-schema';

const NAME = new RegExp(SUITE_NAME_PATTERN);

/** A sample of a source: a local file as ingestion lands it; a CSV may say its delimiter (default ","). */
export type SampleInput = { path: string; format: 'csv' | 'ndjson'; delimiter?: string };

// Latin letters that NFKD does not take apart.
const LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D' };

/** `customerID` -> `customer_id`, `Tenure in Months` -> `tenure_in_months`, `StreamingTV` -> `streaming_tv`. */
function snakeCase(header: string): string {
  const words = header
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæÆœŒøØłŁđĐ]/g, (c) => LETTERS[c]!)
    // Word boundaries inside camelCase: aB, 9B, and ABc (the end of an acronym).
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (words === '') return '';
  return /^[0-9]/.test(words) ? `col_${words}` : words;
}

/**
 * Platform names for the headers (or NDJSON property names) a suite cannot hold: a rename map to put in the
 * source's `columns.rename`. Each is snake_cased (`customerID` -> `customer_id`, `Tenure in Months` ->
 * `tenure_in_months`, `SeniorCitizen` -> `senior_citizen`); accents are dropped, a leading digit gets `col_`, a
 * header with no letter or digit becomes `column_<n>` (its position), and a name already taken (by another header,
 * or by `options.taken`) gets `_2`, `_3`... Headers that match `^[a-z][a-z0-9_]*$` keep their name and are not in
 * the map.
 *
 * @example suggestColumnNames(['customerID', 'gender', 'TotalCharges']) // { customerID: 'customer_id', TotalCharges: 'total_charges' }
 */
export function suggestColumnNames(headers: readonly string[], options: { taken?: Iterable<string> } = {}): Record<string, string> {
  const taken = new Set([...(options.taken ?? []), ...headers.filter((h) => NAME.test(h))]);
  const rename: Record<string, string> = {};
  headers.forEach((header, i) => {
    if (NAME.test(header) || Object.hasOwn(rename, header)) return;
    const base = snakeCase(header) || `column_${i + 1}`;
    let name = base;
    for (let n = 2; taken.has(name); n += 1) name = `${base}_${n}`;
    taken.add(name);
    rename[header] = name;
  });
  return rename;
}

/** The mapping part of a source's `columns` (with any other fields it carries, such as `types`). */
type Columns = { rename?: Readonly<Record<string, string>>; drop?: readonly string[] };

/**
 * The source's `columns` with a rename proposed (see {@link suggestColumnNames}) for each header a suite cannot hold
 * that they neither rename nor drop; the given renames win. Unchanged when nothing needs a new name.
 *
 * @example withSuggestedNames(await sampleColumns(inputs), { drop: ['Notes'] }) // { drop: ['Notes'], rename: { customerID: 'customer_id' } }
 */
export function withSuggestedNames<C extends Columns>(headers: readonly string[], columns: C): C {
  const covered = new Set([...Object.keys(columns.rename ?? {}), ...(columns.drop ?? [])]);
  const proposed = suggestColumnNames(
    headers.filter((h) => !covered.has(h)),
    { taken: Object.values(columns.rename ?? {}) },
  );
  return Object.keys(proposed).length === 0 ? columns : { ...columns, rename: { ...proposed, ...columns.rename } };
}

/** Raw column names of a sample, in order of first appearance (CSV header order, NDJSON property order); a session is opened when none is given. */
export async function sampleColumns(inputs: readonly SampleInput[], session?: Session): Promise<string[]> {
  const own = session ? undefined : await openSession();
  const s = (session ?? own)!;
  try {
    const names: string[] = [];
    const add = (name: string) => !names.includes(name) && names.push(name);
    for (const [index, input] of inputs.entries()) {
      if (input.format === 'csv') {
        (await prepareCsv(input.path, `probe${index}`, [], undefined, { ...(input.delimiter ? { delimiter: input.delimiter } : {}) })).header.forEach(add);
        continue;
      }
      const table = `probe${index}`;
      await loadNdjson(s, input.path, table, ['_']);
      const keys = await s.rows<{ key: string }>(
        `SELECT key FROM (SELECT _line, unnest(json_keys(_txt)) AS key, generate_subscripts(json_keys(_txt), 1) AS pos
           FROM ${ident(table)} WHERE _rowerr IS NULL) GROUP BY key ORDER BY min(_line), arg_min(pos, _line)`,
      );
      keys.forEach((k) => add(k.key));
    }
    return names;
  } finally {
    own?.close();
  }
}
