import { PlatformError } from '@churn/core';
import { toDatabaseError } from './errors';
import type { PrismaClient } from './generated/prisma/client';
import { migrate, type MigrationReport } from './migrate';
import type { Migration } from './migrations';
import { parseDatabaseOptions, type DatabaseOptions } from './options';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

/** A connected database: the Prisma client plus lifecycle helpers. */
export interface Database {
  readonly prisma: PrismaClient;
  readonly kind: 'postgres' | 'pglite';
  /** Applies pending migrations (default: the embedded ones); see {@link migrate}. */
  migrate(options?: { migrations?: readonly Migration[] }): Promise<MigrationReport>;
  /** Round-trips `SELECT 1`; throws retriable CHURN_DB_UNAVAILABLE when the server is unreachable. */
  ping(): Promise<void>;
  /** Disconnects Prisma and closes the pool / PGlite. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens the platform database. `postgres://` URLs use a pg pool behind
 * @prisma/adapter-pg (lazy: no connection is made until first use);
 * `pglite:<dir>` / `pglite:memory` run embedded Postgres via PGlite.
 */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  const { target, logger } = parseDatabaseOptions(options);
  let handle: Awaited<ReturnType<typeof openPglite>> | ReturnType<typeof openPostgres>;
  if (target.kind === 'postgres') {
    handle = openPostgres(target.connectionString, target.poolSize, logger);
  } else {
    try {
      handle = await openPglite(target.dataDir);
    } catch (err) {
      throw new PlatformError('CHURN_DB_OPEN_FAILED', `cannot open PGlite at ${target.dataDir ?? 'memory'}: ${String(err)}`, {
        retriable: false,
        cause: err,
        context: { dataDir: target.dataDir },
      });
    }
  }
  logger.debug({ kind: target.kind }, 'database client created');

  let closed: Promise<void> | undefined;
  return {
    prisma: handle.prisma,
    kind: target.kind,
    migrate: (opts = {}) => migrate(handle.driver, { logger, migrations: opts.migrations }),
    async ping() {
      try {
        await handle.ping();
      } catch (err) {
        throw toDatabaseError(err, 'ping');
      }
    },
    close() {
      closed ??= handle.close().catch((err: unknown) => {
        logger.warn({ err }, 'error while closing database');
      });
      return closed;
    },
  };
}
