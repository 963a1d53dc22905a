import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { openSession, str } from '@churn/duckdb';
import type { ObjectStore } from '@churn/storage';

/** A row of a Parquet file: column name -> value (BIGINT as number, TIMESTAMP as Date). */
export type ParquetRow = Record<string, unknown>;

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value !== null && typeof value === 'object' && 'micros' in value) return new Date(Number((value as { micros: bigint }).micros / 1000n));
  if (value !== null && typeof value === 'object' && 'days' in value) return new Date(Number((value as { days: number }).days) * 86_400_000);
  if (value !== null && typeof value === 'object' && 'toDouble' in value) return (value as { toDouble(): number }).toDouble();
  return value;
}

/**
 * Streams the rows of a Parquet object of the lake, one DuckDB chunk (2,048 rows) at a time, so memory stays
 * bounded by the chunk, not the file. The object is copied to a temporary file first (DuckDB reads local files).
 */
export async function* readParquetRows(storage: ObjectStore, key: string, options: { orderBy?: string } = {}): AsyncGenerator<ParquetRow> {
  const dir = await mkdtemp(join(tmpdir(), 'churn-parquet-'));
  const session = await openSession({ memoryLimit: '256MB', spillDirectory: dir });
  try {
    const path = join(dir, 'data.parquet');
    await pipeline(await storage.get(key), createWriteStream(path));
    const result = await session.connection.stream(`SELECT * FROM read_parquet(${str(path)})${options.orderBy ? ` ORDER BY ${options.orderBy}` : ''}`);
    const names = result.columnNames();
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const row of chunk.getRows()) yield Object.fromEntries(names.map((n, i) => [n, plain(row[i])]));
    }
  } finally {
    session.close();
    await rm(dir, { recursive: true, force: true });
  }
}
