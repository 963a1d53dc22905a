import type { Readable } from 'node:stream';
import { readCsvRows } from './csv-rows';
import { QualityAccumulator, type QualityAccumulatorOptions, type QualityReport } from './quality-report';
import { createRowValidator, type RowValidationResult, type ValidationIssue } from './row-validator';
import type { TypedRecord } from './source-schemas';

/** A row that failed validation, as written to quarantine. `line` is the 1-based line where the row starts. */
export interface QuarantineEntry {
  line: number;
  raw: Record<string, string>;
  errors: ValidationIssue[];
}

/** Options of {@link validateCsvStream}. */
export interface ValidateCsvOptions extends QualityAccumulatorOptions {
  source: string;
  onValid: (record: TypedRecord) => void | Promise<void>;
  onQuarantined: (entry: QuarantineEntry) => void | Promise<void>;
}

/**
 * Streams a CSV through the source's validator: valid rows go to `onValid` (typed), bad rows to
 * `onQuarantined`; later rows repeating a valid row's key are quarantined as `duplicate-key`.
 * Callbacks are awaited, so a slow sink applies backpressure. A header missing schema columns
 * (or naming one twice) fails with CHURN_VALIDATION_BAD_HEADER; unknown columns are reported and ignored.
 */
export async function validateCsvStream(
  input: AsyncIterable<Buffer | string> | Readable,
  options: ValidateCsvOptions,
): Promise<QualityReport> {
  const validator = createRowValidator(options.source);
  const report = new QualityAccumulator(options.source, validator.kinds, options);
  const seenKeys = new Set<string>();
  const rows = readCsvRows(input, {
    source: options.source,
    columns: validator.columns,
    checkHeader: (header) => validator.checkHeader(header),
    onHeaderProblems: (problems) => report.addHeaderProblems(problems),
  });
  for await (const { raw, known, columnCountIssue, line } of rows) {
    let result: RowValidationResult = validator.validate(known);
    if (columnCountIssue) result = withIssue(result, columnCountIssue);
    if (result.ok) {
      const key = String(result.record[validator.key]);
      if (seenKeys.has(key)) {
        result = withIssue(result, {
          column: validator.key,
          rule: 'duplicate-key',
          message: `${validator.key} "${key}" already seen on an earlier row`,
          value: key,
        });
      } else {
        seenKeys.add(key);
      }
    }
    report.observe(known, result);
    if (result.ok) await options.onValid(result.record);
    else await options.onQuarantined({ line, raw, errors: result.errors });
  }
  return report.finish();
}

function withIssue(result: RowValidationResult, issue: ValidationIssue): RowValidationResult {
  return { ok: false, errors: result.ok ? [issue] : [...result.errors, issue] };
}
