import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { CsvRowCounter } from './csv-row-counter';

/** What the counter reports, plus the bytes it let through. */
async function count(chunks: Buffer[]): Promise<{ rows: number; parseError?: string; passed: Buffer }> {
  const counter = new CsvRowCounter();
  const out: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      out.push(chunk);
      cb();
    },
  });
  await pipeline(Readable.from(chunks), counter, sink);
  return { ...(await counter.result()), passed: Buffer.concat(out) };
}

/** The reference: csv-parse with the options the counter replaced. */
async function reference(data: Buffer): Promise<{ rows: number; failed: boolean }> {
  let records = 0;
  const parser = parse({ relax_quotes: true, relax_column_count: true, skip_empty_lines: true, bom: true });
  parser.on('data', () => (records += 1));
  const failed = await pipeline(Readable.from([data]), parser).then(
    () => false,
    () => true,
  );
  return { rows: Math.max(0, records - 1), failed };
}

/** Splits `data` at the given cut points. */
function cut(data: Buffer, points: number[]): Buffer[] {
  const sorted = [...new Set(points)].filter((p) => p > 0 && p < data.length).sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const p of [...sorted, data.length]) {
    parts.push(data.subarray(from, p));
    from = p;
  }
  return parts;
}

const bytesOf = (text: string) => Buffer.from(text, 'utf8');
const oneByOne = (data: Buffer) => Array.from(data, (b) => Buffer.from([b]));

// Each case: the CSV and the data rows csv-parse finds in it (checked below as well).
const TRICKY: Array<[string, string, number]> = [
  ['quoted newline, CRLF, escaped quotes', 'customer_id,note\r\nC1,"two\nlines"\r\nC2,plain\r\nC3,"with ""quotes"""\r\n', 3],
  ['no final newline', 'a,b\n1,2\n3,4', 2],
  ['empty lines skipped', 'a,b\n\n1,2\n\n\n3,4\n\n', 2],
  ['CRLF with empty lines', 'a,b\r\n\r\n1,2\r\n\r\n', 1],
  ['old Mac CR endings', 'a,b\r1,2\r3,4\r', 2],
  ['LF file: a CR is data, a CR-only line is a record', 'a,b\n1,2\r\n\r\n3,4\n', 3],
  ['CRLF file: a lone CR is data', 'a,b\r\n1,x\ry\r\n2,z\r\n', 2],
  ['CRLF file: a lone LF is data', 'a,b\r\n1,x\ny\r\n2,z\r\n', 2],
  ['quote mid-field is literal', 'a,b\n1,x"y\n2,z"\n', 2],
  ['quote after a space is literal', 'a,b\n1, "x\n2,y\n', 2],
  ['relaxed closing quote then newline in the same field', 'a,b\n1,"x"y\n2,z\n', 2],
  ['quoted field holding CRLF and commas', 'a,b\r\n1,"x,\r\ny"\r\n2,"p\r\n\r\nq"\r\n', 2],
  ['quoted empty field makes a record', 'a\n""\n\n', 1],
  ['triple quotes', 'a,b\n"""x""",1\n"""",2\n', 2],
  ['UTF-8 BOM and multibyte text', '\ufeffname,city\nJosé,"Zürich\nNord"\nAnne,Köln\n', 2],
  ['header only', 'a,b,c\n', 0],
  ['empty file', '', 0],
  ['only newlines', '\n\n\r\n', 0],
  ['comma-only lines are records', 'a\n,\n,,\n', 2],
  ['first line end is inside quotes', '"a\nb",c\r\n1,2\r\n', 1],
  ['CR right after a closing quote', 'a\r"x"\r"y"\r', 2],
];

describe('CsvRowCounter', () => {
  it.each(TRICKY)('%s: counts as csv-parse does, whole and byte by byte', async (_name, text, rows) => {
    const data = bytesOf(text);
    expect(await reference(data)).toEqual({ rows, failed: false });
    for (const chunks of [[data], oneByOne(data)]) {
      const counted = await count(chunks);
      expect(counted.rows).toBe(rows);
      expect(counted.parseError).toBeUndefined();
      expect(counted.passed.equals(data)).toBe(true);
    }
  });

  it('reports a quote left open at the end, with the rows before it', async () => {
    const data = bytesOf('a,b\n1,2\n3,"open\n4,5\n');
    expect(await reference(data)).toMatchObject({ failed: true });
    const counted = await count(oneByOne(data));
    expect(counted.rows).toBe(1);
    expect(counted.parseError).toMatch(/Quote Not Closed/);
  });

  it.each([
    ['any line ends', ['a', 'b', ',', '"', '""', '\n', '\r\n', '\r', ' ', 'é']],
    ['mostly CRLF', ['a', ',', '"', '\r\n', '\r\n', 'x\r\n', '\r', '\n', 'é']],
    ['mostly LF', ['a', ',', '"', '\n', '\n', ',"', '"\n', '\r', 'é']],
  ])('agrees with csv-parse on 2,000 random messy files (%s) cut at random points', async (seed, alphabet) => {
    const rng = seedrandom(seed);
    for (let f = 0; f < 2000; f += 1) {
      const length = Math.floor(rng() * 60);
      let text = rng() < 0.1 ? '\ufeff' : '';
      for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(rng() * alphabet.length)];
      const data = bytesOf(text);
      const expected = await reference(data);
      const points = Array.from({ length: Math.floor(rng() * 6) }, () => Math.floor(rng() * data.length));
      const counted = await count(cut(data, points));
      expect({ text, rows: counted.rows, failed: counted.parseError !== undefined }).toEqual({ text, ...expected });
    }
  });

  it('counts a 200,000-row file cut into 64 KiB chunks like csv-parse', async () => {
    const lines = ['customer_id,name,note'];
    for (let i = 0; i < 200_000; i += 1) lines.push(i % 97 === 0 ? `C${i},"Doe, J","says ""hi""\r\nagain"` : `C${i},plain,text`);
    const data = bytesOf(`${lines.join('\r\n')}\r\n`);
    const expected = await reference(data);
    const counted = await count(cut(data, Array.from({ length: 200 }, (_, k) => k * 65_536 + (k % 7))));
    expect(counted.rows).toBe(expected.rows);
    expect(counted.rows).toBe(200_000);
  });
});
