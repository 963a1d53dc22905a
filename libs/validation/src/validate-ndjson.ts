import type { Readable } from 'node:stream';
import { ndjsonLines } from './ndjson-lines';
import type { ValidationIssue } from './validation-issue';
import { deliver, type ValidationRun, type ValidationSink } from './validation-run';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Streams one NDJSON part (one JSON object per line; blank lines skipped)
 * through a {@link ValidationRun}. Values must already be typed: a number sent
 * as a string ('12,5', or even '12.5') is a `type` error; absent, null and ''
 * count as missing. A line that is not a JSON object is quarantined with rule
 * `json`. Properties outside the schema are reported once each as
 * `unknown-column` header problems and otherwise ignored.
 */
export async function validateNdjsonStream(input: AsyncIterable<Buffer | string> | Readable, run: ValidationRun, sink: ValidationSink): Promise<void> {
  const known = new Set(run.validator.columns);
  const unknown = new Set<string>();

  for await (const { line, text } of ndjsonLines(input)) {
    if (text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      await quarantineLine(run, sink, line, text, `line is not valid JSON: ${(err as Error).message}`);
      continue;
    }
    if (!isObject(parsed)) {
      await quarantineLine(run, sink, line, text, `line holds a JSON ${Array.isArray(parsed) ? 'array' : typeof parsed}, not an object`);
      continue;
    }
    const key = run.keyOf(parsed);
    if (run.skipSuperseded(key)) continue;
    for (const column of Object.keys(parsed)) {
      if (!known.has(column) && !unknown.has(column)) {
        unknown.add(column);
        run.report.addHeaderProblems([{ column, rule: 'unknown-column', message: `unexpected property "${column}"` }]);
      }
    }
    const observed: Record<string, string | undefined> = {};
    for (const column of run.validator.columns) {
      const v = parsed[column];
      observed[column] = v === null || v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
    }
    await deliver(sink, run.settle(key, observed, run.validator.validateTyped(parsed)), line, parsed);
  }
}

async function quarantineLine(run: ValidationRun, sink: ValidationSink, line: number, text: string, message: string): Promise<void> {
  const errors: ValidationIssue[] = [{ column: null, rule: 'json', message, value: text.length > 200 ? `${text.slice(0, 200)}...` : text }];
  // No key to tell: the line counts as a row of its own.
  run.settle(undefined, {}, { ok: false, errors, warnings: [] });
  await sink.onQuarantined({ line, raw: text, errors });
}
