import { describe, expect, it } from 'vitest';
import { CopyTextRows, decodeCopyText } from './copy-text-rows';

const columns = [
  { name: 'id', dataTypeID: 23 },
  { name: 'note', dataTypeID: 25 },
  { name: 'at', dataTypeID: 1184 },
];
const copyText = '1\tplain\t2026-10-01 01:00:00.5+00\n2\ttab\\there "q"\t\\N\n3\t\\N\t2026-10-02 00:00:00+02\n';
const expected = [
  '{"id":1,"note":"plain","at":"2026-10-01T01:00:00.5Z"}',
  '{"id":2,"note":"tab\\there \\"q\\"","at":null}',
  '{"id":3,"note":null,"at":"2026-10-02 00:00:00+02"}',
];
const frame = (payload: Buffer) => {
  const head = Buffer.alloc(5);
  head.write('d', 0, 'latin1');
  head.writeUInt32BE(payload.length + 4, 1);
  return Buffer.concat([head, payload]);
};

function convert(feed: (rows: CopyTextRows, onPart: (p: { body: Buffer; records: number }) => void) => void) {
  const offered: unknown[] = [];
  const rows = new CopyTextRows(columns, { column: 'at', offer: (v) => offered.push(v) });
  const parts: { text: string; records: number }[] = [];
  const onPart = (p: { body: Buffer; records: number }) => parts.push({ text: p.body.toString('utf8'), records: p.records });
  feed(rows, onPart);
  const last = rows.end();
  if (last) onPart(last);
  return { parts, offered };
}

describe('CopyTextRows', () => {
  it('converts rows in parts, whatever the chunks, and offers the watermark column', () => {
    const bytes = Buffer.from(copyText);
    for (const size of [1, 2, 5, 13, bytes.length]) {
      const { parts, offered } = convert((rows, onPart) => {
        for (let at = 0; at < bytes.length; at += size) rows.push(bytes.subarray(at, at + size), 2, onPart);
      });
      expect(parts).toEqual([
        { text: `${expected[0]}\n${expected[1]}\n`, records: 2 },
        { text: `${expected[2]}\n`, records: 1 },
      ]);
      expect(offered).toEqual(['2026-10-01T01:00:00.5Z', '2026-10-02 00:00:00+02']); // a null never moves the watermark
    }
  });

  it('reads rows in place from CopyData frames, skipping other messages, even a row split across messages', () => {
    const notice = Buffer.concat([Buffer.from('N'), Buffer.from([0, 0, 0, 6]), Buffer.from('x\0')]);
    const [a, b, c] = copyText.split(/(?<=\n)/).map((r) => Buffer.from(r)) as [Buffer, Buffer, Buffer];
    const frames = Buffer.concat([frame(a), notice, frame(b.subarray(0, 4)), frame(b.subarray(4)), frame(c)]);
    const { parts } = convert((rows, onPart) => rows.pushFrames(frames, 10, onPart));
    expect(parts).toEqual([{ text: `${expected.join('\n')}\n`, records: 3 }]);
  });

  it('refuses a stream that ends inside a row, and a row with fewer fields than columns', () => {
    const rows = new CopyTextRows(columns);
    rows.push(Buffer.from('1\tx\t\\N\n2\ty'), 10, () => undefined);
    expect(() => rows.end()).toThrow(/ended inside a row/);
    expect(() => new CopyTextRows(columns).push(Buffer.from('1\tx\n'), 10, () => undefined)).toThrow(/2 fields, the query 3/);
  });

  it('decodes COPY text escapes', () => {
    expect(decodeCopyText(Buffer.from('a\\\\b\\nc\\rd\\te\\bf\\fg\\vh\\101\\x41\\x4a\\q\\'))).toBe('a\\b\nc\rd\te\bf\fg\vhAAJq\\');
    expect(decodeCopyText(Buffer.from('\\303\\251 é'))).toBe('é é');
  });
});
