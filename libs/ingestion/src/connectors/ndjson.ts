/** One JSON document per line, each line ending in '\n' (an empty list gives an empty buffer). */
export function toNdjson(records: readonly unknown[]): Buffer {
  return Buffer.from(records.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');
}

/**
 * Builds one NDJSON part record by record in a reused, growing Buffer (the
 * same bytes as {@link toNdjson}): each line's string dies young instead of
 * waiting for the whole part, which keeps the heap small at high row rates.
 */
export class NdjsonBuilder {
  private buffer = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  /** Records since the last take(). */
  records = 0;

  push(record: unknown): void {
    const line = String(JSON.stringify(record));
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    const room = this.used + line.length * 3 + 1;
    if (room > this.buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(room, this.buffer.length * 2));
      this.buffer.copy(bigger, 0, 0, this.used);
      this.buffer = bigger;
    }
    this.used += this.buffer.write(line, this.used, 'utf8');
    this.buffer[this.used++] = 0x0a;
    this.records += 1;
  }

  /** The part so far, as a Buffer of its own; starts the next part. */
  take(): Buffer {
    const part = Buffer.from(this.buffer.subarray(0, this.used));
    this.used = 0;
    this.records = 0;
    return part;
  }
}

/** 'page', 1 -> 'page-000001.ndjson'. */
export function partName(prefix: string, index: number): string {
  return `${prefix}-${String(index).padStart(6, '0')}.ndjson`;
}

export const NDJSON = 'application/x-ndjson';

/** A run of whole NDJSON lines cut from a byte stream. */
export interface NdjsonChunkPart {
  body: Buffer;
  records: number;
}

/**
 * Cuts a stream of '\n'-terminated lines (bytes arriving in chunks of any
 * size) into parts of `linesPerPart` whole lines, never splitting a line.
 * Only the '\n' bytes are looked at: no line is decoded or parsed.
 */
export class NdjsonPartCutter {
  private chunks: Buffer[] = [];
  private lines = 0;

  constructor(private readonly linesPerPart: number) {
    if (!Number.isInteger(linesPerPart) || linesPerPart < 1) throw new RangeError(`linesPerPart must be a positive integer, got ${linesPerPart}`);
  }

  /** Takes the next chunk; returns the parts it completed (often none). */
  push(chunk: Buffer): NdjsonChunkPart[] {
    const done: NdjsonChunkPart[] = [];
    let start = 0;
    let at = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, at);
      if (newline === -1) break;
      at = newline + 1;
      this.lines += 1;
      if (this.lines === this.linesPerPart) {
        this.chunks.push(chunk.subarray(start, at));
        done.push(this.take());
        start = at;
      }
    }
    // Copied when the part is cut (Buffer.concat), so the source chunk is not pinned longer than that.
    if (start < chunk.length) this.chunks.push(chunk.subarray(start));
    return done;
  }

  /** At the end of the stream: the last, shorter part, if any lines are left. Throws on an unterminated last line. */
  end(): NdjsonChunkPart | undefined {
    const last = this.chunks.at(-1);
    if (last !== undefined && last[last.length - 1] !== 0x0a) throw new Error('the stream ended inside a line');
    return this.lines > 0 ? this.take() : undefined;
  }

  private take(): NdjsonChunkPart {
    const part = { body: this.chunks.length === 1 ? Buffer.from(this.chunks[0] as Buffer) : Buffer.concat(this.chunks), records: this.lines };
    this.chunks = [];
    this.lines = 0;
    return part;
  }
}
