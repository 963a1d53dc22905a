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
