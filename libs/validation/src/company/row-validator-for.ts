import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { checkHeaderAgainst, parseStrictNumber, type RowValidator, type ValidationIssue } from '../row-validator';
import { columnKinds, nullableColumns, type SourceSchema, type TypedRecord } from '../source-schemas';
import { ajvIssues } from './ajv-issues';

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

/** Outcome of validating one record; `warnings` never quarantine (null in a nullable column, late record). */
export type CompanyRowResult =
  | { ok: true; record: TypedRecord; warnings: ValidationIssue[] }
  | { ok: false; errors: ValidationIssue[]; warnings: ValidationIssue[] };

/** Options of {@link createRowValidatorFor}. */
export interface RowValidatorForOptions {
  /** Name reported as `source` (default 'unknown'). */
  source?: string;
  /** ISO timestamp: a record whose `updated_at` is later gets a `late-arriving` warning. */
  lateAfter?: string;
}

/** A {@link RowValidator} for any schema, which also validates already-typed records (JSON). */
export interface SchemaRowValidator extends RowValidator {
  /** Raw CSV cells (strings, '' for empty); absent columns are errors. */
  validate(raw: Record<string, string | undefined>): CompanyRowResult;
  /** A parsed JSON object: numbers must be JSON numbers, strings strings; absent, null and '' are all missing. */
  validateTyped(values: Record<string, unknown>): CompanyRowResult;
}

const display = (v: unknown): string | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** Builds the validator of a schema; compiled once here, not per row. */
export function createRowValidatorFor(def: SourceSchema, options: RowValidatorForOptions = {}): SchemaRowValidator {
  const source = options.source ?? 'unknown';
  const kinds = columnKinds(def);
  const nullable = nullableColumns(def);
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  const check: ValidateFunction = ajv.compile(def.schema);
  const lateAfter = options.lateAfter === undefined ? undefined : Date.parse(options.lateAfter);

  function finish(record: TypedRecord, errors: ValidationIssue[], flagged: Set<string>, valueOf: (c: string) => string | null): CompanyRowResult {
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

  function validate(raw: Record<string, string | undefined>): CompanyRowResult {
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

  function validateTyped(values: Record<string, unknown>): CompanyRowResult {
    const errors: ValidationIssue[] = [];
    const flagged = new Set<string>();
    const record: TypedRecord = {};
    for (const column of def.columns) if (!put(record, errors, column, values[column], false)) flagged.add(column);
    return finish(record, errors, flagged, (c) => display(values[c]));
  }

  return {
    source,
    key: def.key,
    columns: def.columns,
    kinds,
    validate,
    validateTyped,
    checkHeader: (columns) => checkHeaderAgainst(def.columns, columns),
  };
}
