import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import type { ObjectStore } from '@churn/storage';

/**
 * Reads a CSV object from the lake as records keyed by header, streaming the
 * parse. Numeric-looking cells become numbers; empty cells become null.
 */
export async function readCsvRecords(storage: ObjectStore, key: string): Promise<Array<Record<string, string | number | null>>> {
  const parser = (await storage.get(key)).pipe(
    parse({
      columns: true,
      bom: true,
      cast: (value) => {
        if (value === '') return null;
        const n = Number(value);
        return value.trim() !== '' && Number.isFinite(n) ? n : value;
      },
    }),
  );
  const records: Array<Record<string, string | number | null>> = [];
  for await (const record of parser) records.push(record as Record<string, string | number | null>);
  return records;
}

/** Renders records as CSV with the given column order (null as an empty cell). */
export function toCsv(columns: string[], records: Array<Record<string, unknown>>): string {
  return stringify(records, { header: true, columns, cast: { boolean: (b) => (b ? '1' : '0') } });
}
