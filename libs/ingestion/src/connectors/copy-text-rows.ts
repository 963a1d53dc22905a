import { rowValueTypes } from './pg-values';

/** When a part is cut: after `rows` rows, or once it holds `bytes` bytes (whichever comes first; the row that reaches `bytes` is in it). */
export interface PartLimits {
  rows: number;
  bytes: number;
}

/** A column of the query's result, as pg describes it. */
export interface CopyColumn {
  name: string;
  dataTypeID: number;
}

const OID = { bool: 16, name: 19, int8: 20, int2: 21, int4: 23, text: 25, oid: 26, float4: 700, float8: 701, bpchar: 1042, varchar: 1043, date: 1082, timestamp: 1114, timestamptz: 1184, uuid: 2950 };

const COPY_DATA = 0x64; // 'd'
const TAB = 0x09;
const LF = 0x0a;
const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const PLUS = 0x2b;
const COLON = 0x3a;
const T = 0x54;
const Z = 0x5a;
const NULL_JSON = Buffer.from('null');
const TRUE_JSON = Buffer.from('true');
const FALSE_JSON = Buffer.from('false');

/** Stored parts' buffers kept for reuse: with the read-ahead and two parts stored at once, a run cycles through ~4. */
const MAX_SPARES = 2;

/** How a column's COPY text becomes JSON. Most kinds copy the bytes; `parsed` goes through the column's rowValueTypes parser. */
const Kind = { string: 0, integer: 1, int8: 2, float: 3, bool: 4, date: 5, timestamp: 6, timestamptz: 7, parsed: 8 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

function kindOf(oid: number): Kind {
  switch (oid) {
    case OID.text:
    case OID.varchar:
    case OID.bpchar:
    case OID.name:
    case OID.uuid:
      return Kind.string;
    case OID.int2:
    case OID.int4:
    case OID.oid:
      return Kind.integer;
    case OID.int8:
      return Kind.int8;
    case OID.float4:
    case OID.float8:
      return Kind.float;
    case OID.bool:
      return Kind.bool;
    case OID.date:
      return Kind.date;
    case OID.timestamp:
      return Kind.timestamp;
    case OID.timestamptz:
      return Kind.timestamptz;
    default:
      return Kind.parsed;
  }
}

function isDigit(b: number): boolean {
  return b >= ZERO && b <= NINE;
}

/** The byte a COPY text escape letter stands for (\b \f \n \r \t \v). */
const ESCAPED: Record<number, number> = { 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x76: 0x0b };

function hexValue(b: number | undefined): number {
  if (b === undefined) return -1;
  if (b >= ZERO && b <= NINE) return b - ZERO;
  const lower = b | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/**
 * Decodes a field of COPY's text format: backslash escapes (\\ \n \r \t
 * \b \f \v, \ooo octal, \xhh hex; before any other character the
 * backslash just drops), then UTF-8. Only the slow paths use it.
 */
export function decodeCopyText(bytes: Buffer): string {
  if (!bytes.includes(BACKSLASH)) return bytes.toString('utf8');
  const out = Buffer.allocUnsafe(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i] as number;
    if (b !== BACKSLASH || i + 1 >= bytes.length) {
      out[n++] = b;
      continue;
    }
    const c = bytes[++i] as number;
    if (c >= ZERO && c <= 0x37) {
      let value = c - ZERO;
      for (let k = 0; k < 2 && (bytes[i + 1] ?? 0) >= ZERO && (bytes[i + 1] ?? 0) <= 0x37; k += 1) value = value * 8 + (bytes[++i] as number) - ZERO;
      out[n++] = value & 0xff;
    } else if (c === 0x78 && hexValue(bytes[i + 1]) >= 0) {
      let value = hexValue(bytes[++i]);
      if (hexValue(bytes[i + 1]) >= 0) value = value * 16 + hexValue(bytes[++i]);
      out[n++] = value;
    } else {
      out[n++] = ESCAPED[c] ?? c;
    }
  }
  return out.subarray(0, n).toString('utf8');
}

/**
 * 'yyyy-mm-dd hh:mm:ss[.f+]+00' (timestamptz in a UTC session), checked byte
 * by byte as pg-values' regex does: the index of the space between date and
 * time, or -1 when the text has another form.
 */
function utcTimestamptzSpace(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end && isDigit(bytes[i] as number)) i += 1;
  if (i - start < 4 || end - i < 18) return -1;
  // '-mm-dd hh:mm:ss' after the year: a template of separators at fixed offsets, digits elsewhere.
  for (let k = 0; k < 15; k += 1) {
    const b = bytes[i + k] as number;
    const expected = DATE_TIME_TEMPLATE[k] as number;
    if (expected === 0 ? !isDigit(b) : b !== expected) return -1;
  }
  let j = i + 15;
  if (bytes[j] === DOT) {
    j += 1;
    const digits = j;
    while (j < end && isDigit(bytes[j] as number)) j += 1;
    if (j === digits) return -1;
  }
  return j + 3 === end && bytes[j] === PLUS && bytes[j + 1] === ZERO && bytes[j + 2] === ZERO ? i + 6 : -1;
}
/** After the year of a timestamp: 0 for a digit, else the byte itself. */
const DATE_TIME_TEMPLATE = [MINUS, 0, 0, MINUS, 0, 0, SPACE, 0, 0, COLON, 0, 0, COLON, 0, 0];

/**
 * Turns rows of `COPY (query) TO STDOUT` (text format) into NDJSON lines
 * byte for byte equal to `JSON.stringify` of the row objects pg builds with
 * {@link rowValueTypes} (same keys, same order, same values), without making
 * those objects: common types are copied or lightly rewritten as bytes; any
 * other type goes through its rowValueTypes parser (at 10^7 rows, building
 * the objects and stringifying them cost more than the server's whole COPY).
 * Optionally hands the value of one column, typed as in the row objects, to
 * `onWatermark` whenever its text changes (nulls never).
 */
export class CopyTextRows {
  private readonly kinds: Uint8Array;
  private readonly parsers: ((text: string) => unknown)[];
  /** Per column: the bytes before its value (`{"name":` or `,"name":`), or undefined when a later column of the same name wins. */
  private readonly prefixes: (Buffer | undefined)[];
  private readonly order: number[];
  private readonly watermarkIndex: number;
  /** Buffers this converter allocated and has not been given back: only those may be recycled. */
  private readonly own = new WeakSet<ArrayBufferLike>();
  /** Buffers of parts already stored (see recycle), to build the next parts in. */
  private readonly spares: Buffer[] = [];
  private out = this.alloc(64 << 10);
  private used = 0;
  private lastWatermark = Buffer.alloc(64);
  private lastWatermarkLength = -1;
  /** Rows since the last take(). */
  rows = 0;
  private pending: Buffer | undefined;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** Bytes of all keys of a row. */
  private readonly prefixBytes: number;
  /** Room the current row asked for (the byte paths write at most that much). */
  private rowRoom = 0;
  /** Keys come in column order (distinct names, none integer-like): rows can be converted in one pass, see {@link rowInOrder}. */
  private readonly inOrder: boolean;
  /** The keys' bytes one after another in column order, and where each ends. */
  private readonly keyBytes: Uint8Array;
  private readonly keyEnds: Int32Array;

  constructor(
    columns: readonly CopyColumn[],
    private readonly onWatermark?: { column: string; offer(value: unknown): void },
  ) {
    this.kinds = Uint8Array.from(columns.map((c) => kindOf(c.dataTypeID)));
    this.parsers = columns.map((c) => rowValueTypes.getTypeParser(c.dataTypeID, 'text'));
    // pg fills `row[name]` column by column: a repeated name keeps its first place and its last value, and integer-like
    // names come first in a JS object. Object.keys of such an object gives exactly JSON.stringify's key order.
    const lastIndex = new Map<string, number>();
    const probe: Record<string, null> = {};
    columns.forEach((c, i) => {
      lastIndex.set(c.name, i);
      probe[c.name] = null;
    });
    this.order = Object.keys(probe).map((name) => lastIndex.get(name) as number);
    this.prefixes = columns.map(() => undefined);
    this.order.forEach((index, k) => {
      this.prefixes[index] = Buffer.from(`${k === 0 ? '{' : ','}${JSON.stringify(columns[index]?.name)}:`, 'utf8');
    });
    this.prefixBytes = this.prefixes.reduce((sum, p) => sum + (p?.length ?? 0), 0);
    this.watermarkIndex = onWatermark ? (lastIndex.get(onWatermark.column) ?? -1) : -1;
    this.starts = new Int32Array(columns.length);
    this.ends = new Int32Array(columns.length);
    this.inOrder = this.order.length === columns.length && this.order.every((index, k) => index === k);
    this.keyBytes = Buffer.concat(this.inOrder ? (this.prefixes as Buffer[]) : []);
    this.keyEnds = new Int32Array(columns.length);
    let keyEnd = 0;
    this.prefixes.forEach((p, i) => (this.keyEnds[i] = keyEnd += this.inOrder ? (p as Buffer).length : 0));
  }

  /**
   * Converts the rows of COPY's text output in `chunk` (a row may span
   * chunks); calls `onPart` each time a part reaches its limits.
   */
  push(chunk: Buffer, limits: PartLimits, onPart: (part: { body: Buffer; records: number }) => void): void {
    this.lines(chunk, 0, chunk.length, limits, onPart);
  }

  /**
   * Converts the rows in protocol frames (CopyOutFrames: whole messages;
   * each CopyData payload holds rows, one per message from Postgres) in
   * place, without copying them out of the frames; other messages are skipped.
   */
  pushFrames(frames: Buffer, limits: PartLimits, onPart: (part: { body: Buffer; records: number }) => void): void {
    let pos = 0;
    while (pos + 5 <= frames.length) {
      const end = pos + 1 + frames.readUInt32BE(pos + 1);
      if (frames[pos] === COPY_DATA) this.lines(frames, pos + 5, end, limits, onPart);
      pos = end;
    }
  }

  /** Converts the '\n'-terminated rows in data[start, end); keeps an unfinished one for the next call. */
  private lines(data: Buffer, start: number, end: number, limits: PartLimits, onPart: (part: { body: Buffer; records: number }) => void): void {
    let pos = start;
    if (this.pending) {
      // Finish the row begun earlier in a small buffer of its own; the rest is read in place.
      const newline = data.indexOf(LF, pos);
      if (newline === -1 || newline >= end) {
        this.pending = Buffer.concat([this.pending, data.subarray(pos, end)]);
        return;
      }
      const row = Buffer.concat([this.pending, data.subarray(pos, newline)]);
      this.pending = undefined;
      this.row(row, 0, row.length);
      pos = newline + 1;
      if (this.rows >= limits.rows || this.used >= limits.bytes) onPart(this.take());
    }
    for (;;) {
      const newline = data.indexOf(LF, pos);
      if (newline === -1 || newline >= end) break;
      this.row(data, pos, newline);
      pos = newline + 1;
      if (this.rows >= limits.rows || this.used >= limits.bytes) onPart(this.take());
    }
    if (pos < end) this.pending = Buffer.from(data.subarray(pos, end));
  }

  /** The rows not yet handed out; throws if the stream ended inside a row. */
  end(): { body: Buffer; records: number } | undefined {
    if (this.pending) throw new Error('the COPY stream ended inside a row');
    return this.rows > 0 ? this.take() : undefined;
  }

  private take(): { body: Buffer; records: number } {
    // The part keeps the buffer it was built in (no copy) unless that has much room to spare (the first part, grown by
    // doubling); the next one starts in a buffer a little larger than this part.
    const slack = this.out.length > this.used * 1.5 + (64 << 10);
    const part = { body: slack ? Buffer.from(this.out.subarray(0, this.used)) : this.out.subarray(0, this.used), records: this.rows };
    this.out = this.alloc(Math.ceil(this.used * 1.1) + (64 << 10));
    this.used = 0;
    this.rows = 0;
    return part;
  }

  /**
   * Gives back the body of a part handed out earlier, once nothing reads it
   * any more (stored): a later part is built in its memory. Without it,
   * every part is a fresh ~1.5-2 MB allocation outside the JS heap, and V8
   * answers that churn (GBs per run) with full garbage collections. Bodies
   * it did not allocate, or given back twice, are ignored.
   */
  recycle(body: Buffer): void {
    if (!this.own.has(body.buffer) || this.spares.length >= MAX_SPARES) return;
    this.own.delete(body.buffer);
    this.spares.push(Buffer.from(body.buffer, 0, body.buffer.byteLength));
  }

  private alloc(size: number): Buffer {
    const spare = this.spares.findIndex((b) => b.length >= size);
    const buffer = spare === -1 ? Buffer.allocUnsafeSlow(size) : (this.spares.splice(spare, 1)[0] as Buffer);
    this.own.add(buffer.buffer);
    return buffer;
  }

  private room(bytes: number): void {
    if (this.used + bytes <= this.out.length) return;
    const bigger = this.alloc(Math.max(this.used + bytes, this.out.length * 2));
    this.out.copy(bigger, 0, 0, this.used);
    this.out = bigger;
  }

  private row(data: Buffer, start: number, end: number): void {
    const { kinds } = this;
    const columns = kinds.length;
    // The byte paths write each value's bytes once, plus at most 5 (quotes and a 'Z', or 'false'/'null').
    this.rowRoom = end - start + this.prefixBytes + 6 * columns + 3;
    this.room(this.rowRoom);
    if (this.inOrder && columns > 0 && this.rowInOrder(data, start, end)) {
      this.rows += 1;
      return;
    }
    this.rowByFields(data, start, end);
  }

  /**
   * The common row in one pass: each field is copied as its end is looked
   * for, checked on the way. Any value the pass does not take (text needing
   * JSON escapes, COPY backslash escapes, a float with an exponent, a type
   * it does not know, a wrong field count...) gives the row up: false, with
   * nothing written and nothing offered, and {@link rowByFields} converts
   * the whole row instead, exactly as before. Room for the row is reserved.
   */
  private rowInOrder(data: Buffer, start: number, end: number): boolean {
    const { kinds, keyBytes, keyEnds, out } = this;
    const last = kinds.length - 1;
    let u = this.used;
    let pos = start;
    let key = 0;
    // The watermark column's value: where it is in data, and in out (without quotes).
    let markStart = -1;
    let markEnd = -1;
    let markOut = -1;
    let markOutEnd = -1;
    for (let c = 0; c <= last; c += 1) {
      const keyEnd = keyEnds[c] as number;
      while (key < keyEnd) out[u++] = keyBytes[key++] as number;
      const from = pos;
      const fieldEnd = c === last ? end : -1; // -1: at the next tab
      if (data[pos] === BACKSLASH && data[pos + 1] === 0x4e && (pos + 2 === end || (c !== last && data[pos + 2] === TAB))) {
        // \N: null (a null never moves the watermark)
        out[u++] = 0x6e;
        out[u++] = 0x75;
        out[u++] = 0x6c;
        out[u++] = 0x6c;
        pos += 2;
      } else {
        const kind = kinds[c] as Kind;
        let valueOut = u;
        switch (kind) {
          case Kind.string: {
            out[u++] = QUOTE;
            valueOut = u;
            for (; pos < end; pos += 1) {
              const b = data[pos] as number;
              if (b < SPACE || b === QUOTE || b === BACKSLASH) {
                if (b === TAB && fieldEnd === -1) break;
                return false; // needs escapes: JSON's or COPY's
              }
              out[u++] = b;
            }
            out[u++] = QUOTE;
            break;
          }
          case Kind.integer:
          case Kind.int8:
          case Kind.float: {
            // Integers are copied as they are; floats too while they are plain digits (as in field()).
            const plainOnly = kind === Kind.float;
            for (; pos < end; pos += 1) {
              const b = data[pos] as number;
              if (b === TAB) break;
              if (plainOnly && !isDigit(b) && b !== DOT && b !== MINUS) return false;
              out[u++] = b;
            }
            if (kind === Kind.int8 && pos - from > 15) return false;
            if (plainOnly && pos - from === 2 && data[from] === MINUS && data[from + 1] === ZERO) return false;
            break;
          }
          case Kind.bool: {
            if (data[pos] === 0x74) {
              out[u++] = 0x74;
              out[u++] = 0x72;
              out[u++] = 0x75;
              out[u++] = 0x65;
            } else {
              out[u++] = 0x66;
              out[u++] = 0x61;
              out[u++] = 0x6c;
              out[u++] = 0x73;
              out[u++] = 0x65;
            }
            pos += 1;
            break;
          }
          case Kind.date:
          case Kind.timestamp:
          case Kind.timestamptz: {
            out[u++] = QUOTE;
            valueOut = u;
            // timestamp: the first space becomes a 'T', as in field()
            let space = kind === Kind.timestamp ? SPACE : -1;
            for (; pos < end; pos += 1) {
              const b = data[pos] as number;
              if (b === TAB) break;
              if (b === space) {
                out[u++] = T;
                space = -1;
              } else out[u++] = b;
            }
            if (kind === Kind.timestamptz) {
              const at = utcTimestamptzSpace(data, from, pos);
              if (at === -1) return false;
              u -= 3; // without '+00'
              out[valueOut + at - from] = T;
              out[u++] = Z;
            }
            out[u++] = QUOTE;
            break;
          }
          default:
            return false;
        }
        if (c === this.watermarkIndex) {
          markStart = from;
          markEnd = pos;
          markOut = valueOut;
          markOutEnd = kind === Kind.string || kind >= Kind.date ? u - 1 : u;
        }
      }
      // A field ends at a tab, the last one at the row's end; anything else (fields missing or extra) goes the slow way.
      if (fieldEnd === -1) {
        if (pos >= end) return false;
        pos += 1; // the tab
      } else if (pos !== end) return false;
    }
    out[u++] = 0x7d; // '}'
    out[u++] = LF;
    this.used = u;
    if (markStart !== -1 && this.newWatermarkText(data, markStart, markEnd)) this.offerMark(data, markStart, markEnd, markOut, markOutEnd);
    return true;
  }

  /** Offers the watermark column's value (fast path), typed as field() offers it. */
  private offerMark(data: Buffer, start: number, end: number, outStart: number, outEnd: number): void {
    const offer = this.onWatermark?.offer;
    if (!offer) return;
    switch (this.kinds[this.watermarkIndex]) {
      case Kind.string:
        return offer(data.toString('utf8', start, end));
      case Kind.bool:
        return offer(data[start] === 0x74);
      case Kind.integer:
      case Kind.int8:
      case Kind.float:
        return offer(Number(data.toString('latin1', start, end)));
      default:
        return offer(this.out.toString('latin1', outStart, outEnd));
    }
  }

  /** A row field by field, in key order: every value the byte paths take, others through the column's parser. */
  private rowByFields(data: Buffer, start: number, end: number): void {
    const { starts, ends, kinds } = this;
    const columns = kinds.length;
    // Fields end at a tab (COPY escapes tabs inside values); a JS scan beats a native indexOf call per field.
    let field = 0;
    starts[0] = start;
    for (let k = start; k < end && field + 1 < columns; k += 1) {
      if (data[k] === TAB) {
        ends[field] = k;
        field += 1;
        starts[field] = k + 1;
      }
    }
    if (columns > 0) ends[field] = end;
    if (field + 1 !== columns && columns > 0) throw new Error(`a COPY row has ${field + 1} fields, the query ${columns}`);
    if (columns === 0) this.out[this.used++] = 0x7b; // '{'
    for (const i of this.order) this.field(data, i, starts[i] as number, ends[i] as number);
    this.out[this.used++] = 0x7d; // '}'
    this.out[this.used++] = LF;
    this.rows += 1;
  }

  /** Copies data[start, end) to the output: a loop for short runs (a native copy call costs more than ~40 bytes). */
  private put(data: Buffer, start: number, end: number): void {
    if (end - start > 48) {
      this.used += data.copy(this.out, this.used, start, end);
      return;
    }
    const out = this.out;
    let used = this.used;
    for (let k = start; k < end; k += 1) out[used++] = data[k] as number;
    this.used = used;
  }

  private field(data: Buffer, i: number, start: number, end: number): void {
    const prefix = this.prefixes[i] as Buffer;
    this.put(prefix, 0, prefix.length);
    const isNull = end - start === 2 && data[start] === BACKSLASH && data[start + 1] === 0x4e; // \N
    if (isNull) {
      this.put(NULL_JSON, 0, 4);
      return; // a null never moves the watermark
    }
    const out = this.out;
    // Rows in watermark order repeat a value many times (~20x in the usage table): only a new text can move the watermark.
    const watermark = i === this.watermarkIndex && this.newWatermarkText(data, start, end);
    switch (this.kinds[i]) {
      case Kind.string: {
        let plain = true;
        for (let k = start; k < end; k += 1) {
          const b = data[k] as number;
          if (b < SPACE || b === QUOTE || b === BACKSLASH) {
            plain = false;
            break;
          }
        }
        if (!plain) return this.slow(data, i, start, end, watermark);
        out[this.used++] = QUOTE;
        this.put(data, start, end);
        out[this.used++] = QUOTE;
        if (watermark) this.onWatermark?.offer(data.toString('utf8', start, end));
        return;
      }
      case Kind.integer:
        this.put(data, start, end);
        if (watermark) this.onWatermark?.offer(Number(data.toString('latin1', start, end)));
        return;
      case Kind.int8:
        // Up to 15 digits is always a safe integer; longer ones may not be (then pg-values keeps the text).
        if (end - start > 15) return this.slow(data, i, start, end, watermark);
        this.put(data, start, end);
        if (watermark) this.onWatermark?.offer(Number(data.toString('latin1', start, end)));
        return;
      case Kind.float: {
        // Postgres and JS write a double in the same shortest form unless Postgres uses an exponent (or -0, NaN, Infinity).
        let plain = !(end - start === 2 && data[start] === MINUS && data[start + 1] === ZERO);
        for (let k = start; plain && k < end; k += 1) {
          const b = data[k] as number;
          if (!isDigit(b) && b !== DOT && b !== MINUS) plain = false;
        }
        if (!plain) return this.slow(data, i, start, end, watermark);
        this.put(data, start, end);
        if (watermark) this.onWatermark?.offer(Number(data.toString('latin1', start, end)));
        return;
      }
      case Kind.bool:
        if (data[start] === 0x74) this.put(TRUE_JSON, 0, 4);
        else this.put(FALSE_JSON, 0, 5);
        if (watermark) this.onWatermark?.offer(data[start] === 0x74);
        return;
      case Kind.date:
        out[this.used++] = QUOTE;
        this.put(data, start, end);
        out[this.used++] = QUOTE;
        if (watermark) this.onWatermark?.offer(data.toString('latin1', start, end));
        return;
      case Kind.timestamp: {
        const from = this.used + 1;
        out[this.used++] = QUOTE;
        this.put(data, start, end);
        const space = out.indexOf(SPACE, from);
        if (space !== -1 && space < this.used) out[space] = T;
        out[this.used++] = QUOTE;
        if (watermark) this.onWatermark?.offer(out.toString('latin1', from, this.used - 1));
        return;
      }
      case Kind.timestamptz: {
        const space = utcTimestamptzSpace(data, start, end);
        if (space === -1) return this.slow(data, i, start, end, watermark);
        const from = this.used + 1;
        out[this.used++] = QUOTE;
        this.put(data, start, end - 3); // without '+00'
        out[this.used++] = Z;
        out[this.used++] = QUOTE;
        out[from + space - start] = T;
        if (watermark) this.onWatermark?.offer(out.toString('latin1', from, this.used - 1));
        return;
      }
      default:
        return this.slow(data, i, start, end, watermark);
    }
  }

  /** Whether the watermark column's text differs from the previous row's; remembers it. */
  private newWatermarkText(data: Buffer, start: number, end: number): boolean {
    const length = end - start;
    let last = this.lastWatermark;
    if (length === this.lastWatermarkLength) {
      let same = true;
      for (let k = 0; k < length; k += 1) {
        if (last[k] !== data[start + k]) {
          same = false;
          break;
        }
      }
      if (same) return false;
    }
    if (length > last.length) last = this.lastWatermark = Buffer.allocUnsafe(length * 2);
    for (let k = 0; k < length; k += 1) last[k] = data[start + k] as number;
    this.lastWatermarkLength = length;
    return true;
  }

  /** Any value the byte paths do not take: decoded, parsed as pg-values does, stringified. */
  private slow(data: Buffer, i: number, start: number, end: number, watermark: boolean): void {
    const value = (this.parsers[i] as (text: string) => unknown)(decodeCopyText(data.subarray(start, end)));
    const json = JSON.stringify(value) ?? 'null';
    this.room(json.length * 3 + this.rowRoom);
    this.used += this.out.write(json, this.used, 'utf8');
    if (watermark) this.onWatermark?.offer(value);
  }
}
