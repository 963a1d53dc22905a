import { PlatformError } from '@churn/core';
import { buildChecked, type LoadedInput } from '../engine/build-checked';
import { columnMappingProblems, resolveMapping, type ColumnMapping, type ResolvedMapping } from '../engine/column-mapping';
import { compileColumn, type ColumnSql } from '../engine/column-sql';
import { openSession, type Session } from '../engine/duckdb-session';
import { engineErrors } from '../engine/engine-errors';
import { csvRejects, prepareCsv, type CsvScan } from '../engine/load-csv';
import { loadNdjson } from '../engine/load-ndjson';
import { ident } from '../engine/sql';
import { widenedRange } from './suggest-bounds';
import { sampleColumns, suggestColumnNames, type SampleInput } from './suggest-columns';
import type { ColumnSpec, ColumnType, ExpectationSuite, SuiteCheck } from './suite-types';
import { SUITE_NAME_PATTERN } from './suites-schema';

export const UNSUITABLE_SAMPLE = 'CHURN_VALIDATION_UNSUITABLE_SAMPLE';

/** The source's `columns` in sources.json: the mapping the validator applies, and type hints for the suggester. */
export interface SuggestColumns extends ColumnMapping {
  /** Types by platform name: taken as they are instead of the inferred ones. */
  types?: Readonly<Record<string, ColumnType>>;
}

/** Options of {@link suggestSuite}. */
export interface SuggestSuiteOptions {
  source: string;
  /** The sample: one or more local files of the source, as ingestion lands them (the raw headers). */
  inputs: SampleInput[];
  /** The source's column mapping and type hints: the suite is suggested on the renamed columns, dropped ones left out. */
  columns?: SuggestColumns;
  /** Key columns (platform names); default the first `id` / `*_id` column that is present and distinct in every row. */
  key?: string[];
  /** Profile only the first n rows (default all). */
  sampleRows?: number;
}

// Narrowest first: the first type every present value satisfies wins; string accepts any CSV text.
const CANDIDATES: readonly ColumnType[] = ['integer', 'number', 'boolean', 'date', 'timestamp', 'string'];
// Bounds need no as-of day here: candidate columns have none.
const PROBE_AS_OF = '2000-01-01';
const ENUM_MAX = 20;
const ID_NAME = /^(?:id|.*_id|.*_code|.*_number|.*_ref)$/;
const SHAPE_TOKENS: Record<string, string> = { A: '[A-Z]+', a: '[a-z]+', '9': '[0-9]+', '-': '-', _: '_' };

const unsuitable = (reason: string, context: Record<string, unknown> = {}) =>
  new PlatformError(UNSUITABLE_SAMPLE, reason, { retriable: false, context });

/** Column names across the inputs once the mapping is applied, in order of first appearance (CSV header order, NDJSON property order). */
async function discoverColumns(session: Session, options: SuggestSuiteOptions, mapping: ResolvedMapping): Promise<string[]> {
  const names = [...new Set((await sampleColumns(options.inputs, session)).flatMap((raw) => mapping.nameOf(raw) ?? []))];
  const bad = names.filter((n) => !new RegExp(SUITE_NAME_PATTERN).test(n));
  if (bad.length > 0) {
    const rename = suggestColumnNames(bad, { taken: names });
    throw unsuitable(
      `column names a suite cannot hold (they must match ${SUITE_NAME_PATTERN}): ${bad.map((b) => JSON.stringify(b)).join(', ')}; ` +
        `rename them in the source's columns.rename, e.g. ${JSON.stringify(rename)}`,
      { columns: bad, rename },
    );
  }
  if (names.length === 0) throw unsuitable(`the sample of ${options.source} has no columns (no header, or no JSON object line)`);
  return names;
}

/** Loads every input into `chk` with one candidate column per column and type: column j, type t is index j * 6 + t. */
async function loadCandidates(session: Session, options: SuggestSuiteOptions, names: readonly string[], mapping: ResolvedMapping): Promise<ColumnSql[]> {
  const candidates = names.flatMap((name, j) => CANDIDATES.map((type, t) => compileColumn(name, { type }, j * CANDIDATES.length + t, PROBE_AS_OF)));
  const inputs: LoadedInput[] = [];
  const scans = new Map<number, CsvScan>();
  for (const [index, input] of options.inputs.entries()) {
    if (input.format === 'csv') {
      const scan = await prepareCsv(input.path, `in${index}`, names, mapping, { ...(input.delimiter ? { delimiter: input.delimiter } : {}) });
      scans.set(index, scan);
      inputs.push({ index, format: 'csv', from: scan.from, header: scan.header, delivery: 0 });
    } else {
      // The NDJSON loader extracts column i as k<i>/r<i>: each column once per candidate type.
      const loaded = await loadNdjson(session, input.path, `in${index}`, candidates.map((c) => c.name), mapping);
      inputs.push({ index, format: 'ndjson', from: ident(loaded.table), delivery: 0 });
    }
  }
  try {
    await buildChecked(session, inputs, candidates, []);
  } catch (err) {
    const csv = options.inputs.find((i) => i.format === 'csv' && (err as Error).message.includes(i.path));
    if (csv) throw engineErrors.malformedCsv(csv.path, undefined, (err as Error).message.split('\n')[0]!);
    throw err;
  }
  // Broken quoting or encoding fails here, as it fails validation.
  for (const [index, scan] of scans) await csvRejects(session, options.inputs[index]!.path, scan);
  return candidates;
}

interface Observed {
  rows: number;
  present: number;
  type: ColumnType;
  /** Exact distinct texts (what key duplicates compare) and values (what an enum compares). */
  distinctText: number;
  distinctValues: number;
  values: Array<string | number> | null;
  min: number | string | null;
  max: number | string | null;
  email: boolean;
  uuid: boolean;
  shapes: number;
  shape: string | null;
}

/**
 * The narrowest type per column: the first candidate no present value fails (integers with leading zeros stay
 * strings), unless the source's `columns.types` names one.
 */
async function inferTypes(session: Session, names: readonly string[], hints: Readonly<Record<string, ColumnType>>): Promise<{ rows: number; types: ColumnType[] }> {
  const n = CANDIDATES.length;
  const parts = ['count(*) AS rows'];
  names.forEach((_, j) => {
    const s = j * n + n - 1;
    parts.push(`count(*) FILTER (WHERE NOT m${s}) AS p${j}`, `count(*) FILTER (WHERE regexp_matches(r${s}, '^[+-]?0[0-9]')) AS z${j}`);
    CANDIDATES.forEach((_, t) => parts.push(`count(*) FILTER (WHERE NOT m${j * n + t} AND e${j * n + t} IS NOT NULL) AS b${j}_${t}`));
  });
  const [row] = await session.rows<Record<string, number>>(`SELECT ${parts.join(', ')} FROM sample`);
  const types = names.map((name, j) => {
    if (Object.hasOwn(hints, name) && CANDIDATES.includes(hints[name]!)) return hints[name]!;
    if (row![`p${j}`] === 0) return 'string';
    const t = CANDIDATES.findIndex((type, t) => row![`b${j}_${t}`] === 0 && !((type === 'integer' || type === 'number') && row![`z${j}`]! > 0));
    return t < 0 ? 'string' : CANDIDATES[t]!;
  });
  return { rows: row?.rows ?? 0, types };
}

async function observe(session: Session, names: readonly string[], types: readonly ColumnType[], rows: number): Promise<Observed[]> {
  const n = CANDIDATES.length;
  const parts: string[] = [];
  names.forEach((_, j) => {
    const i = j * n + CANDIDATES.indexOf(types[j]!);
    const r = `r${i}`;
    const present = `FILTER (WHERE NOT m${i})`;
    const value = types[j] === 'integer' || types[j] === 'number' ? `v${i}` : r;
    // Dates order as text, but only the values that are dates: a hinted type may meet values that fail it.
    const ordered = types[j] === 'date' ? `CASE WHEN e${i} IS NULL THEN ${r} END` : `v${i}`;
    const shape = `regexp_replace(regexp_replace(regexp_replace(${r}, '[A-Z]+', 'A', 'g'), '[a-z]+', 'a', 'g'), '[0-9]+', '9', 'g')`;
    parts.push(
      `count(*) ${present} AS p${j}`,
      `count(DISTINCT ${r}) ${present} AS dt${j}`,
      `count(DISTINCT ${value}) ${present} AS dv${j}`,
      `CASE WHEN count(DISTINCT ${value}) ${present} <= ${ENUM_MAX} THEN list(DISTINCT ${value}) ${present} END AS vs${j}`,
      ['integer', 'number', 'date', 'timestamp'].includes(types[j]!) ? `min(${ordered}) ${present} AS lo${j}, max(${ordered}) ${present} AS hi${j}` : `NULL AS lo${j}, NULL AS hi${j}`,
      types[j] === 'string'
        ? `bool_and(churn_email_ok(${r})) ${present} AS em${j}, bool_and(churn_uuid_ok(${r})) ${present} AS uu${j}, count(DISTINCT ${shape}) ${present} AS sc${j}, min(${shape}) ${present} AS sh${j}`
        : `FALSE AS em${j}, FALSE AS uu${j}, 0 AS sc${j}, NULL AS sh${j}`,
    );
  });
  const [row] = await session.rows<Record<string, unknown>>(`SELECT ${parts.join(', ')} FROM sample`);
  const at = (k: string) => row![k];
  return names.map((_, j) => ({
    rows,
    present: at(`p${j}`) as number,
    type: types[j]!,
    distinctText: at(`dt${j}`) as number,
    distinctValues: at(`dv${j}`) as number,
    values: (at(`vs${j}`) as Array<string | number> | null) ?? null,
    min: (at(`lo${j}`) as number | string | null) ?? null,
    max: (at(`hi${j}`) as number | string | null) ?? null,
    email: at(`em${j}`) === true,
    uuid: at(`uu${j}`) === true,
    shapes: at(`sc${j}`) as number,
    shape: (at(`sh${j}`) as string | null) ?? null,
  }));
}

/** A conservative pattern for identifiers: one shape of letter runs, digit runs, '-' and '_' shared by every value. */
function idPattern(o: Observed): string | undefined {
  if (o.shapes !== 1 || !o.shape || o.shape.length > 7 || !/^[Aa9_-]+$/.test(o.shape) || !o.shape.includes('9')) return undefined;
  return `^${[...o.shape].map((c) => SHAPE_TOKENS[c]).join('')}$`;
}

function columnSpec(name: string, o: Observed, isKey: boolean): ColumnSpec {
  const spec: ColumnSpec = { type: o.type };
  if (o.present > 0 && o.present === o.rows) spec.required = true;
  if (o.present === 0) return spec;
  // Digit-and-separator strings (periods like 2026-10, codes) grow new values: no enum for them.
  const growing = o.type === 'string' && o.shapes === 1 && o.shape !== null && !/[Aa]/.test(o.shape);
  const enumerable = (o.type === 'string' || o.type === 'integer') && !isKey && !growing && o.values !== null && o.distinctValues <= ENUM_MAX && o.distinctValues < o.rows / 10;
  if (enumerable) spec.enum = [...o.values!].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  else if (o.type !== 'string' && o.type !== 'boolean') Object.assign(spec, widenedRange(o));
  if (o.type === 'string' && !enumerable) {
    if (o.email) spec.format = 'email';
    else if (o.uuid) spec.format = 'uuid';
    else if (isKey || ID_NAME.test(name)) {
      const pattern = idPattern(o);
      if (pattern) spec.pattern = pattern;
    }
  }
  return spec;
}

function chooseKey(options: SuggestSuiteOptions, names: readonly string[], observed: readonly Observed[]): string[] {
  if (options.key) {
    const unknown = options.key.filter((k) => !names.includes(k));
    if (options.key.length === 0 || unknown.length > 0) {
      throw engineErrors.badRun(`key ${JSON.stringify(options.key)} must name columns of the sample (${names.join(', ')})`, { key: options.key, columns: names });
    }
    return [...new Set(options.key)];
  }
  const j = names.findIndex((name, j) => /^(?:id|.*_id)$/.test(name) && observed[j]!.type !== 'boolean' && observed[j]!.present === observed[j]!.rows && observed[j]!.distinctText === observed[j]!.rows);
  if (j < 0) throw unsuitable(`no id column (id or *_id) of ${options.source} is present and distinct in every row: name the key`, { columns: names });
  return [names[j]!];
}

function suggestChecks(names: readonly string[], observed: readonly Observed[], key: readonly string[], rows: number): SuiteCheck[] {
  const checks: SuiteCheck[] = [
    { name: 'rows_present', check: 'row_count', min: Math.floor(rows / 2), severity: 'warn', description: 'half the rows of the sample' },
    { name: `${key.join('_')}_unique`, check: 'unique', columns: [...key] },
  ];
  names.forEach((name, j) => {
    const o = observed[j]!;
    const atLeast = Math.floor((o.present / rows) * 100) / 100;
    if (o.present < rows && atLeast > 0) checks.push({ name: `${name}_complete`, check: 'completeness', column: name, atLeast, severity: 'warn' });
  });
  names.forEach((name, j) => {
    const o = observed[j]!;
    if ((o.type === 'integer' || o.type === 'number') && !key.includes(name) && o.present > 0) checks.push({ name: `${name}_drift`, check: 'psi', column: name, severity: 'warn' });
  });
  return checks;
}

function checkOptions(options: SuggestSuiteOptions): void {
  if (!new RegExp(SUITE_NAME_PATTERN).test(options.source)) throw engineErrors.badRun(`source "${options.source}" must match ${SUITE_NAME_PATTERN}`, { source: options.source });
  const problems = columnMappingProblems(options.columns ?? {}).map((p) => `columns.${p.path.join('.')}: ${p.reason}`);
  if (problems.length > 0) throw engineErrors.badRun(`bad column mapping of ${options.source}: ${problems.join('; ')}`, { source: options.source, problems });
  if (options.inputs.length === 0) throw engineErrors.badRun(`no sample files for ${options.source}`, { source: options.source });
  if (options.sampleRows !== undefined && !(Number.isInteger(options.sampleRows) && options.sampleRows > 0)) {
    throw engineErrors.badRun(`sampleRows must be a positive integer, got ${options.sampleRows}`, { sampleRows: options.sampleRows });
  }
}

/**
 * Suggests a starting expectation suite from a sample of a source (as Deequ's
 * constraint suggestion does). The sample is read by the engine's own loaders,
 * through the source's column mapping when `columns` is given (the suite is on
 * the renamed columns; `columns.types` hints are taken as the types), and each
 * column typed by the engine's own rules, so validating the same sample with
 * the suggestion and the same mapping quarantines nothing (unless the sample
 * repeats a key, holds rows the engine rejects anyway: broken CSV rows,
 * non-object NDJSON lines, or values a type hint refuses). Per column: the narrowest type every present value has,
 * `required` when none is missing, `enum` for few distinct values, an email /
 * uuid format or an id pattern, min/max widened by a margin. Checks: row
 * count (warn below half the sample), key unique, completeness (warn) where
 * values are missing, PSI drift (warn) on numbers. A suggestion to review,
 * not a finished suite.
 *
 * @throws PlatformError CHURN_VALIDATION_INVALID_OPTIONS (bad options or key),
 *   CHURN_VALIDATION_UNSUITABLE_SAMPLE (no rows, names a suite cannot hold — `context.rename` proposes
 *   names, see suggestColumnNames —, no key found)
 *   or the engine's input errors (BAD_HEADER, MALFORMED_CSV, BAD_ENCODING, UNREADABLE_INPUT).
 */
export async function suggestSuite(options: SuggestSuiteOptions): Promise<ExpectationSuite> {
  checkOptions(options);
  const mapping = resolveMapping(options.columns);
  const session = await openSession();
  try {
    const names = await discoverColumns(session, options, mapping);
    await loadCandidates(session, options, names, mapping);
    // Rows the engine cannot read as a record are quarantined whatever the suite: they teach nothing.
    await session.exec(`CREATE VIEW sample AS SELECT * FROM chk WHERE _rowerr IS NULL${options.sampleRows ? ` AND rowid < ${options.sampleRows}` : ''}`);
    const { rows, types } = await inferTypes(session, names, options.columns?.types ?? {});
    if (rows === 0) throw unsuitable(`the sample of ${options.source} has no rows`);
    const observed = await observe(session, names, types, rows);
    const key = chooseKey(options, names, observed);
    const columns = Object.fromEntries(names.map((name, j) => [name, columnSpec(name, observed[j]!, key.includes(name))]));
    return {
      source: options.source,
      description: `Suggested from a sample of ${rows} rows: review the types, enums and bounds before use.`,
      key,
      columns,
      checks: suggestChecks(names, observed, key, rows),
    };
  } finally {
    session.close();
  }
}
