// bench/ingestion/tmp-probe/conv.ts
import { readFileSync } from "node:fs";

// libs/ingestion/src/connectors/pg-values.ts
import pg from "pg";
var DATE = 1082;
var TIMESTAMP = 1114;
var TIMESTAMPTZ = 1184;
var INT8 = 20;
var NUMERIC = 1700;
var UTC_TEXT = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)\+00$/;
function significantDigits(text) {
  return text.replace(/^[-+]?0*/, "").replace(".", "").replace(/^0+/, "").length;
}
var rowValueTypes = {
  getTypeParser(oid, format) {
    if (format === "binary") return pg.types.getTypeParser(oid, "binary");
    switch (oid) {
      case DATE:
        return (v) => v;
      case TIMESTAMP:
        return (v) => v.replace(" ", "T");
      case TIMESTAMPTZ:
        return (v) => {
          const m = UTC_TEXT.exec(v);
          return m ? `${m[1]}T${m[2]}Z` : v;
        };
      case INT8:
        return (v) => Number.isSafeInteger(Number(v)) ? Number(v) : v;
      case NUMERIC:
        return (v) => /^[-+]?\d+(\.\d+)?$/.test(v) && significantDigits(v) <= 15 ? Number(v) : v;
      default:
        return pg.types.getTypeParser(oid, "text");
    }
  }
};

// libs/ingestion/src/connectors/copy-text-rows.ts
var OID = { bool: 16, name: 19, int8: 20, int2: 21, int4: 23, text: 25, oid: 26, float4: 700, float8: 701, bpchar: 1042, varchar: 1043, date: 1082, timestamp: 1114, timestamptz: 1184, uuid: 2950 };
var TAB = 9;
var LF = 10;
var SPACE = 32;
var QUOTE = 34;
var BACKSLASH = 92;
var MINUS = 45;
var DOT = 46;
var ZERO = 48;
var NINE = 57;
var PLUS = 43;
var COLON = 58;
var T = 84;
var Z = 90;
var NULL_JSON = Buffer.from("null");
var TRUE_JSON = Buffer.from("true");
var FALSE_JSON = Buffer.from("false");
var Kind = { string: 0, integer: 1, int8: 2, float: 3, bool: 4, date: 5, timestamp: 6, timestamptz: 7, parsed: 8 };
function kindOf(oid) {
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
function isDigit(b) {
  return b >= ZERO && b <= NINE;
}
function decodeCopyText(bytes) {
  if (!bytes.includes(BACKSLASH)) return bytes.toString("utf8");
  const out = Buffer.allocUnsafe(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i];
    if (b !== BACKSLASH || i + 1 >= bytes.length) {
      out[n++] = b;
      continue;
    }
    const c = bytes[++i];
    if (c >= ZERO && c <= 55) {
      let value = c - ZERO;
      for (let k = 0; k < 2 && i + 1 < bytes.length && bytes[i + 1] >= ZERO && bytes[i + 1] <= 55; k += 1) value = value * 8 + bytes[++i] - ZERO;
      out[n++] = value & 255;
    } else if (c === 120 && i + 1 < bytes.length && /[0-9a-fA-F]/.test(String.fromCharCode(bytes[i + 1]))) {
      let hex = String.fromCharCode(bytes[++i]);
      if (i + 1 < bytes.length && /[0-9a-fA-F]/.test(String.fromCharCode(bytes[i + 1]))) hex += String.fromCharCode(bytes[++i]);
      out[n++] = Number.parseInt(hex, 16);
    } else {
      const escaped = { 98: 8, 102: 12, 110: 10, 114: 13, 116: 9, 118: 11 };
      out[n++] = escaped[c] ?? c;
    }
  }
  return out.subarray(0, n).toString("utf8");
}
function isUtcTimestamptz(bytes, start, end) {
  let i = start;
  while (i < end && isDigit(bytes[i])) i += 1;
  if (i - start < 4 || end - i < 18) return false;
  for (let k = 0; k < 15; k += 1) {
    const b = bytes[i + k];
    const expected = DATE_TIME_TEMPLATE[k];
    if (expected === 0 ? !isDigit(b) : b !== expected) return false;
  }
  let j = i + 15;
  if (bytes[j] === DOT) {
    j += 1;
    const digits = j;
    while (j < end && isDigit(bytes[j])) j += 1;
    if (j === digits) return false;
  }
  return j + 3 === end && bytes[j] === PLUS && bytes[j + 1] === ZERO && bytes[j + 2] === ZERO;
}
var DATE_TIME_TEMPLATE = [MINUS, 0, 0, MINUS, 0, 0, SPACE, 0, 0, COLON, 0, 0, COLON, 0, 0];
var CopyTextRows = class {
  constructor(columns, onWatermark) {
    this.onWatermark = onWatermark;
    this.kinds = Uint8Array.from(columns.map((c) => kindOf(c.dataTypeID)));
    this.parsers = columns.map((c) => rowValueTypes.getTypeParser(c.dataTypeID, "text"));
    const lastIndex = /* @__PURE__ */ new Map();
    const probe = {};
    columns.forEach((c, i) => {
      lastIndex.set(c.name, i);
      probe[c.name] = null;
    });
    this.order = Object.keys(probe).map((name) => lastIndex.get(name));
    this.prefixes = columns.map(() => void 0);
    this.order.forEach((index, k) => {
      this.prefixes[index] = Buffer.from(`${k === 0 ? "{" : ","}${JSON.stringify(columns[index]?.name)}:`, "utf8");
    });
    this.prefixBytes = this.prefixes.reduce((sum, p) => sum + (p?.length ?? 0), 0);
    this.watermarkIndex = onWatermark ? lastIndex.get(onWatermark.column) ?? -1 : -1;
    this.starts = new Int32Array(columns.length);
    this.ends = new Int32Array(columns.length);
  }
  onWatermark;
  kinds;
  parsers;
  /** Per column: the bytes before its value (`{"name":` or `,"name":`), or undefined when a later column of the same name wins. */
  prefixes;
  order;
  watermarkIndex;
  out = Buffer.allocUnsafe(1 << 20);
  used = 0;
  /** Rows since the last take(). */
  rows = 0;
  pending;
  starts;
  ends;
  /** Bytes of all keys of a row. */
  prefixBytes;
  /** Room the current row asked for (the byte paths write at most that much). */
  rowRoom = 0;
  /** Bytes of NDJSON held for the current part. */
  get bytes() {
    return this.used;
  }
  /**
   * Converts the complete rows in `chunk` (a row may span chunks); calls
   * `onPart` each time `rowsPerPart` rows are ready, with the part's bytes.
   */
  push(chunk, rowsPerPart, onPart) {
    let data2 = chunk;
    if (this.pending) {
      data2 = Buffer.concat([this.pending, chunk]);
      this.pending = void 0;
    }
    let pos = 0;
    for (; ; ) {
      const newline = data2.indexOf(LF, pos);
      if (newline === -1) break;
      this.row(data2, pos, newline);
      pos = newline + 1;
      if (this.rows >= rowsPerPart) onPart(this.take());
    }
    if (pos < data2.length) this.pending = Buffer.from(data2.subarray(pos));
  }
  /** The rows not yet handed out; throws if the stream ended inside a row. */
  end() {
    if (this.pending) throw new Error("the COPY stream ended inside a row");
    return this.rows > 0 ? this.take() : void 0;
  }
  take() {
    const part = { body: Buffer.from(this.out.subarray(0, this.used)), records: this.rows };
    this.used = 0;
    this.rows = 0;
    return part;
  }
  room(bytes) {
    if (this.used + bytes <= this.out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.used + bytes, this.out.length * 2));
    this.out.copy(bigger, 0, 0, this.used);
    this.out = bigger;
  }
  row(data2, start, end) {
    const { starts, ends, kinds } = this;
    const columns = kinds.length;
    let field = 0;
    starts[0] = start;
    for (let k = start; k < end && field + 1 < columns; k += 1) {
      if (data2[k] === TAB) {
        ends[field] = k;
        field += 1;
        starts[field] = k + 1;
      }
    }
    if (columns > 0) ends[field] = end;
    if (field + 1 !== columns && columns > 0) throw new Error(`a COPY row has ${field + 1} fields, the query ${columns}`);
    this.rowRoom = end - start + this.prefixBytes + 6 * columns + 3;
    this.room(this.rowRoom);
    if (columns === 0) this.out[this.used++] = 123;
    for (const i of this.order) this.field(data2, i, starts[i], ends[i]);
    this.out[this.used++] = 125;
    this.out[this.used++] = LF;
    this.rows += 1;
  }
  /** Copies data[start, end) to the output: a loop for short runs (a native copy call costs more than ~40 bytes). */
  put(data2, start, end) {
    if (end - start > 48) {
      this.used += data2.copy(this.out, this.used, start, end);
      return;
    }
    const out = this.out;
    let used = this.used;
    for (let k = start; k < end; k += 1) out[used++] = data2[k];
    this.used = used;
  }
  field(data2, i, start, end) {
    const prefix = this.prefixes[i];
    this.put(prefix, 0, prefix.length);
    const isNull = end - start === 2 && data2[start] === BACKSLASH && data2[start + 1] === 78;
    if (isNull) {
      this.put(NULL_JSON, 0, 4);
      if (i === this.watermarkIndex) this.onWatermark?.offer(null);
      return;
    }
    const out = this.out;
    const watermark = i === this.watermarkIndex;
    switch (this.kinds[i]) {
      case Kind.string: {
        let plain = true;
        for (let k = start; k < end; k += 1) {
          const b = data2[k];
          if (b < SPACE || b === QUOTE || b === BACKSLASH) {
            plain = false;
            break;
          }
        }
        if (!plain) return this.slow(data2, i, start, end);
        out[this.used++] = QUOTE;
        this.put(data2, start, end);
        out[this.used++] = QUOTE;
        if (watermark) this.onWatermark?.offer(data2.toString("utf8", start, end));
        return;
      }
      case Kind.integer:
        this.put(data2, start, end);
        if (watermark) this.onWatermark?.offer(Number(data2.toString("latin1", start, end)));
        return;
      case Kind.int8:
        if (end - start > 15) return this.slow(data2, i, start, end);
        this.put(data2, start, end);
        if (watermark) this.onWatermark?.offer(Number(data2.toString("latin1", start, end)));
        return;
      case Kind.float: {
        let plain = !(end - start === 2 && data2[start] === MINUS && data2[start + 1] === ZERO);
        for (let k = start; plain && k < end; k += 1) {
          const b = data2[k];
          if (!isDigit(b) && b !== DOT && b !== MINUS) plain = false;
        }
        if (!plain) return this.slow(data2, i, start, end);
        this.put(data2, start, end);
        if (watermark) this.onWatermark?.offer(Number(data2.toString("latin1", start, end)));
        return;
      }
      case Kind.bool:
        if (data2[start] === 116) this.put(TRUE_JSON, 0, 4);
        else this.put(FALSE_JSON, 0, 5);
        if (watermark) this.onWatermark?.offer(data2[start] === 116);
        return;
      case Kind.date:
        out[this.used++] = QUOTE;
        this.put(data2, start, end);
        out[this.used++] = QUOTE;
        if (watermark) this.onWatermark?.offer(data2.toString("latin1", start, end));
        return;
      case Kind.timestamp: {
        const from = this.used + 1;
        out[this.used++] = QUOTE;
        this.put(data2, start, end);
        const space = out.indexOf(SPACE, from);
        if (space !== -1 && space < this.used) out[space] = T;
        out[this.used++] = QUOTE;
        if (watermark) this.onWatermark?.offer(out.toString("latin1", from, this.used - 1));
        return;
      }
      case Kind.timestamptz: {
        if (!isUtcTimestamptz(data2, start, end)) return this.slow(data2, i, start, end);
        const from = this.used + 1;
        out[this.used++] = QUOTE;
        this.put(data2, start, end - 3);
        out[this.used++] = Z;
        out[this.used++] = QUOTE;
        out[from + data2.indexOf(SPACE, start) - start] = T;
        if (watermark) this.onWatermark?.offer(out.toString("latin1", from, this.used - 1));
        return;
      }
      default:
        return this.slow(data2, i, start, end);
    }
  }
  /** Any value the byte paths do not take: decoded, parsed as pg-values does, stringified. */
  slow(data2, i, start, end) {
    const value = this.parsers[i](decodeCopyText(data2.subarray(start, end)));
    const json = JSON.stringify(value) ?? "null";
    this.room(json.length * 3 + this.rowRoom);
    this.used += this.out.write(json, this.used, "utf8");
    if (i === this.watermarkIndex) this.onWatermark?.offer(value);
  }
};

// libs/ingestion/src/connectors/watermark.ts
var ISO_LIKE = /^\d{4}-\d{2}-\d{2}/;
function compareWatermarks(a, b) {
  if (ISO_LIKE.test(a) && ISO_LIKE.test(b)) {
    const ta = Date.parse(a);
    const tb = Date.parse(b);
    if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta < tb ? -1 : 1;
  } else if (/^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b)) {
    const d = Number(a) - Number(b);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
var CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
var DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function twoDigits(text, at) {
  return (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
}
function isCanonicalUtc(text) {
  if (!CANONICAL_UTC.test(text)) return false;
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (month < 1 || month > 12 || day < 1 || twoDigits(text, 11) > 23 || twoDigits(text, 14) > 59 || twoDigits(text, 17) > 59) return false;
  if (day <= 28) return true;
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month]);
}
function watermarkTracker(initial) {
  let current = initial;
  let currentIsCanonical = current !== void 0 && isCanonicalUtc(current);
  return {
    offer(value) {
      let text;
      if (typeof value === "string") text = value;
      else if (typeof value === "number" || typeof value === "bigint") text = String(value);
      else if (value instanceof Date) text = value.toISOString();
      else return;
      if (text === "" || text === current) return;
      let greater;
      if (current === void 0) greater = true;
      else if (currentIsCanonical && text.length === current.length && isCanonicalUtc(text)) greater = text > current;
      else greater = compareWatermarks(text, current) > 0;
      if (greater) {
        current = text;
        currentIsCanonical = isCanonicalUtc(text);
      }
    },
    current: () => current
  };
}

// bench/ingestion/tmp-probe/conv.ts
var data = readFileSync("/tmp/pgbench/rows.txt");
var fields = [["customer_id", 25], ["day", 1082], ["sessions", 23], ["minutes", 701], ["data_mb", 701], ["features_used", 23], ["updated_at", 1184]].map(([name, dataTypeID]) => ({ name, dataTypeID }));
for (let round = 0; round < 4; round++) {
  const tracker = watermarkTracker(void 0);
  const conv = new CopyTextRows(fields, process.argv[2] === "nowm" ? void 0 : { column: "updated_at", offer: tracker.offer });
  const t = process.hrtime.bigint();
  let parts = 0;
  for (let at = 0; at < data.length; at += 65536) conv.push(data.subarray(at, at + 65536), 1e4, () => parts++);
  console.log(round, Number(process.hrtime.bigint() - t) / 1e6, "ms per 1M rows", parts, tracker.current());
}
