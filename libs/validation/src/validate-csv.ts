import type { Readable } from 'node:stream';
import { readCsvRows } from './csv-rows';
import { deliver, type ValidationRun, type ValidationSink, withIssue } from './validation-run';

/**
 * Streams one CSV part through a {@link ValidationRun}: each row is superseded,
 * valid or quarantined (with its raw cells and reasons). A header missing schema
 * columns (or naming one twice), an empty file and broken quoting fail with a
 * non-retriable PlatformError naming the source and `part`; unknown columns are
 * reported and ignored.
 */
export async function validateCsvStream(
  input: AsyncIterable<Buffer | string> | Readable,
  run: ValidationRun,
  sink: ValidationSink,
  part?: string,
): Promise<void> {
  const rows = readCsvRows(input, {
    source: run.validator.source,
    ...(part === undefined ? {} : { part }),
    columns: run.validator.columns,
    checkHeader: (header) => run.validator.checkHeader(header),
    onHeaderProblems: (problems) => run.report.addHeaderProblems(problems),
  });
  for await (const { raw, known, columnCountIssue, line } of rows) {
    const key = run.keyOf(known);
    if (run.skipSuperseded(key)) continue;
    let result = run.validator.validate(known);
    if (columnCountIssue) result = withIssue(result, columnCountIssue);
    await deliver(sink, run.settle(key, known, result), line, raw);
  }
}
