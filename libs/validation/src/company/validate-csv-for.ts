import type { Readable } from 'node:stream';
import { readCsvRows } from '../csv-rows';
import type { ValidationIssue } from '../row-validator';
import type { TypedRecord } from '../source-schemas';
import type { QuarantineEntry } from '../validate-csv';
import { type CompanyQualityReport, type CompanyValidateOptions, ValidationRun, withIssue } from './validation-run';

/** Options of {@link validateCsvStreamFor}. */
export interface ValidateCsvForOptions extends CompanyValidateOptions {
  onValid: (record: TypedRecord, warnings: ValidationIssue[]) => void | Promise<void>;
  onQuarantined: (entry: QuarantineEntry) => void | Promise<void>;
}

/**
 * {@link validateCsvStream} for any {@link CompanySourceSchema} (composite
 * keys, warnings): same header rules (missing or repeated schema columns fail
 * with CHURN_VALIDATION_BAD_HEADER, unknown ones are reported and ignored) and
 * the same quarantine entries.
 */
export async function validateCsvStreamFor(
  input: AsyncIterable<Buffer | string> | Readable,
  options: ValidateCsvForOptions,
): Promise<CompanyQualityReport> {
  const run = new ValidationRun(options);
  const rows = readCsvRows(input, {
    source: options.schema.source,
    columns: options.schema.columns,
    checkHeader: (header) => run.validator.checkHeader(header),
    onHeaderProblems: (problems) => run.report.addHeaderProblems(problems),
  });
  for await (const { raw, known, columnCountIssue, line } of rows) {
    let result = run.validator.validate(known);
    if (columnCountIssue) result = withIssue(result, columnCountIssue);
    result = run.settle(known, known, result);
    if (result.ok) await options.onValid(result.record, result.warnings);
    else await options.onQuarantined({ line, raw, errors: result.errors });
  }
  return run.finish();
}
