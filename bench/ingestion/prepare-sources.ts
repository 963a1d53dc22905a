import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { createSampleCompany } from '@churn/sample-data';
import { collectionFromArray, loadUsageTable, startSampleApi, type RecordCollection, type UsageRow } from '@churn/sample-sources';
import { syntheticInvoices } from './synthetic-invoices';

/** The generator's smallest company. */
const MIN_CUSTOMERS = 1000;
export const USAGE_TABLE = 'bench_usage';
/** The sample sources file's usage query, on the bench table: a first incremental run reads every row in watermark order. */
export const USAGE_QUERY = `SELECT customer_id, day, sessions, minutes, data_mb, features_used, updated_at FROM ${USAGE_TABLE} WHERE updated_at > $1 ORDER BY updated_at, customer_id, day`;

/** Writes the sample company's CRM export of `customers` customers to `dir`. */
export async function prepareCsv(dir: string, customers: number): Promise<{ path: string; bytes: number }> {
  const company = createSampleCompany({ customers: Math.max(MIN_CUSTOMERS, customers) });
  const path = join(dir, 'crm_customers.csv');
  await pipeline(company.crmCsv(), createWriteStream(path));
  return { path, bytes: (await stat(path)).size };
}

/**
 * Starts the sample REST API serving `records` invoices: the synthetic
 * collection (exactly `records`, cheap) or the sample company's billing
 * collection sized to about `records` (realistic, ~40 µs per record to generate).
 */
export async function prepareRest(records: number, data: 'synthetic' | 'billing'): Promise<{ url: string; token: string; close(): Promise<void> }> {
  let invoices: RecordCollection;
  if (data === 'synthetic') invoices = syntheticInvoices(records);
  else {
    // About 9 invoices per customer in this company (one per month of tenure within 12 months).
    const company = createSampleCompany({ customers: Math.max(MIN_CUSTOMERS, Math.ceil(records / 9)) });
    invoices = company.collections.billing_invoices as unknown as RecordCollection;
  }
  const token = 'bench-token';
  const api = await startSampleApi({
    token,
    collections: { invoices, tickets: collectionFromArray('support_tickets', []), cancellations: collectionFromArray('cancellations', []) },
  });
  return { url: api.url, token, close: () => api.close() };
}

function* firstRows(rows: Iterable<UsageRow>, n: number): Generator<UsageRow> {
  if (n <= 0) return;
  let i = 0;
  for (const row of rows) {
    yield row;
    if (++i >= n) return;
  }
}

/**
 * Fills the scratch usage table with the first `rows` usage rows of a sample
 * company (one COPY), unless it already holds exactly that load (marked in
 * the table comment) and `reload` is false. Defects (missing measures,
 * outliers) included, as the sample usage database has them.
 */
export async function prepareDb(sourceUrl: string, rows: number, reload: boolean): Promise<{ rows: number; reused: boolean }> {
  const marker = `bench usage rows=${rows} seed=42 v3`;
  const client = new pg.Client({ connectionString: sourceUrl });
  await client.connect();
  try {
    const existing = await client.query<{ comment: string | null }>(`SELECT obj_description(to_regclass($1), 'pg_class') AS comment`, [USAGE_TABLE]);
    if (!reload && existing.rows[0]?.comment === marker) {
      const { rows: counted } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${USAGE_TABLE}`);
      return { rows: Number(counted[0]?.n ?? 0), reused: true };
    }
    // A fresh table each time: no dead tuples or bloat from earlier loads.
    await client.query(`DROP TABLE IF EXISTS ${USAGE_TABLE}`);
    // About 32 active days per customer over 90 days; oversizing costs nothing, customers are generated lazily.
    const customers = Math.min(5_000_000, Math.max(MIN_CUSTOMERS, Math.ceil(rows / 20)));
    const company = createSampleCompany({ customers });
    const loaded = await loadUsageTable(client, firstRows(company.usageRows(), rows), { table: USAGE_TABLE, method: 'copy' });
    // A daily usage table is appended day after day, so its rows lie in updated_at order; the generator writes them
    // customer by customer. CLUSTER restores the real layout (else the ordered read is random heap access, ~3x slower
    // on the server), and VACUUM sets hint bits and statistics, as on a table that has been sitting there.
    await client.query(`CLUSTER ${USAGE_TABLE} USING ${USAGE_TABLE}_updated_at_idx`);
    await client.query(`VACUUM (ANALYZE) ${USAGE_TABLE}`);
    await client.query(`COMMENT ON TABLE ${USAGE_TABLE} IS '${marker}'`);
    return { rows: loaded, reused: false };
  } finally {
    await client.end();
  }
}
