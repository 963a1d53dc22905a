import pg from 'pg';
import type { Logger } from 'pino';
import { createDatabase } from '@churn/database';
import { withDatabase } from './local-env';

export const RUNS_DB = 'churn_bench';
export const SOURCE_DB = 'churn_bench_source';

async function admin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`cannot reach Postgres at ${adminUrl} (${(err as Error).message}); start it with: bash infra/up.sh`);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated platform database for the measured runs (ingestion_runs,
 * artifacts, leases, watermarks), next to the developer's own: each bench
 * starts empty, so content dedupe and old runs play no part.
 */
export async function freshRunsDatabase(adminUrl: string, log: Logger): Promise<string> {
  await admin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${RUNS_DB} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${RUNS_DB}`);
  });
  const url = withDatabase(adminUrl, RUNS_DB);
  const db = await createDatabase({ url, logger: log });
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
  return url;
}

/** The source database of the Postgres scenario; kept between benches so a loaded table can be reused. */
export async function sourceDatabase(adminUrl: string): Promise<string> {
  await admin(adminUrl, async (c) => {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [SOURCE_DB]);
    if (!rowCount) await c.query(`CREATE DATABASE ${SOURCE_DB}`);
  });
  return withDatabase(adminUrl, SOURCE_DB);
}
