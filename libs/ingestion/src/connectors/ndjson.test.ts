import { describe, expect, it } from 'vitest';
import { NdjsonPartCutter } from './ndjson';

function cutAll(text: string, linesPerPart: number, chunkSizes: number[]): { text: string; records: number }[] {
  const bytes = Buffer.from(text, 'utf8');
  const cutter = new NdjsonPartCutter(linesPerPart);
  const parts = [];
  let at = 0;
  let k = 0;
  while (at < bytes.length) {
    const size = chunkSizes[k++ % chunkSizes.length] as number;
    for (const p of cutter.push(bytes.subarray(at, at + size))) parts.push(p);
    at += size;
  }
  const last = cutter.end();
  if (last) parts.push(last);
  return parts.map((p) => ({ text: p.body.toString('utf8'), records: p.records }));
}

describe('NdjsonPartCutter', () => {
  const lines = Array.from({ length: 23 }, (_, i) => `{"i":${i},"s":"${'é'.repeat(i % 5)}"}\n`);
  const text = lines.join('');

  it('cuts whole lines into parts of N, whatever the chunk sizes', () => {
    const expected = [
      { text: lines.slice(0, 10).join(''), records: 10 },
      { text: lines.slice(10, 20).join(''), records: 10 },
      { text: lines.slice(20).join(''), records: 3 },
    ];
    for (const sizes of [[1], [2, 3], [7], [64], [1000], [13, 1, 40]]) expect(cutAll(text, 10, sizes)).toEqual(expected);
  });

  it('one line per part, an exact multiple, nothing at all', () => {
    expect(cutAll(text, 1, [5]).map((p) => p.records)).toEqual(Array(23).fill(1));
    expect(cutAll(lines.slice(0, 20).join(''), 10, [9]).map((p) => p.records)).toEqual([10, 10]);
    expect(cutAll('', 10, [9])).toEqual([]);
  });

  it('parts own their bytes (later chunks reuse no memory of theirs)', () => {
    const cutter = new NdjsonPartCutter(1);
    const chunk = Buffer.from('{"a":1}\n{"a":2');
    const [first] = cutter.push(chunk);
    chunk.fill(0x20);
    expect(first?.body.toString()).toBe('{"a":1}\n');
  });

  it('refuses a stream that ends inside a line, and a part size below 1', () => {
    const cutter = new NdjsonPartCutter(10);
    cutter.push(Buffer.from('{"a":1}\n{"a"'));
    expect(() => cutter.end()).toThrow(/ended inside a line/);
    expect(() => new NdjsonPartCutter(0)).toThrow(RangeError);
  });
});
