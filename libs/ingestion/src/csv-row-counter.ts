import { Transform, type TransformCallback } from 'node:stream';
import { parse, type Parser } from 'csv-parse';

/**
 * A pass-through stream that counts CSV records (quoted newlines included)
 * while the bytes flow on untouched to the lake.
 */
export class CsvRowCounter extends Transform {
  private readonly parser: Parser;
  private records = 0;
  private parseError: Error | undefined;
  private readonly parsed: Promise<void>;

  constructor() {
    super();
    this.parser = parse({ relax_quotes: true, relax_column_count: true, skip_empty_lines: true, bom: true });
    this.parser.on('data', () => {
      this.records += 1;
    });
    this.parsed = new Promise((resolve) => {
      this.parser.on('end', resolve);
      this.parser.on('error', (err) => {
        this.parseError = err;
        resolve();
      });
    });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (!this.parseError) this.parser.write(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.parser.end();
    callback();
  }

  /** Data rows (the header excluded) once the stream has ended, and any parse problem found. */
  async result(): Promise<{ rows: number; parseError?: string }> {
    await this.parsed;
    const rows = Math.max(0, this.records - 1);
    return this.parseError ? { rows, parseError: this.parseError.message } : { rows };
  }
}
