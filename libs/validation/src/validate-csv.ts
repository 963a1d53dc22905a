import { Readable } from 'node:stream';
import { parse, type InfoRecord } from 'csv-parse';
import { PlatformError } from '@churn/core';
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

interface ParsedRow {
  record: string[];
  info: InfoRecord;
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
  const expected = new Set(validator.columns);
  // Rows come as arrays (cheaper than csv-parse's objects, and surplus fields stay visible).
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true });
  const stream = input instanceof Readable ? input : Readable.from(input);
  stream.on('error', (err) => parser.destroy(err));
  const seenKeys = new Set<string>();
  let header: string[] | null = null;

  for await (const { record: fields, info } of stream.pipe(parser) as AsyncIterable<ParsedRow>) {
    if (header === null) {
      header = fields;
      const problems = validator.checkHeader(header);
      const fatal = problems.filter((p) => p.rule !== 'unknown-column');
      if (fatal.length > 0) throw badHeader(options.source, fatal.map((p) => p.message), header);
      report.addHeaderProblems(problems);
      continue;
    }
    const raw: Record<string, string> = {};
    const known: Record<string, string> = {};
    const width = Math.min(fields.length, header.length);
    for (let i = 0; i < width; i += 1) {
      const column = header[i]!;
      raw[column] = fields[i]!;
      if (expected.has(column)) known[column] = fields[i]!;
    }
    let result: RowValidationResult = validator.validate(known);
    if (fields.length > header.length) {
      for (let i = header.length; i < fields.length; i += 1) raw[`__field_${i + 1}`] = fields[i]!;
      result = withIssue(result, {
        column: null,
        rule: 'column-count',
        message: `row has ${fields.length} fields, header has ${header.length}`,
        value: null,
      });
    }
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
    else await options.onQuarantined({ line: startLine(info.lines, fields), raw, errors: result.errors });
  }
  if (header === null) throw badHeader(options.source, ['the file is empty (no header row)'], []);
  return report.finish();
}

function withIssue(result: RowValidationResult, issue: ValidationIssue): RowValidationResult {
  return { ok: false, errors: result.ok ? [issue] : [...result.errors, issue] };
}

// `info.lines` is the line where the record ends; quoted cells may hold line breaks.
function startLine(endLine: number, fields: string[]): number {
  let inner = 0;
  for (const field of fields) for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) inner += 1;
  return endLine - inner;
}

function badHeader(source: string, problems: string[], columns: string[]): PlatformError {
  return new PlatformError('CHURN_VALIDATION_BAD_HEADER', `bad CSV header for ${source}: ${problems.join('; ')}`, {
    retriable: false,
    context: { source, problems, columns },
  });
}
