import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFsObjectStore } from '@churn/storage';
import { readNdjsonRecords, textLines } from './ndjson-records';

const storage = createFsObjectStore({ rootDir: mkdtempSync(join(tmpdir(), 'churn-prep-ndjson-')) });
afterAll(() => storage.close());

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

async function* chunks(...parts: Buffer[]) {
  yield* parts;
}

describe('textLines', () => {
  it('splits LF and CRLF lines, keeps a character split across chunks whole, and ends without a final break', async () => {
    const text = Buffer.from('{"a":"ä"}\r\n{"b":1}\n\n{"c":2}', 'utf8');
    const at = text.indexOf(0xc3) + 1; // inside the two bytes of ä
    expect(await all(textLines(chunks(text.subarray(0, at), text.subarray(at))))).toEqual(['{"a":"ä"}', '{"b":1}', '', '{"c":2}']);
  });
});

describe('readNdjsonRecords', () => {
  it('streams the typed records of a lake object, skipping blank lines', async () => {
    await storage.put('v/ok.ndjson', '{"customer_id":"C0000001","n":1.5,"d":null}\n\n{"customer_id":"C0000002","n":2,"d":"2026-01-01"}\n');
    expect(await all(readNdjsonRecords(storage, 'v/ok.ndjson', ['customer_id', 'd']))).toEqual([
      { customer_id: 'C0000001', n: 1.5, d: null },
      { customer_id: 'C0000002', n: 2, d: '2026-01-01' },
    ]);
  });

  it.each([
    ['{"customer_id":"C1"}\n{"customer_id":', 'line 2 is not JSON'],
    ['{"customer_id":"C1"}\n[1,2]\n', 'line 2 is not a JSON object'],
    ['{"customer_id":"C1"}\n{"other":1}\n', 'line 2 has no field "customer_id"'],
  ])('fails with the line of a bad record (%#)', async (body, message) => {
    const key = `v/bad-${message.length}.ndjson`;
    await storage.put(key, body);
    await expect(all(readNdjsonRecords(storage, key, ['customer_id']))).rejects.toMatchObject({
      code: 'CHURN_PREPARATION_BAD_RECORD',
      retriable: false,
      message: expect.stringContaining(message),
    });
  });
});
