import { describe, expect, it } from 'vitest';
import { CopyJsonLines, copyJsonLinesSql } from './copy-json-lines';

const through = (input: Buffer, chunkSize: number): string => {
  const lines = new CopyJsonLines();
  const out: Buffer[] = [];
  for (let at = 0; at < input.length; at += chunkSize) out.push(lines.push(input.subarray(at, at + chunkSize)));
  return Buffer.concat(out).toString('utf8');
};

describe('CopyJsonLines', () => {
  it('passes unquoted lines through as the same Buffer', () => {
    const chunk = Buffer.from('{"a":"x\\ny"}\n{"b":1}\n');
    expect(new CopyJsonLines().push(chunk)).toBe(chunk);
  });

  it('unquotes a row COPY quoted for its line breaks, whatever the chunking, and leaves the others alone', () => {
    const copied = Buffer.from('{"a":1}\n\u0001{"j":{\n  "k": "v\\nw",\r\n  "n": [1,\n2]}}\u0001\n{"é":"😀"}\n');
    const expected = '{"a":1}\n{"j":{   "k": "v\\nw",    "n": [1, 2]}}\n{"é":"😀"}\n';
    for (const size of [1, 2, 5, 7, 64]) {
      const text = through(copied, size);
      expect(text).toBe(expected);
      expect(text.trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual([{ a: 1 }, { j: { k: 'v\nw', n: [1, 2] } }, { é: '😀' }]);
    }
  });

  it('the COPY statement wraps the query on a line of its own (a trailing -- comment cannot swallow the rest)', () => {
    expect(copyJsonLinesSql('SELECT 1 AS a -- note')).toBe(
      "COPY (SELECT row_to_json(q) FROM (SELECT 1 AS a -- note\n) q) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')",
    );
  });
});
