import { StringDecoder } from 'node:string_decoder';
import { PlatformError } from '@churn/core';
import type { ObjectStore } from '@churn/storage';
import type { InputRecord } from './preparation-types';

/** Splits a byte/text stream into lines (LF or CRLF); a UTF-8 character split across chunks stays whole. */
export async function* textLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of input) {
    rest += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    for (let nl = rest.indexOf('\n', start); nl !== -1; nl = rest.indexOf('\n', start)) {
      yield trimCr(rest.slice(start, nl));
      start = nl + 1;
    }
    rest = rest.slice(start);
  }
  rest += decoder.end();
  if (rest.length > 0) yield trimCr(rest);
}

const trimCr = (s: string): string => (s.endsWith('\r') ? s.slice(0, -1) : s);

/**
 * Streams the records of an NDJSON object in the lake, one JSON object per line; blank lines are
 * skipped. A line that is not a JSON object fails with CHURN_PREPARATION_BAD_RECORD (not retriable:
 * reading it again gives the same bytes). Every record must carry `fields` (null is a value).
 */
export async function* readNdjsonRecords(
  storage: ObjectStore,
  key: string,
  fields: readonly string[] = [],
): AsyncGenerator<InputRecord> {
  let line = 0;
  for await (const text of textLines(await storage.get(key))) {
    line += 1;
    if (text.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (err) {
      throw badRecord(key, line, `is not JSON (${(err as Error).message})`);
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw badRecord(key, line, 'is not a JSON object');
    for (const field of fields) {
      if (!(field in record)) throw badRecord(key, line, `has no field "${field}"`);
    }
    yield record as InputRecord;
  }
}

function badRecord(key: string, line: number, problem: string): PlatformError {
  return new PlatformError('CHURN_PREPARATION_BAD_RECORD', `${key} line ${line} ${problem}`, {
    retriable: false,
    context: { key, line },
  });
}
