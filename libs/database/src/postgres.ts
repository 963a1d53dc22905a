import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Logger } from 'pino';
import { PrismaClient } from './generated/prisma/client';
import type { MigrationDriver, MigrationSession } from './migrate';

/** Arbitrary fixed key: every churn migrator takes the same session-level advisory lock. */
const MIGRATION_LOCK_KEY = '4286010735271';

function clientSession(client: pg.PoolClient): MigrationSession {
  const session: MigrationSession = {
    async query(sql, params) {
      return (await client.query(sql, params)).rows as Array<Record<string, unknown>>;
    },
    async exec(sql) {
      // No parameters -> simple query protocol, which accepts multi-statement scripts.
      await client.query(sql);
    },
    async transaction(fn) {
      await client.query('BEGIN');
      try {
        await fn(session);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    },
  };
  return session;
}

/** Opens a pg pool and a PrismaClient on it (lazily: nothing connects until the first query). */
export function openPostgres(connectionString: string, poolSize: number, logger: Logger) {
  const pool = new pg.Pool({ connectionString, max: poolSize, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
  // An idle client losing its server emits 'error' on the pool; unhandled it would crash the process.
  pool.on('error', (err) => logger.warn({ err }, 'postgres pool client error'));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });

  const driver: MigrationDriver = {
    kind: 'postgres',
    async withLock(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
        try {
          return await fn(clientSession(client));
        } finally {
          await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`).catch((err: Error) => {
            broken = err;
          });
        }
      } finally {
        // A client whose unlock failed may still hold the lock: destroy it rather than pool it.
        client.release(broken);
      }
    },
  };

  return {
    prisma,
    driver,
    async ping(): Promise<void> {
      await pool.query('SELECT 1');
    },
    async close(): Promise<void> {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
