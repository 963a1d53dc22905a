/**
 * Generates the bench company's validated sources with DuckDB SQL: for each source the valid records as the
 * validator leaves them (typed Parquet, Snappy, one row per suite key) and its schema.json. Deterministic: every
 * value is a hash of the row number (and the customer's number), so the rows do not depend on the thread count.
 *
 * Customers: signup 2018-01-01 .. 2026-10-25; 12% of those older than two months cancel in the 400 days before the
 * as-of day and have no event after it. Events fall uniformly in [max(signup, as-of - 730 days), cancellation or
 * as-of] of a customer drawn by hash: 60% usage days (one row per customer and day), 25% invoices, 15% tickets.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSession, str, type Session } from '@churn/duckdb';
import { AS_OF, CATEGORIES, PAYMENT_METHODS, REASONS, REGIONS, schemaOf } from './bench-project';

/** Bumped when the generated data changes: a cached folder of another version is not reused. */
const DATA_VERSION = 1;

export const SOURCES = ['crm_customers', 'product_usage', 'billing_invoices', 'support_tickets', 'cancellations'] as const;
export type BenchSource = (typeof SOURCES)[number];

export interface GeneratedData {
  dir: string;
  /** Source -> its valid.parquet and schema.json. */
  files: Record<BenchSource, { parquet: string; schema: string }>;
  rows: Record<BenchSource, number>;
  /** Usage + invoice + ticket rows. */
  events: number;
}

const list = (xs: readonly string[]) => `[${xs.map(str).join(', ')}]`;

/** Macros: uniform draws, and each customer's attributes as functions of its number (events need no join). */
const macros = (entities: number) => [
  // A uniform draw in [0, 1) from a row number and a stream number.
  `CREATE MACRO u(i, k) AS CAST(hash(i, k) % 1000000007 AS DOUBLE) / 1000000007.0`,
  `CREATE MACRO pick(i, k, xs) AS xs[1 + CAST(floor(u(i, k) * len(xs)) AS INTEGER)]`,
  `CREATE MACRO customer_of(j, k) AS CAST(hash(j, k) % ${entities} AS BIGINT)`,
  `CREATE MACRO customer_id_of(c) AS 'C' || lpad(CAST(c AS VARCHAR), 7, '0')`,
  `CREATE MACRO signup_of(c) AS DATE '2018-01-01' + CAST(floor(u(c, 1) * 3220) AS INTEGER)`,
  `CREATE MACRO plan_of(c) AS CASE WHEN u(c, 11) < 0.5 THEN 'basic' WHEN u(c, 11) < 0.85 THEN 'standard' ELSE 'premium' END`,
  `CREATE MACRO fee_of(c) AS CASE plan_of(c) WHEN 'basic' THEN 20 + 20 * u(c, 17) WHEN 'standard' THEN 40 + 30 * u(c, 17) ELSE 70 + 50 * u(c, 17) END`,
  `CREATE MACRO activity_of(c) AS 0.3 + 1.4 * u(c, 30)`,
  `CREATE MACRO cancel_from(c) AS greatest(signup_of(c) + 30, DATE '${AS_OF}' - 400)`,
  `CREATE MACRO cancel_of(c) AS CASE WHEN u(c, 2) < 0.12 AND signup_of(c) < DATE '${AS_OF}' - 60
     THEN cancel_from(c) + CAST(floor(u(c, 3) * (DATE '${AS_OF}' - cancel_from(c))) AS INTEGER) END`,
  `CREATE MACRO first_event_of(c) AS greatest(signup_of(c), DATE '${AS_OF}' - 730)`,
  `CREATE MACRO last_event_of(c) AS coalesce(cancel_of(c) - 1, DATE '${AS_OF}')`,
  `CREATE MACRO day_of(c, j, k) AS first_event_of(c) + CAST(floor(u(j, k) * (last_event_of(c) - first_event_of(c) + 1)) AS INTEGER)`,
  `CREATE MACRO end_of_as_of() AS TIMESTAMP '${AS_OF} 23:59:59'`,
];

const customersSql = (n: number) => `
  SELECT customer_id_of(i) AS customer_id,
    signup_of(i) AS signup_date,
    CASE WHEN u(i, 10) < 0.03 THEN NULL ELSE plan_of(i) END AS plan,
    CASE WHEN u(i, 12) < 0.02 THEN NULL ELSE pick(i, 13, ${list(REGIONS)}) END AS region,
    CASE WHEN u(i, 14) < 0.01 THEN NULL WHEN u(i, 15) < 0.4 THEN 'web' WHEN u(i, 15) < 0.65 THEN 'store'
      WHEN u(i, 15) < 0.85 THEN 'partner' WHEN u(i, 15) < 0.95 THEN 'phone' ELSE 'referral' END AS channel,
    CASE WHEN u(i, 16) < 0.04 THEN NULL ELSE round(fee_of(i), 2) END AS monthly_fee,
    CASE WHEN u(i, 18) < 0.08 THEN NULL ELSE CAST(18 + floor(u(i, 19) * 68) AS BIGINT) END AS age,
    CAST(1 + floor(pow(u(i, 20), 4) * 200) AS BIGINT) AS seats,
    CASE WHEN u(i, 21) < 0.02 THEN NULL ELSE u(i, 22) < 0.6 END AS paperless,
    least(CAST(signup_of(i) AS TIMESTAMP) + to_days(CAST(floor(u(i, 24) * 30) AS INTEGER)) + to_seconds(CAST(hash(i, 23) % 86400 AS BIGINT)), end_of_as_of()) AS updated_at
  FROM range(${n}) t(i) ORDER BY i`;

/** One row per (customer, day): candidate rows whose day repeats an earlier one of the customer are dropped. */
const usageKeysSql = (rows: number) => `
  CREATE TABLE usage_keys AS SELECT j, c, day FROM (
    SELECT j, c, day_of(c, j, 101) AS day FROM (SELECT j, customer_of(j, 100) AS c FROM range(${Math.ceil(rows * 1.06)}) r(j))
    QUALIFY row_number() OVER (PARTITION BY c, day ORDER BY j) = 1
  ) ORDER BY j LIMIT ${rows}`;

const usageSql = () => `
  SELECT customer_id_of(c) AS customer_id, day,
    CASE WHEN u(j, 102) < 0.03 THEN NULL ELSE CAST(floor(u(j, 103) * 12 * activity_of(c)) AS BIGINT) END AS sessions,
    CASE WHEN u(j, 104) < 0.03 THEN NULL ELSE round(1 + u(j, 105) * 120 * activity_of(c), 1) END AS minutes,
    CASE WHEN u(j, 106) < 0.01 THEN NULL ELSE round(-ln(1 - u(j, 107) * 0.999999) * 300, 2) END AS data_mb,
    CAST(day AS TIMESTAMP) + INTERVAL 1 DAY + to_seconds(CAST(hash(j, 108) % 7200 AS BIGINT)) AS updated_at
  FROM usage_keys ORDER BY j`;

const invoicesSql = (rows: number) => `
  SELECT 'INV-' || lpad(CAST(j AS VARCHAR), 9, '0') AS invoice_id, customer_id_of(c) AS customer_id,
    issued AS issued_date, issued + 14 AS due_date, paid AS paid_date,
    CASE WHEN u(j, 204) < 0.02 THEN NULL ELSE round(fee_of(c) * (0.85 + 0.3 * u(j, 205)), 2) END AS amount,
    CASE WHEN paid IS NULL THEN 'open' WHEN paid > issued + 14 THEN 'late' ELSE 'paid' END AS status,
    CASE WHEN u(j, 206) < 0.05 THEN NULL ELSE pick(j, 207, ${list(PAYMENT_METHODS)}) END AS payment_method,
    CAST(coalesce(paid, issued) AS TIMESTAMP) + to_seconds(CAST(hash(j, 208) % 86400 AS BIGINT)) AS updated_at
  FROM (
    SELECT j, c, issued, CASE WHEN u(j, 202) < 0.06 OR paid > DATE '${AS_OF}' THEN NULL ELSE paid END AS paid
    FROM (SELECT j, c, issued, issued + CAST(floor(pow(u(j, 203), 2) * 40) AS INTEGER) AS paid
          FROM (SELECT j, c, day_of(c, j, 201) AS issued FROM (SELECT j, customer_of(j, 200) AS c FROM range(${rows}) r(j))))
  ) ORDER BY j`;

const ticketsSql = (rows: number) => `
  SELECT 'TCK-' || lpad(CAST(j AS VARCHAR), 9, '0') AS ticket_id, customer_id_of(c) AS customer_id, opened AS opened_at,
    CASE WHEN closed > end_of_as_of() THEN NULL ELSE closed END AS closed_at,
    CASE WHEN u(j, 305) < 0.05 THEN NULL ELSE pick(j, 306, ${list(CATEGORIES)}) END AS category,
    CASE WHEN u(j, 307) < 0.02 THEN NULL WHEN u(j, 308) < 0.3 THEN 'low' WHEN u(j, 308) < 0.85 THEN 'normal' ELSE 'high' END AS priority,
    CASE WHEN u(j, 309) < 0.4 THEN NULL ELSE CAST(1 + floor(pow(u(j, 310), 0.6) * 5) AS BIGINT) END AS rating,
    least(coalesce(closed, opened) + INTERVAL 60 SECOND, end_of_as_of()) AS updated_at
  FROM (
    SELECT j, c, opened, CASE WHEN u(j, 303) < 0.15 THEN NULL ELSE opened + to_seconds(CAST(600 + floor(pow(u(j, 304), 2) * 1200000) AS BIGINT)) END AS closed
    FROM (SELECT j, c, CAST(day_of(c, j, 301) AS TIMESTAMP) + to_seconds(CAST(hash(j, 302) % 86400 AS BIGINT)) AS opened
          FROM (SELECT j, customer_of(j, 300) AS c FROM range(${rows}) r(j)))
  ) ORDER BY j`;

const cancellationsSql = (n: number) => `
  SELECT customer_id_of(i) AS customer_id, cancel_of(i) AS cancelled_at,
    CASE WHEN u(i, 40) < 0.1 THEN NULL ELSE pick(i, 41, ${list(REASONS)}) END AS reason,
    CAST(cancel_of(i) AS TIMESTAMP) + to_seconds(CAST(hash(i, 42) % 86400 AS BIGINT)) AS updated_at
  FROM range(${n}) t(i) WHERE cancel_of(i) IS NOT NULL ORDER BY i`;

async function writeSource(session: Session, dir: string, source: BenchSource, select: string): Promise<number> {
  const folder = join(dir, source);
  mkdirSync(folder, { recursive: true });
  await session.exec(`COPY (${select}) TO ${str(join(folder, 'valid.parquet'))} (FORMAT parquet, COMPRESSION 'snappy')`);
  writeFileSync(join(folder, 'schema.json'), `${JSON.stringify(schemaOf(source), null, 2)}\n`);
  const [row] = await session.rows<{ n: number }>(`SELECT count(*) AS n FROM read_parquet(${str(join(folder, 'valid.parquet'))})`);
  return row!.n;
}

const filesOf = (dir: string) =>
  Object.fromEntries(SOURCES.map((s) => [s, { parquet: join(dir, s, 'valid.parquet'), schema: join(dir, s, 'schema.json') }])) as GeneratedData['files'];

/**
 * The bench data for `entities` customers and `events` usage + invoice + ticket rows, generated into
 * `<cacheDir>/data-v<version>-<entities>-<events>/` unless a complete folder is there already.
 */
export async function benchData(cacheDir: string, entities: number, events: number, log: (line: string) => void = () => undefined): Promise<GeneratedData> {
  const dir = join(cacheDir, `data-v${DATA_VERSION}-${entities}-${events}`);
  const done = join(dir, 'rows.json');
  if (existsSync(done)) {
    const rows = JSON.parse(readFileSync(done, 'utf8')) as GeneratedData['rows'];
    return { dir, files: filesOf(dir), rows, events: rows.product_usage + rows.billing_invoices + rows.support_tickets };
  }
  if (entities > 9_999_999) throw new Error('--entities: at most 9,999,999 (seven-digit customer ids)');
  const scratch = `${dir}.partial`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(join(scratch, 'spill'), { recursive: true });
  const started = performance.now();
  const session = await openSession({ threads: 2, memoryLimit: '4GB', spillDirectory: join(scratch, 'spill'), setup: ["SET TimeZone = 'UTC'"] });
  const usage = Math.round(events * 0.6);
  const invoices = Math.round(events * 0.25);
  const tickets = events - usage - invoices;
  try {
    for (const m of macros(entities)) await session.exec(m);
    const rows = {} as GeneratedData['rows'];
    rows.crm_customers = await writeSource(session, scratch, 'crm_customers', customersSql(entities));
    await session.exec(usageKeysSql(usage));
    rows.product_usage = await writeSource(session, scratch, 'product_usage', usageSql());
    await session.exec('DROP TABLE usage_keys');
    rows.billing_invoices = await writeSource(session, scratch, 'billing_invoices', invoicesSql(invoices));
    rows.support_tickets = await writeSource(session, scratch, 'support_tickets', ticketsSql(tickets));
    rows.cancellations = await writeSource(session, scratch, 'cancellations', cancellationsSql(entities));
    if (rows.product_usage !== usage) throw new Error(`only ${rows.product_usage} distinct usage days for ${usage} rows: too few customers for that many events`);
    rmSync(join(scratch, 'spill'), { recursive: true, force: true });
    writeFileSync(join(scratch, 'rows.json'), `${JSON.stringify(rows)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(scratch, dir);
    log(`generated ${dir} in ${((performance.now() - started) / 1000).toFixed(1)} s: ${Object.entries(rows).map(([s, n]) => `${s} ${n.toLocaleString('en')}`).join(', ')}`);
    return { dir, files: filesOf(dir), rows, events: usage + invoices + tickets };
  } finally {
    session.close();
  }
}
