import { resolveBound, type ResolvedBound } from '../suites/bounds';
import type { ColumnSpec, ColumnType } from '../suites/suite-types';
import { ident, inList, num, str } from './sql';

/** How one column is read and judged, as SQL over an input table (level 1) and over level 1's columns (level 2). */
export interface ColumnSql {
  name: string;
  index: number;
  spec: ColumnSpec;
  /** Rules this column can fail, in the order they are tried. */
  rules: string[];
  messages: Record<string, string>;
  /** True when chk holds a typed `v<i>` (numbers, booleans, timestamps as epoch ms). */
  typed: boolean;
  /** Level 1: expressions over the input table, by output name. */
  level1(format: 'csv' | 'ndjson', source: string): Array<[string, string]>;
  /** Level 2: expressions over level 1, by output name (`v<i>`, `e<i>`). */
  level2(rowError: string): Array<[string, string]>;
}

const JSON_NUMBER = "('UBIGINT', 'BIGINT', 'DOUBLE', 'HUGEINT')";
/**
 * Text that is empty or only space, tab, line feed, vertical tab, form feed and carriage return: missing, whatever
 * the column's type. Only text that starts below '!' can be blank, so the pattern runs on almost no cell (CASE
 * evaluates it only there: a plain trim() on every cell costs ~40 times more).
 */
const blank = (r: string): string => `CASE WHEN ${r} IS NULL OR ${r} = '' THEN TRUE WHEN ${r} < '!' THEN regexp_full_match(${r}, '[ \\t\\n\\x0b\\f\\r]*') ELSE FALSE END`;
const an = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

function boundText(b: ResolvedBound): string {
  return b.kind === 'timestamp' ? b.text : String(b.value);
}

function rangeParts(spec: ColumnSpec, type: ColumnType, asOf: string): { sql: (x: string) => string; message: string } | undefined {
  const lo = spec.min === undefined ? undefined : resolveBound(spec.min, type, 'min', asOf);
  const hi = spec.max === undefined ? undefined : resolveBound(spec.max, type, 'max', asOf);
  if (typeof lo === 'string' || typeof hi === 'string') throw new Error(`unresolvable bound: ${String(lo ?? hi)}`);
  if (!lo && !hi) return undefined;
  const literal = (b: ResolvedBound): string => (b.kind === 'date' ? str(b.value) : num(b.value));
  const parts: Array<(x: string) => string> = [];
  const words: string[] = [];
  if (lo) {
    parts.push((x) => `${x} ${spec.exclusiveMin ? '>' : '>='} ${literal(lo)}`);
    words.push(`${spec.exclusiveMin ? '>' : '>='} ${boundText(lo)}`);
  }
  if (hi) {
    parts.push((x) => `${x} ${spec.exclusiveMax ? '<' : '<='} ${literal(hi)}`);
    words.push(`${spec.exclusiveMax ? '<' : '<='} ${boundText(hi)}`);
  }
  return { sql: (x) => parts.map((p) => p(x)).join(' AND '), message: `must be ${words.join(' and ')}` };
}

/** Compiles the row rules of one column for a run on `asOf`. */
export function compileColumn(name: string, spec: ColumnSpec, index: number, asOf: string): ColumnSql {
  const i = index;
  const { type } = spec;
  const range = rangeParts(spec, type, asOf);
  const isNumeric = type === 'integer' || type === 'number';
  const typed = isNumeric || type === 'boolean' || type === 'timestamp';
  const rules: string[] = [];
  const messages: Record<string, string> = {};
  const rule = (r: string, message: string) => {
    rules.push(r);
    messages[r] = `${name} ${message}`;
  };
  if (spec.required) rule('required', 'is required');
  rule('type', `must be ${an(type)}`);
  if (type === 'date') rule('format', 'must be a date (yyyy-mm-dd)');
  if (type === 'timestamp') rule('format', 'must be an ISO-8601 date-time with a zone');
  if (spec.format) rule('format', `must be ${spec.format === 'email' ? 'an email address' : 'a UUID'}`);
  if (range) rule('range', range.message);
  if (spec.enum) rule('enum', `must be one of ${spec.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  if (spec.pattern) rule('pattern', `must match ${JSON.stringify(spec.pattern)}`);

  return {
    name,
    index,
    spec,
    rules,
    messages,
    typed,
    level1(format, source) {
      const r = format === 'csv' ? ident(source) : `r${i}`;
      const k = `k${i}`;
      const out: Array<[string, string]> = [[`r${i}`, r]];
      // Missing: absent, null, or text that is empty or only whitespace (a blank cell such as Telco's TotalCharges " ").
      out.push([`m${i}`, format === 'csv' ? blank(r) : `(${k} IS NULL OR ${k} = 'NULL' OR (${k} = 'VARCHAR' AND ${blank(r)}))`]);
      // Whether the JSON value has the column's JSON type (CSV cells are all text).
      const kind = (jsonTypes: string) => (format === 'csv' ? 'TRUE' : `coalesce(${k} IN ${jsonTypes}, FALSE)`);
      if (isNumeric) {
        // Possibly infinite (1e999): level 2 rejects it as a type error, like ajv's strictNumbers.
        const x = format === 'csv' ? `churn_num(${r})` : `CASE WHEN ${kind(JSON_NUMBER)} THEN TRY_CAST(${r} AS DOUBLE) END`;
        out.push([`x${i}`, x]);
      } else if (type === 'boolean') {
        out.push([`x${i}`, format === 'csv' ? `CASE ${r} WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END` : `CASE WHEN ${kind("('BOOLEAN')")} THEN ${r} = 'true' END`]);
      } else {
        out.push([`t${i}`, kind("('VARCHAR')")]);
        if (type === 'date') out.push([`f${i}`, `churn_date_ok(${r})`]);
        if (type === 'timestamp') out.push([`x${i}`, `churn_ts_ms(${r})`]);
      }
      return out;
    },
    level2(rowError) {
      const r = `r${i}`;
      const x = `x${i}`;
      const value =
        type === 'integer' ? `CASE WHEN ${x} = trunc(${x}) AND abs(${x}) < 9.2e18 THEN ${x}::BIGINT END` : type === 'number' ? `CASE WHEN isfinite(${x}) THEN ${x} END` : x;
      const cases: string[] = [];
      const when = (cond: string, name: string) => cases.push(`WHEN ${cond} THEN '${name}'`);
      if (isNumeric || type === 'boolean') {
        when(type === 'integer' ? `${x} IS NULL OR NOT isfinite(${x}) OR ${x} <> trunc(${x}) OR abs(${x}) >= 9.2e18` : type === 'number' ? `${x} IS NULL OR NOT isfinite(${x})` : `${x} IS NULL`, 'type');
      }
      else when(`NOT t${i}`, 'type');
      if (type === 'date') when(`NOT f${i}`, 'format');
      if (type === 'timestamp') when(`${x} IS NULL`, 'format');
      if (spec.format === 'email') when(`NOT churn_email_ok(${r})`, 'format');
      if (spec.format === 'uuid') when(`NOT churn_uuid_ok(${r})`, 'format');
      const compared = isNumeric || type === 'timestamp' ? x : r;
      if (range) when(`NOT (${range.sql(compared)})`, 'range');
      if (spec.enum) when(`${isNumeric ? x : r} NOT IN ${inList(spec.enum)}`, 'enum');
      if (spec.pattern) when(`NOT regexp_matches(${r}, ${str(spec.pattern)})`, 'pattern');
      const error = `CASE WHEN ${rowError} IS NOT NULL THEN NULL WHEN m${i} THEN ${spec.required ? "'required'" : 'NULL'} ${cases.join(' ')} END`;
      const out: Array<[string, string]> = [[`e${i}`, error]];
      if (typed) out.push([`v${i}`, value]);
      return out;
    },
  };
}
