import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { createSampleCompany, type SampleCompany } from '@churn/sample-data';
import type { FaultSettings } from './api/faults';
import { type RunningSampleApi, startSampleApi } from './api/sample-api';
import { type EmbeddedSourceDb, startEmbeddedSourceDb } from './usage-db/embedded-source-db';
import { loadUsageTable } from './usage-db/load-usage-table';

/** The variables projects/sample-company/sources.json reads, pointing at the started systems. */
export interface SampleSystemsEnv {
  SAMPLE_DATA_DIR: string;
  SAMPLE_API_URL: string;
  SAMPLE_API_TOKEN: string;
  USAGE_DB_URL: string;
}

/** Options of {@link startSampleSystems}. */
export interface SampleSystemsOptions {
  /** 1,000 or more (the generator's minimum). */
  customers: number;
  seed?: number | string;
  /** The company's as-of date, `yyyy-mm-dd` (generator default when omitted). */
  asOf?: string;
  /** Where the CRM export (`crm_customers.csv`) is written; reused when it was made with the same options. */
  dataDir: string;
  /**
   * Where product_usage_daily lives: an existing Postgres database (`url`), or
   * an embedded PGlite served over the wire protocol (`embedded`, persisted in
   * `dataDir` when given, loaded once per set of options).
   */
  usageDb: { url: string } | { embedded: { dataDir?: string } };
  /** Bearer token of the REST API; random when omitted. */
  token?: string;
  faults?: FaultSettings;
  /** Port of the REST API (0 = a free one). */
  apiPort?: number;
  host?: string;
}

/** The sample company's source systems, running. */
export interface SampleSystems {
  company: SampleCompany;
  env: SampleSystemsEnv;
  csvPath: string;
  /** Rows in product_usage_daily. */
  usageRows: number;
  api: RunningSampleApi;
  setFaults(faults: FaultSettings): void;
  /** GET /_faults: what is in force, with `failNext.count` counting down as requests arrive. */
  faults(): Promise<FaultSettings>;
  close(): Promise<void>;
}

const MARKER = '.sample-company.json';

/** What identifies a generated dataset: the same options always give the same bytes. */
function fingerprint(company: SampleCompany): string {
  const { customers, seed, asOf, defects } = company.options;
  return JSON.stringify({ customers, seed, asOf, defects });
}

/** Writes the CRM export unless `dir` already holds the export of the same company. */
async function writeCrmExport(company: SampleCompany, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const csvPath = join(dir, 'crm_customers.csv');
  const marker = join(dir, MARKER);
  if (existsSync(csvPath) && existsSync(marker) && readFileSync(marker, 'utf8') === fingerprint(company)) return csvPath;
  // Temp file + rename: a crash never leaves a half-written export behind the marker.
  const temp = `${csvPath}.${randomBytes(4).toString('hex')}.tmp`;
  await pipeline(company.crmCsv(), createWriteStream(temp));
  renameSync(temp, csvPath);
  writeFileSync(marker, fingerprint(company));
  return csvPath;
}

/** Loads product_usage_daily unless the database already holds this company's rows; returns the row count. */
async function ensureUsageTable(company: SampleCompany, url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query('CREATE TABLE IF NOT EXISTS sample_company_marker (fingerprint text NOT NULL, rows bigint NOT NULL)');
    const marker = await client.query<{ fingerprint: string; rows: string }>('SELECT fingerprint, rows FROM sample_company_marker');
    const current = marker.rows[0];
    if (current && current.fingerprint === fingerprint(company)) return Number(current.rows);
    const rows = await loadUsageTable(client, company.usageRows(), { replace: true });
    await client.query('DELETE FROM sample_company_marker');
    await client.query('INSERT INTO sample_company_marker (fingerprint, rows) VALUES ($1, $2)', [fingerprint(company), rows]);
    return rows;
  } finally {
    await client.end();
  }
}

/**
 * Starts what projects/sample-company/sources.json ingests from: the CRM export as a
 * CSV file, the billing/support/cancellations REST API, and the usage
 * database. Used by the demo (`npm start`, `npm run pipeline`) and the
 * end-to-end tests.
 */
export async function startSampleSystems(options: SampleSystemsOptions): Promise<SampleSystems> {
  const company = createSampleCompany({
    customers: options.customers,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
  });
  const token = options.token ?? `token-${randomBytes(8).toString('hex')}`;
  const csvPath = await writeCrmExport(company, options.dataDir);

  let embedded: EmbeddedSourceDb | undefined;
  let api: RunningSampleApi | undefined;
  try {
    if ('embedded' in options.usageDb) {
      const dataDir = options.usageDb.embedded.dataDir;
      if (dataDir) mkdirSync(dataDir, { recursive: true });
      embedded = await startEmbeddedSourceDb(dataDir ? { dataDir } : {});
    }
    const usageUrl = embedded ? embedded.url : (options.usageDb as { url: string }).url;
    const usageRows = await ensureUsageTable(company, usageUrl);
    const { billing_invoices, support_tickets, cancellations } = company.collections;
    api = await startSampleApi({
      collections: { invoices: billing_invoices, tickets: support_tickets, cancellations },
      token,
      ...(options.faults ? { faults: options.faults } : {}),
      ...(options.apiPort === undefined ? {} : { port: options.apiPort }),
      ...(options.host === undefined ? {} : { host: options.host }),
    });
    const running = api;
    const db = embedded;
    return {
      company,
      env: { SAMPLE_DATA_DIR: options.dataDir, SAMPLE_API_URL: running.url, SAMPLE_API_TOKEN: token, USAGE_DB_URL: usageUrl },
      csvPath,
      usageRows,
      api: running,
      setFaults: (faults) => running.setFaults(faults),
      async faults() {
        const response = await fetch(`${running.url}/_faults`, { headers: { authorization: `Bearer ${token}` } });
        return (await response.json()) as FaultSettings;
      },
      async close() {
        await running.close();
        await db?.close();
      },
    };
  } catch (err) {
    await api?.close().catch(() => undefined);
    await embedded?.close().catch(() => undefined);
    throw err;
  }
}
