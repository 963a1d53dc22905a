import { describe, expect, it } from 'vitest';
import { CopyTextRows, decodeCopyText } from './copy-text-rows';
import { rowValueTypes } from './pg-values';

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
        for (let at = 0; at < bytes.length; at += size) rows.push(bytes.subarray(at, at + size), { rows: 2, bytes: Infinity }, onPart);
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
    const { parts } = convert((rows, onPart) => rows.pushFrames(frames, { rows: 10, bytes: Infinity }, onPart));
    expect(parts).toEqual([{ text: `${expected.join('\n')}\n`, records: 3 }]);
  });

  it('refuses a stream that ends inside a row, and a row with fewer fields than columns', () => {
    const rows = new CopyTextRows(columns);
    rows.push(Buffer.from('1\tx\t\\N\n2\ty'), { rows: 10, bytes: Infinity }, () => undefined);
    expect(() => rows.end()).toThrow(/ended inside a row/);
    expect(() => new CopyTextRows(columns).push(Buffer.from('1\tx\n'), { rows: 10, bytes: Infinity }, () => undefined)).toThrow(/2 fields, the query 3/);
  });

  it('decodes COPY text escapes', () => {
    expect(decodeCopyText(Buffer.from('a\\\\b\\nc\\rd\\te\\bf\\fg\\vh\\101\\x41\\x4a\\q\\'))).toBe('a\\b\nc\rd\te\bf\fg\vhAAJq\\');
    expect(decodeCopyText(Buffer.from('\\303\\251 é'))).toBe('é é');
  });

  it('converts rows in column order in one pass exactly as the field-by-field reference: escapes, NULLs, unicode, odd values', () => {
    // Every type the byte paths know, plus numeric (parsed); the text of each as COPY writes it, awkward values included.
    const typed: [string, number, string[]][] = [
      ['s', 25, ['plain', '', 'é 中文 😀', '\u2028', 'tab\\there', 'back\\\\slash', 'q"uote', 'line\\nbreak', '\\N', 'a\\.b', '\\x41\\101\\q', '\u0001\u007f']],
      ['i', 23, ['0', '-2147483648', '42']],
      ['big', 20, ['0', '-1', '999999999999999', '9007199254740993', '-9223372036854775808']],
      ['f', 701, ['0', '-0', '1.5', '-2.25', '1e+21', '1.5e-07', 'NaN', 'Infinity', '-Infinity', '123456.789']],
      ['b', 16, ['t', 'f']],
      ['d', 1082, ['2026-10-02', '0044-03-15 BC', 'infinity', '-infinity']],
      ['ts', 1114, ['2026-10-02 01:02:03', '2026-10-02 01:02:03.000001', '0044-03-15 12:00:00 BC', 'infinity']],
      ['tz', 1184, ['2026-10-02 01:02:03+00', '2026-10-02 01:02:03.123456+00', '2026-10-02 01:02:03+02', '12026-01-01 00:00:00+00', '0044-03-15 12:00:00+00 BC', 'infinity', '-infinity', '2026-10-02 01:02:03.+00']],
      ['n', 1700, ['1.50', '12345678901234567890.5', 'NaN', '-0.001']],
    ];
    const cols = typed.map(([name, dataTypeID]) => ({ name, dataTypeID }));
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const rowsText = Array.from({ length: 2000 }, () => typed.map(([, , values]) => (random() < 0.1 ? '\\N' : (values[Math.floor(random() * values.length)] as string))));
    for (const watermarkColumn of ['tz', 's', 'f', 'i', 'b', 'd', 'ts', 'n']) {
      // Reference: what pg's rows (rowValueTypes) stringify to; the watermark is offered when its text changes, never null.
      const expectedOffers: unknown[] = [];
      let lastText: string | undefined;
      const expectedLines = rowsText.map((fields) => {
        const row: Record<string, unknown> = {};
        fields.forEach((text, k) => {
          const value = text === '\\N' ? null : rowValueTypes.getTypeParser(cols[k]!.dataTypeID, 'text')(decodeCopyText(Buffer.from(text)));
          row[cols[k]!.name] = value;
          if (cols[k]!.name === watermarkColumn && text !== '\\N' && text !== lastText) {
            lastText = text;
            expectedOffers.push(value);
          }
        });
        return `${JSON.stringify(row)}\n`;
      });
      const offers: unknown[] = [];
      const rows = new CopyTextRows(cols, { column: watermarkColumn, offer: (v) => offers.push(v) });
      const bodies: string[] = [];
      const bytes = Buffer.from(rowsText.map((fields) => `${fields.join('\t')}\n`).join(''));
      for (let at = 0; at < bytes.length; at += 4096) rows.push(bytes.subarray(at, at + 4096), { rows: 500, bytes: Infinity }, (p) => bodies.push(p.body.toString('utf8')));
      const last = rows.end();
      if (last) bodies.push(last.body.toString('utf8'));
      expect(bodies).toHaveLength(4);
      expect(bodies.join('').split(/(?<=\n)/)).toEqual(expectedLines);
      expect(offers, watermarkColumn).toEqual(expectedOffers);
    }
  });

  it('cuts a part once it holds the bytes asked for, with the row that reached them', () => {
    const rows = new CopyTextRows([{ name: 'id', dataTypeID: 23 }]);
    const parts: Buffer[] = [];
    rows.push(Buffer.from(Array.from({ length: 100 }, (_, i) => `${i}\n`).join('')), { rows: Infinity, bytes: 50 }, (p) => parts.push(p.body));
    const last = rows.end();
    if (last) parts.push(last.body);
    expect(parts.map((p) => p.toString('utf8')).join('')).toBe(Array.from({ length: 100 }, (_, i) => `{"id":${i}}\n`).join(''));
    for (const part of parts.slice(0, -1)) expect(part.length).toBeGreaterThanOrEqual(50);
    for (const part of parts.slice(0, -1)) expect(part.length).toBeLessThan(50 + 12);
  });

  it('builds later parts in the memory of parts given back, only its own, once', () => {
    const rows = new CopyTextRows([{ name: 'id', dataTypeID: 23 }]);
    const parts: Buffer[] = [];
    const feed = (from: number) => rows.push(Buffer.from(Array.from({ length: 1000 }, (_, i) => `${from + i}\n`).join('')), { rows: 1000, bytes: Infinity }, (p) => parts.push(p.body));
    const text = (from: number) => Array.from({ length: 1000 }, (_, i) => `{"id":${from + i}}\n`).join('');
    // Four-digit ids: parts of equal size, so a part's buffer fits the next but one.
    feed(1000);
    feed(2000);
    expect(parts.map((p) => p.toString())).toEqual([text(1000), text(2000)]);
    const [first, second] = parts as [Buffer, Buffer];
    rows.recycle(second);
    rows.recycle(second); // twice: ignored
    rows.recycle(Buffer.alloc(1 << 20)); // not its own: ignored
    feed(3000); // built in the buffer allocated after `second`
    feed(4000); // built in `second`'s memory
    expect(parts[3]?.buffer).toBe(second.buffer);
    expect(parts.slice(2).map((p) => p.toString())).toEqual([text(3000), text(4000)]);
    expect(first.toString()).toBe(text(1000));
    feed(5000);
    expect(parts[4]?.buffer).not.toBe(second.buffer); // given back once, used once
  });
});
