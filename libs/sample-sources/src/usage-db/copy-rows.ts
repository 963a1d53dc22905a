import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { UsageRow } from './usage-row';

const COLUMNS = '(customer_id, day, sessions, minutes, data_mb, features_used, updated_at)';
const ROWS_PER_CHUNK = 2000;

const SPECIAL = /[\\\t\n\r]/;

/** COPY text format: backslash escapes for the characters that would break a field or row. */
function text(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const s = String(value);
  if (!SPECIAL.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** Numbers need no escaping; a missing one becomes NULL. */
function num(value: number | null | undefined): string {
  return value === null || value === undefined ? '\\N' : String(value);
}

function line(r: UsageRow): string {
  return `${text(r.customer_id)}\t${text(r.day)}\t${num(r.sessions)}\t${num(r.minutes)}\t${num(r.data_mb)}\t${num(r.features_used)}\t${text(r.updated_at)}\n`;
}

async function* chunks(rows: AsyncIterable<UsageRow> | Iterable<UsageRow>): AsyncGenerator<string> {
  let buffer: string[] = [];
  for await (const row of rows) {
    buffer.push(line(row));
    if (buffer.length === ROWS_PER_CHUNK) {
      yield buffer.join('');
      buffer = [];
    }
  }
  if (buffer.length > 0) yield buffer.join('');
}

/** Streams all rows through one `COPY ... FROM STDIN`; returns the rows copied. */
export async function copyRows(client: pg.ClientBase, tableSql: string, rows: AsyncIterable<UsageRow> | Iterable<UsageRow>): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${tableSql} ${COLUMNS} FROM STDIN`));
  await pipeline(Readable.from(chunks(rows)), stream);
  return stream.rowCount;
}

/** Batched `INSERT ... SELECT FROM unnest(...)`: for servers without COPY FROM STDIN (PGlite over its socket). */
export async function insertRows(
  client: pg.ClientBase,
  tableSql: string,
  rows: AsyncIterable<UsageRow> | Iterable<UsageRow>,
  batchSize: number,
): Promise<number> {
  const sql =
    `INSERT INTO ${tableSql} ${COLUMNS} SELECT * FROM unnest(` +
    '$1::text[], $2::date[], $3::integer[], $4::double precision[], $5::double precision[], $6::integer[], $7::timestamptz[])';
  let loaded = 0;
  let batch: UsageRow[] = [];
  const flush = async (): Promise<void> => {
    const result = await client.query(sql, [
      batch.map((r) => r.customer_id),
      batch.map((r) => r.day),
      batch.map((r) => r.sessions),
      batch.map((r) => r.minutes),
      batch.map((r) => r.data_mb),
      batch.map((r) => r.features_used),
      batch.map((r) => r.updated_at),
    ]);
    loaded += result.rowCount ?? 0;
    batch = [];
  };
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return loaded;
}
