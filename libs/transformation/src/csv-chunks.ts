import { stringify } from 'csv-stringify/sync';

const BATCH = 5000;

/**
 * Renders records as CSV (header first, given column order) in chunks, so a
 * snapshot of millions of rows streams into the lake without being built whole.
 */
export function* csvChunks(columns: string[], records: Iterable<Record<string, unknown>>): Generator<Buffer> {
  yield Buffer.from(stringify([], { header: true, columns }));
  let batch: Array<Record<string, unknown>> = [];
  for (const record of records) {
    batch.push(record);
    if (batch.length >= BATCH) {
      yield Buffer.from(stringify(batch, { columns }));
      batch = [];
    }
  }
  if (batch.length > 0) yield Buffer.from(stringify(batch, { columns }));
}
