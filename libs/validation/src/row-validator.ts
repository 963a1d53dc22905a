import type { ValidateFunction } from 'ajv';
import { createAjv } from './ajv-instance';
import { ajvIssues } from './ajv-issues';
import { columnKinds, nullableColumns, type ColumnKind, type SourceSchema, type TypedRecord } from './schemas/source-schema';
import type { HeaderProblem, ValidationIssue } from './validation-issue';

/** Outcome of validating one record; `warnings` never quarantine (null in a nullable column, late record). */
export type RowValidationResult =
  | { ok: true; record: TypedRecord; warnings: ValidationIssue[] }
  | { ok: false; errors: ValidationIssue[]; warnings: ValidationIssue[] };

/** Options of {@link createRowValidator}. */
export interface RowValidatorOptions {
  /** ISO timestamp: a record whose `updated_at` is later gets a `late-arriving` warning (e.g. the end of the as-of day). */
  lateAfter?: string;
}

/** Validates the records of one source against its schema. */
export interface RowValidator {
  readonly source: string;
  readonly columns: readonly string[];
  readonly kinds: Readonly<Record<string, ColumnKind>>;
  /** Raw CSV cells (strings, '' for empty): numbers are parsed strictly; absent and unknown columns are errors. */
  validate(raw: Record<string, string | undefined>): RowValidationResult;
  /** A parsed JSON object: numbers must be JSON numbers, strings strings; absent, null and '' are all missing. */
  validateTyped(values: Record<string, unknown>): RowValidationResult;
  /** Header problems of a CSV header against the schema's columns. */
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

const display = (v: unknown): string | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** Builds the validator of a schema; the schema is compiled once here, not per row. */
export function createRowValidator(def: SourceSchema, options: RowValidatorOptions = {}): RowValidator {
  const kinds = columnKinds(def);
  const nullable = nullableColumns(def);
  const check: ValidateFunction = createAjv({ allowUnionTypes: true }).compile(def.schema);
  const lateAfter = options.lateAfter === undefined ? undefined : Date.parse(options.lateAfter);

  function finish(record: TypedRecord, errors: ValidationIssue[], flagged: Set<string>, valueOf: (c: string) => string | null): RowValidationResult {
    if (!check(record)) errors.push(...ajvIssues(check.errors, valueOf, flagged));
    const warnings: ValidationIssue[] = [];
    for (const column of def.columns) {
      if (record[column] === null && nullable.has(column)) {
        warnings.push({ column, rule: 'missing-optional', message: `${column} is empty`, value: null });
      }
    }
    const updated = record['updated_at'];
    if (lateAfter !== undefined && typeof updated === 'string' && !flagged.has('updated_at') && Date.parse(updated) > lateAfter) {
      warnings.push({ column: 'updated_at', rule: 'late-arriving', message: `updated_at ${updated} is after ${options.lateAfter}`, value: updated });
    }
    return errors.length === 0 ? { ok: true, record, warnings } : { ok: false, errors, warnings };
  }

  /** Stores a present value, or reports it; returns false when the column is flagged. */
  function put(record: TypedRecord, errors: ValidationIssue[], column: string, value: unknown, fromText: boolean): boolean {
    if (value === null || value === undefined || value === '') {
      record[column] = null;
      if (nullable.has(column)) return true;
      errors.push({ column, rule: 'required', message: `${column} is required`, value: display(value) });
      return false;
    }
    const kind = kinds[column];
    if (kind === 'string') {
      if (typeof value === 'string') {
        record[column] = value;
        return true;
      }
    } else if (typeof value === 'number' && !fromText) {
      record[column] = value;
      return true;
    } else if (typeof value === 'string' && fromText) {
      const n = parseStrictNumber(value);
      if (n !== undefined) {
        record[column] = n;
        return true;
      }
    }
    record[column] = display(value);
    errors.push({ column, rule: 'type', message: `${column} must be a ${kind}, got ${JSON.stringify(value)}`, value: display(value) });
    return false;
  }

  function validate(raw: Record<string, string | undefined>): RowValidationResult {
    const errors: ValidationIssue[] = [];
    const flagged = new Set<string>();
    const record: TypedRecord = {};
    for (const column of Object.keys(raw)) {
      if (!(column in kinds)) errors.push({ column, rule: 'unknown-column', message: `unexpected column "${column}"`, value: raw[column] ?? null });
    }
    for (const column of def.columns) {
      const text = raw[column];
      if (text === undefined) {
        errors.push({ column, rule: 'missing-column', message: `column "${column}" is absent from the row`, value: null });
        flagged.add(column);
      } else if (!put(record, errors, column, text, true)) {
        flagged.add(column);
      }
    }
    return finish(record, errors, flagged, (c) => raw[c] ?? null);
  }

  function validateTyped(values: Record<string, unknown>): RowValidationResult {
    const errors: ValidationIssue[] = [];
    const flagged = new Set<string>();
    const record: TypedRecord = {};
    for (const column of def.columns) if (!put(record, errors, column, values[column], false)) flagged.add(column);
    return finish(record, errors, flagged, (c) => display(values[c]));
  }

  return {
    source: def.source,
    columns: def.columns,
    kinds,
    validate,
    validateTyped,
    checkHeader: (columns) => checkHeaderAgainst(def.columns, columns),
  };
}
