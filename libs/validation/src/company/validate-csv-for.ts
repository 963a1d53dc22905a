import { Readable } from 'node:stream';
import { parse, type InfoRecord } from 'csv-parse';
import { PlatformError } from '@churn/core';
import type { ValidationIssue } from '../row-validator';
import type { TypedRecord } from '../source-schemas';
import type { QuarantineEntry } from '../validate-csv';
import { type CompanyQualityReport, type CompanyValidateOptions, ValidationRun, withIssue } from './validation-run';

/** Options of {@link validateCsvStreamFor}. */
export interface ValidateCsvForOptions extends CompanyValidateOptions {
  onValid: (record: TypedRecord, warnings: ValidationIssue[]) => void | Promise<void>;
  onQuarantined: (entry: QuarantineEntry) => void | Promise<void>;
}

interface ParsedRow {
  record: string[];
  info: InfoRecord;
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
  const { source } = options.schema;
  const expected = new Set(options.schema.columns);
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true });
  const stream = input instanceof Readable ? input : Readable.from(input);
  stream.on('error', (err) => parser.destroy(err));
  let header: string[] | null = null;

  for await (const { record: fields, info } of stream.pipe(parser) as AsyncIterable<ParsedRow>) {
    if (header === null) {
      header = fields;
      const problems = run.validator.checkHeader(header);
      const fatal = problems.filter((p) => p.rule !== 'unknown-column');
      if (fatal.length > 0) throw badHeader(source, fatal.map((p) => p.message), header);
      run.report.addHeaderProblems(problems);
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
    let result = run.validator.validate(known);
    if (fields.length > header.length) {
      for (let i = header.length; i < fields.length; i += 1) raw[`__field_${i + 1}`] = fields[i]!;
      const message = `row has ${fields.length} fields, header has ${header.length}`;
      result = withIssue(result, { column: null, rule: 'column-count', message, value: null });
    }
    result = run.settle(known, known, result);
    if (result.ok) await options.onValid(result.record, result.warnings);
    else await options.onQuarantined({ line: startLine(info.lines, fields), raw, errors: result.errors });
  }
  if (header === null) throw badHeader(source, ['the file is empty (no header row)'], []);
  return run.finish();
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
