/**
 * Generates the benchmark table: an orders-like CSV of N rows and 20 columns
 * with a small, fixed share of defects of every kind the engine checks
 * (malformed numbers and dates, unknown categories, out-of-range values,
 * missing required values, bad emails, repeated keys, late updates).
 * Deterministic for a given row count (DuckDB's setseed, one thread).
 */
import { DuckDBInstance } from '@duckdb/node-api';

const str = (s: string) => `'${s.replaceAll("'", "''")}'`;

export async function generateTable(path: string, rows: number): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const c = await instance.connect();
  try {
    await c.run('SELECT setseed(0.42)');
    // u<k>: independent uniform draws per row, so each column's defect rate is its own.
    await c.run(`CREATE TABLE base AS SELECT i, ${Array.from({ length: 12 }, (_, k) => `random() AS u${k}`).join(', ')} FROM range(${rows}) t(i)`);
    await c.run(`COPY (
      SELECT
        'ORD-' || lpad((CASE WHEN u0 < 0.003 AND i > 0 THEN i - 1 ELSE i END)::VARCHAR, 9, '0') AS order_id,
        'C' || lpad((hash(i) % 300000)::VARCHAR, 7, '0') AS customer_id,
        CASE WHEN u1 < 0.002 THEN strftime(DATE '2024-01-01' + (i % 1000)::INT, '%d/%m/%Y')
             WHEN u1 < 0.003 THEN '2026-02-30' ELSE (DATE '2024-01-01' + (i % 1000)::INT)::VARCHAR END AS order_date,
        CASE WHEN u2 < 0.1 THEN NULL ELSE strftime(TIMESTAMP '2024-01-02 08:00:00' + to_days((i % 1000)::INT) + to_seconds((i % 86400)::BIGINT), '%Y-%m-%dT%H:%M:%SZ') END AS shipped_at,
        CASE WHEN u3 < 0.002 THEN strftime(TIMESTAMP '2026-11-02 10:00:00' + to_seconds((i % 3600)::BIGINT), '%Y-%m-%dT%H:%M:%SZ')
             ELSE strftime(TIMESTAMP '2024-01-03 00:00:00' + to_days((i % 1000)::INT) + to_seconds((i % 86400)::BIGINT), '%Y-%m-%dT%H:%M:%SZ') END AS updated_at,
        CASE WHEN u4 < 0.03 THEN NULL WHEN u4 < 0.031 THEN 'user' || i || ' at example.com' ELSE 'user' || i || '@example.com' END AS email,
        CASE WHEN u5 < 0.002 THEN 'WEB' ELSE ['web', 'store', 'phone', 'partner'][1 + (hash(i, 1) % 4)::INT] END AS channel,
        CASE WHEN u5 > 0.98 THEN NULL ELSE ['north', 'south', 'east', 'west', 'central'][1 + (hash(i, 2) % 5)::INT] END AS region,
        CASE WHEN u6 < 0.001 THEN NULL ELSE ['placed', 'shipped', 'delivered', 'returned', 'cancelled'][1 + (hash(i, 3) % 5)::INT] END AS status,
        CASE WHEN u6 > 0.999 THEN 'eur' WHEN u7 < 0.8 THEN 'EUR' WHEN u7 < 0.95 THEN 'USD' ELSE 'GBP' END AS currency,
        CASE WHEN u8 < 0.001 THEN '1,5' WHEN u8 < 0.0015 THEN '5000' ELSE (1 + (hash(i, 4) % 10))::VARCHAR END AS quantity,
        round(5 + u9 * 200, 2)::VARCHAR AS unit_price,
        CASE WHEN u10 < 0.3 THEN NULL ELSE round(u10 * 0.3, 2)::VARCHAR END AS discount,
        CASE WHEN u8 > 0.999 THEN 'abc' WHEN u8 > 0.9985 THEN '999999' ELSE round((1 + (hash(i, 4) % 10)) * (5 + u9 * 200) * 0.9, 2)::VARCHAR END AS amount,
        round((1 + (hash(i, 4) % 10)) * (5 + u9 * 200) * 0.9 * 0.19, 2)::VARCHAR AS tax,
        CASE WHEN u11 < 0.4 THEN NULL ELSE (1 + (hash(i, 5) % 5))::VARCHAR END AS rating,
        (hash(i, 6) % 21)::VARCHAR AS items,
        CASE WHEN u11 > 0.9 THEN NULL ELSE (hash(i, 7) % 7 = 0)::VARCHAR END AS is_gift,
        CASE WHEN u2 > 0.3 THEN NULL ELSE upper(substr(md5(i::VARCHAR), 1, 8)) END AS coupon,
        round(u11 * 30, 3)::VARCHAR AS weight_kg
      FROM base ORDER BY i
    ) TO ${str(path)} (FORMAT csv, HEADER)`);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}
