import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { columnKinds, getSourceSchema, nullableColumns, type ColumnKind, type TypedRecord } from './source-schemas';

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

/** Why a value or row was rejected. `column` is null for row-level problems (e.g. too many fields). */
export interface ValidationIssue {
  column: string | null;
  /** Stable rule name: required, type, enum, range, pattern, format, missing-column, unknown-column, duplicate-key, ... */
  rule: string;
  message: string;
  value: string | null;
}

/** Outcome of validating one raw CSV record. */
export type RowValidationResult = { ok: true; record: TypedRecord } | { ok: false; errors: ValidationIssue[] };

/** A header-level problem: a schema column absent, an unexpected column, or a column named twice. */
export interface HeaderProblem {
  column: string;
  rule: 'missing-column' | 'unknown-column' | 'duplicate-column';
  message: string;
}

/** Validates raw CSV records (all strings) of one source. */
export interface RowValidator {
  readonly source: string;
  readonly key: string;
  readonly columns: readonly string[];
  readonly kinds: Readonly<Record<string, ColumnKind>>;
  validate(raw: Record<string, string | undefined>): RowValidationResult;
  checkHeader(columns: readonly string[]): HeaderProblem[];
}

// Plain decimal or scientific notation only: rejects '12abc', '1e3x', 'NaN', 'Infinity', '1,234', ' 1'.
const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Strict string -> number; undefined when the text is not a finite plain number. */
export function parseStrictNumber(text: string): number | undefined {
  if (!NUMBER_RE.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

const RULE_BY_KEYWORD: Record<string, string> = {
  enum: 'enum',
  const: 'enum',
  minimum: 'range',
  maximum: 'range',
  exclusiveMinimum: 'range',
  exclusiveMaximum: 'range',
  pattern: 'pattern',
  format: 'format',
  type: 'type',
  minLength: 'length',
  maxLength: 'length',
};

/** Header problems of `columns` against a source's column list. */
export function checkHeaderAgainst(expected: readonly string[], columns: readonly string[]): HeaderProblem[] {
  const problems: HeaderProblem[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) problems.push({ column, rule: 'duplicate-column', message: `column "${column}" appears more than once` });
    seen.add(column);
    if (!expected.includes(column)) problems.push({ column, rule: 'unknown-column', message: `unexpected column "${column}"` });
  }
  for (const column of expected) {
    if (!seen.has(column)) problems.push({ column, rule: 'missing-column', message: `required column "${column}" is missing` });
  }
  return problems;
}

/** Builds the validator of a source; the schema is compiled once here, not per row. */
export function createRowValidator(sourceName: string): RowValidator {
  const def = getSourceSchema(sourceName);
  const kinds = columnKinds(def);
  const nullable = nullableColumns(def);
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  const check: ValidateFunction = ajv.compile(def.schema);
  const expected = new Set(def.columns);

  function validate(raw: Record<string, string | undefined>): RowValidationResult {
    const errors: ValidationIssue[] = [];
    const flagged = new Set<string>();
    const record: TypedRecord = {};
    for (const column of Object.keys(raw)) {
      if (!expected.has(column)) {
        errors.push({ column, rule: 'unknown-column', message: `unexpected column "${column}"`, value: raw[column] ?? null });
      }
    }
    for (const column of def.columns) {
      const text = raw[column];
      if (text === undefined) {
        errors.push({ column, rule: 'missing-column', message: `column "${column}" is absent from the row`, value: null });
        flagged.add(column);
        continue;
      }
      if (text === '') {
        record[column] = null;
        if (!nullable.has(column)) {
          errors.push({ column, rule: 'required', message: `${column} is required`, value: text });
          flagged.add(column);
        }
        continue;
      }
      if (kinds[column] === 'string') {
        record[column] = text;
        continue;
      }
      const n = parseStrictNumber(text);
      if (n === undefined) {
        errors.push({ column, rule: 'type', message: `${column} must be a ${kinds[column]}, got "${text}"`, value: text });
        flagged.add(column);
        record[column] = text;
      } else {
        record[column] = n;
      }
    }
    if (!check(record)) errors.push(...ajvIssues(check.errors, raw, flagged));
    return errors.length === 0 ? { ok: true, record } : { ok: false, errors };
  }

  return {
    source: sourceName,
    key: def.key,
    columns: def.columns,
    kinds,
    validate,
    checkHeader: (columns) => checkHeaderAgainst(def.columns, columns),
  };
}

function ajvIssues(
  errors: ErrorObject[] | null | undefined,
  raw: Record<string, string | undefined>,
  flagged: Set<string>,
): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const e of errors ?? []) {
    // Absent and unknown columns were reported above, with clearer messages.
    if (e.keyword === 'required' || e.keyword === 'additionalProperties') continue;
    const column = e.instancePath.split('/')[1] ?? null;
    if (column !== null && flagged.has(column)) continue;
    const value = column === null ? null : (raw[column] ?? null);
    out.push({
      column,
      rule: RULE_BY_KEYWORD[e.keyword] ?? e.keyword,
      message: `${column ?? 'row'} ${e.message ?? 'is invalid'}${describeParams(e)}`,
      value,
    });
  }
  return out;
}

function describeParams(e: ErrorObject): string {
  const params = e.params as { allowedValues?: unknown[] };
  if (e.keyword === 'enum' && params.allowedValues) {
    return `: ${params.allowedValues.filter((v) => v !== null).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return '';
}
