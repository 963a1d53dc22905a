import type { Readable } from 'node:stream';
import type { ValidationIssue } from '../row-validator';
import type { TypedRecord } from '../source-schemas';
import { ndjsonLines } from './ndjson-lines';
import type { CompanyRowResult } from './row-validator-for';
import { type CompanyQualityReport, type CompanyValidateOptions, ValidationRun } from './validation-run';

/** A quarantined NDJSON line: the parsed object, or the line's text when it is not a JSON object. */
export interface NdjsonQuarantineEntry {
  line: number;
  raw: Record<string, unknown> | string;
  errors: ValidationIssue[];
}

/** Options of {@link validateNdjsonStream}. */
export interface ValidateNdjsonOptions extends CompanyValidateOptions {
  onValid: (record: TypedRecord, warnings: ValidationIssue[]) => void | Promise<void>;
  onQuarantined: (entry: NdjsonQuarantineEntry) => void | Promise<void>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Streams NDJSON (one JSON object per line; blank lines skipped) through the
 * schema. Values must already be typed: a number sent as a string ('12,5', or
 * even '12.5') is a `type` error; absent, null and '' count as missing. A line
 * that is not a JSON object is quarantined with rule `json`. Properties outside
 * the schema are reported once each as `unknown-column` header problems and
 * otherwise ignored. Callbacks are awaited (backpressure).
 */
export async function validateNdjsonStream(
  input: AsyncIterable<Buffer | string> | Readable,
  options: ValidateNdjsonOptions,
): Promise<CompanyQualityReport> {
  const run = new ValidationRun(options);
  const known = new Set(options.schema.columns);
  const unknown = new Set<string>();

  for await (const { line, text } of ndjsonLines(input)) {
    if (text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      await quarantineLine(run, options, line, text, `line is not valid JSON: ${(err as Error).message}`);
      continue;
    }
    if (!isObject(parsed)) {
      await quarantineLine(run, options, line, text, `line holds a JSON ${Array.isArray(parsed) ? 'array' : typeof parsed}, not an object`);
      continue;
    }
    for (const column of Object.keys(parsed)) {
      if (!known.has(column) && !unknown.has(column)) {
        unknown.add(column);
        run.report.addHeaderProblems([{ column, rule: 'unknown-column', message: `unexpected property "${column}"` }]);
      }
    }
    const observed: Record<string, string | undefined> = {};
    for (const column of options.schema.columns) {
      const v = parsed[column];
      observed[column] = v === null || v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
    }
    const result = run.settle(parsed, observed, run.validator.validateTyped(parsed));
    if (result.ok) await options.onValid(result.record, result.warnings);
    else await options.onQuarantined({ line, raw: parsed, errors: result.errors });
  }
  return run.finish();
}

async function quarantineLine(run: ValidationRun, options: ValidateNdjsonOptions, line: number, text: string, message: string): Promise<void> {
  const errors: ValidationIssue[] = [{ column: null, rule: 'json', message, value: text.length > 200 ? `${text.slice(0, 200)}...` : text }];
  const result: CompanyRowResult = { ok: false, errors, warnings: [] };
  run.report.observe({}, result);
  await options.onQuarantined({ line, raw: text, errors });
}
