import { Readable } from 'node:stream';
import { CsvError, parse, type InfoRecord } from 'csv-parse';
import { PlatformError } from '@churn/core';
import type { HeaderProblem, ValidationIssue } from './validation-issue';

/** One data row of a CSV, split by the header, ready for a row validator. */
export interface CsvRow {
  /** Every cell by header name, plus surplus cells as `__field_<n>`: what quarantine keeps. */
  raw: Record<string, string>;
  /** Only the cells of the schema's columns: what the validator checks. */
  known: Record<string, string>;
  /** Set when the row has more fields than the header. */
  columnCountIssue?: ValidationIssue;
  /** 1-based line where the row starts (quoted cells may span lines). */
  line: number;
}

/** Options of {@link readCsvRows}. */
export interface ReadCsvRowsOptions {
  source: string;
  /** The part being read (its key), named in errors. */
  part?: string;
  columns: readonly string[];
  checkHeader: (header: readonly string[]) => HeaderProblem[];
  onHeaderProblems: (problems: HeaderProblem[]) => void;
}

interface ParsedRow {
  record: string[];
  info: InfoRecord;
}

/**
 * Streams a CSV's data rows for validation. The header is checked first: schema
 * columns missing or named twice fail with CHURN_VALIDATION_BAD_HEADER (so does an
 * empty file); unknown columns are handed to `onHeaderProblems` and ignored. A
 * file whose quoting is broken fails with CHURN_VALIDATION_MALFORMED_CSV: past
 * that point no row boundary can be trusted. Both are not retriable. Errors of
 * the input stream come through unchanged.
 */
export async function* readCsvRows(input: AsyncIterable<Buffer | string> | Readable, options: ReadCsvRowsOptions): AsyncGenerator<CsvRow> {
  const expected = new Set(options.columns);
  // Rows come as arrays (cheaper than csv-parse's objects, and surplus fields stay visible).
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true });
  const stream = input instanceof Readable ? input : Readable.from(input);
  stream.on('error', (err) => parser.destroy(err));
  let header: string[] | null = null;

  try {
    for await (const { record: fields, info } of stream.pipe(parser) as AsyncIterable<ParsedRow>) {
      if (header === null) {
        header = fields;
        const problems = options.checkHeader(header);
        const fatal = problems.filter((p) => p.rule !== 'unknown-column');
        if (fatal.length > 0) throw badHeader(options, fatal.map((p) => p.message), header);
        options.onHeaderProblems(problems);
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
      let columnCountIssue: ValidationIssue | undefined;
      if (fields.length > header.length) {
        for (let i = header.length; i < fields.length; i += 1) raw[`__field_${i + 1}`] = fields[i]!;
        columnCountIssue = { column: null, rule: 'column-count', message: `row has ${fields.length} fields, header has ${header.length}`, value: null };
      }
      yield { raw, known, line: startLine(info.lines, fields), ...(columnCountIssue ? { columnCountIssue } : {}) };
    }
  } catch (err) {
    throw err instanceof CsvError ? malformed(options, err) : err;
  }
  if (header === null) throw badHeader(options, ['the file is empty (no header row)'], []);
}

// `info.lines` is the line where the record ends; quoted cells may hold line breaks.
function startLine(endLine: number, fields: string[]): number {
  let inner = 0;
  for (const field of fields) for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) inner += 1;
  return endLine - inner;
}

const where = (o: ReadCsvRowsOptions): string => (o.part ? `${o.source} (part ${o.part})` : o.source);

function badHeader(options: ReadCsvRowsOptions, problems: string[], columns: string[]): PlatformError {
  return new PlatformError('CHURN_VALIDATION_BAD_HEADER', `bad CSV header for ${where(options)}: ${problems.join('; ')}`, {
    retriable: false,
    context: { source: options.source, part: options.part, problems, columns },
  });
}

function malformed(options: ReadCsvRowsOptions, err: CsvError): PlatformError {
  const line = typeof err['lines'] === 'number' ? err['lines'] : undefined;
  return new PlatformError('CHURN_VALIDATION_MALFORMED_CSV', `malformed CSV in ${where(options)}: ${err.message}`, {
    retriable: false,
    cause: err,
    context: { source: options.source, part: options.part, line, csvCode: err.code },
  });
}
