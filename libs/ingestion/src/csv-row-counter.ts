import { Transform, type TransformCallback } from 'node:stream';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Record delimiter of the file: found at the first line end outside quotes, then fixed (as csv-parse does). */
const enum Eol {
  Unknown,
  Lf,
  CrLf,
  Cr,
}

/**
 * A pass-through stream that counts CSV records (quoted newlines included)
 * while the bytes flow on untouched to the lake.
 *
 * It scans bytes instead of parsing fields (csv-parse ran at ~11 MB/s and
 * capped landing speed) yet counts exactly as csv-parse with
 * `{ relax_quotes, relax_column_count, skip_empty_lines, bom }` does:
 * a quote opens a quoted field only as the field's first byte; inside one,
 * `""` is a quote and any other byte after a quote ends the quoting; the
 * record delimiter is the first of \r\n, \n or \r seen outside quotes; empty
 * lines are skipped; a UTF-8 BOM is ignored. A file ending inside quotes
 * reports a parse error. Works on any ASCII-compatible encoding.
 */
export class CsvRowCounter extends Transform {
  private records = 0;
  private eol: Eol = Eol.Unknown;
  private quoted = false;
  /** The next byte is the first of a field. */
  private fieldStart = true;
  /** The current record has at least one byte (so it is not an empty line). */
  private content = false;
  /** A chunk ended on a quote inside a quoted field: the next byte decides. */
  private pendingQuote = false;
  /** Before the delimiter is known, a chunk ended on \r outside quotes: the next byte decides. */
  private pendingCr = false;
  /** In a \r\n file, the last byte read was a \r outside quotes (a record end if \n follows, else data). */
  private crHeld = false;
  /** Leading bytes held back until we know whether they are a BOM. */
  private head: Buffer | undefined = Buffer.alloc(0);
  private parseError: string | undefined;
  private readonly done: Promise<void>;
  private finish!: () => void;

  constructor(private readonly delimiter = COMMA) {
    super();
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.head === undefined) this.scan(chunk, 0);
    else this.scanHead(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.head !== undefined) {
      const head = this.head;
      this.head = undefined;
      this.scan(head, head.subarray(0, 3).equals(BOM) ? 3 : 0);
    }
    this.endOfData();
    this.finish();
    callback();
  }

  /** Data rows (the header excluded) once the stream has ended, and any parse problem found. */
  async result(): Promise<{ rows: number; parseError?: string }> {
    await this.done;
    const rows = Math.max(0, this.records - 1);
    return this.parseError ? { rows, parseError: this.parseError } : { rows };
  }

  private scanHead(chunk: Buffer): void {
    const head = (this.head = Buffer.concat([this.head as Buffer, chunk]));
    if (head.length < BOM.length && BOM.subarray(0, head.length).equals(head)) return;
    this.head = undefined;
    this.scan(head, head.subarray(0, 3).equals(BOM) ? 3 : 0);
  }

  private scan(buf: Buffer, from: number): void {
    let i = from;
    if (i < buf.length && this.pendingQuote) {
      this.pendingQuote = false;
      if (buf[i] === QUOTE) i += 1; // an escaped quote: still quoted
      else this.quoted = false; // the quote closed the field; this byte is read below
    }
    if (this.eol === Eol.Unknown) i = this.scanUntilEol(buf, i);
    if (i < buf.length) this.scanKnownEol(buf, i);
  }

  /** Byte by byte until the first line end outside quotes fixes the record delimiter; returns where it stopped. */
  private scanUntilEol(buf: Buffer, from: number): number {
    const n = buf.length;
    let i = from;
    if (i < n && this.pendingCr) {
      this.pendingCr = false;
      if (buf[i] === LF) i += 1;
      this.eol = i > from ? Eol.CrLf : Eol.Cr;
      this.endRecord();
      return i;
    }
    while (i < n) {
      if (this.quoted) {
        const q = buf.indexOf(QUOTE, i);
        if (q === -1 || q === n - 1) {
          this.pendingQuote = q === n - 1;
          return n;
        }
        if (buf[q + 1] !== QUOTE) {
          this.quoted = false;
          this.fieldStart = false;
        }
        i = buf[q + 1] === QUOTE ? q + 2 : q + 1;
        continue;
      }
      const b = buf[i] as number;
      if (b === LF || b === CR) {
        if (b === CR && i + 1 === n) {
          this.pendingCr = true;
          return n;
        }
        const crlf = b === CR && buf[i + 1] === LF;
        this.eol = b === LF ? Eol.Lf : crlf ? Eol.CrLf : Eol.Cr;
        this.endRecord();
        return i + (crlf ? 2 : 1);
      }
      if (b === QUOTE && this.fieldStart) this.quoted = true;
      this.fieldStart = b === this.delimiter;
      this.content = true;
      i += 1;
    }
    return n;
  }

  /**
   * The hot loop once the delimiter is known: jumps (indexOf) from quote to
   * line end, looking at single bytes only there. In a \r\n file a \r is
   * "held": it ends the record if the next byte is \n, else it was data.
   */
  private scanKnownEol(buf: Buffer, from: number): void {
    const n = buf.length;
    const crlf = this.eol === Eol.CrLf;
    const terminator = this.eol === Eol.Cr ? CR : LF;
    const delimiter = this.delimiter;
    let { quoted, fieldStart, content, records, crHeld } = this;
    let nextQuote = -2;
    let nextEnd = -2;
    let i = from;
    while (i < n) {
      if (quoted) {
        const q = buf.indexOf(QUOTE, i);
        if (q === -1 || q === n - 1) {
          this.pendingQuote = q === n - 1;
          break;
        }
        if (buf[q + 1] === QUOTE) {
          i = q + 2;
          continue;
        }
        quoted = false;
        fieldStart = false;
        i = q + 1;
        continue;
      }
      if (nextQuote !== -1 && nextQuote < i) nextQuote = buf.indexOf(QUOTE, i);
      if (nextEnd !== -1 && nextEnd < i) nextEnd = buf.indexOf(terminator, i);
      const stop = Math.min(nextQuote === -1 ? n : nextQuote, nextEnd === -1 ? n : nextEnd);
      if (stop > i) {
        // Plain bytes: no quote, no line end. Only their last byte matters (a delimiter starts a field; a held \r).
        const last = buf[stop - 1] as number;
        if (crlf && last === CR) {
          content = content || crHeld || stop - i > 1;
          crHeld = true;
        } else {
          content = true;
          crHeld = false;
        }
        fieldStart = last === delimiter;
        i = stop;
        if (i === n) break;
      }
      if (buf[i] === QUOTE) {
        if (fieldStart) quoted = true;
        fieldStart = false;
        content = true;
        crHeld = false;
      } else if (crlf && !crHeld) {
        // \n not preceded by \r in a \r\n file: data.
        fieldStart = false;
        content = true;
      } else {
        if (content) records += 1;
        content = false;
        crHeld = false;
        fieldStart = true;
      }
      i += 1;
    }
    this.quoted = quoted;
    this.fieldStart = fieldStart;
    this.content = content;
    this.records = records;
    this.crHeld = crHeld;
  }

  private endRecord(): void {
    if (this.content) this.records += 1;
    this.content = false;
    this.fieldStart = true;
  }

  private endOfData(): void {
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.quoted = false;
    }
    if (this.pendingCr) {
      this.pendingCr = false;
      this.eol = Eol.Cr;
      this.endRecord();
    }
    if (this.crHeld) {
      this.crHeld = false;
      this.content = true;
    }
    if (this.quoted) {
      this.parseError = `Quote Not Closed: the data ends inside a quoted field (record ${this.records + 1})`;
      return;
    }
    this.endRecord();
  }
}
