import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';

/** Silent logger for tests. */
export const testLogger = pino({ level: 'silent' });

/** Address of the local Postgres started by infra/postgres/start.sh. */
export const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://churn:churn@127.0.0.1:5432/churn';

/** Creates `churn_test_<random>` on the server behind DATABASE_URL; returns its URL and a dropper. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `churn_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 5_000 });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
