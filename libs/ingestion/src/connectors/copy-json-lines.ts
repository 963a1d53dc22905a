const QUOTE = 0x01;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;

/**
 * The COPY statement that makes the server write each row of `query` as one
 * JSON document per line (row_to_json; `$1` must already be bound). CSV with
 * a quote byte (0x01) and a delimiter (0x02) that never occur in JSON text
 * (row_to_json escapes every control character inside strings), so COPY
 * writes the JSON as is. The one exception: a `json` column keeps its input
 * text, whose whitespace between tokens may hold line breaks; COPY then
 * quotes that row and {@link CopyJsonLines} unquotes it.
 */
export const copyJsonLinesSql = (query: string): string =>
  `COPY (SELECT row_to_json(q) FROM (${query}\n) q) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`;

/**
 * Turns the bytes of {@link copyJsonLinesSql} into NDJSON: chunks pass
 * through untouched unless they hold a quoted row (rare: a `json` column
 * with line breaks), whose quote bytes are dropped and whose line breaks
 * become spaces, which JSON reads the same between tokens. Line breaks
 * inside JSON strings are always escaped, so no string changes.
 */
export class CopyJsonLines {
  private inQuoted = false;

  push(chunk: Buffer): Buffer {
    if (!this.inQuoted && !chunk.includes(QUOTE)) return chunk;
    const out = Buffer.allocUnsafe(chunk.length);
    let n = 0;
    for (const byte of chunk) {
      if (byte === QUOTE) this.inQuoted = !this.inQuoted;
      else out[n++] = this.inQuoted && (byte === LF || byte === CR) ? SPACE : byte;
    }
    return out.subarray(0, n);
  }
}
