import type { Logger } from 'pino';
import { PlatformError, sha256Hex } from '@churn/core';
import { toDatabaseError } from './errors';
import { bundledMigrations, type Migration } from './migrations';

/** Minimal SQL surface the migrator needs; one session for the whole run. */
export interface MigrationSession {
  query(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
  /** Runs a multi-statement script (simple query protocol). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction(fn: (tx: MigrationSession) => Promise<void>): Promise<void>;
}

/** Serialises migrators and hands out a session: pg_advisory_lock on Postgres, an in-process mutex on PGlite. */
export interface MigrationDriver {
  readonly kind: 'postgres' | 'pglite';
  withLock<T>(fn: (session: MigrationSession) => Promise<T>): Promise<T>;
}

/** Options of {@link migrate}. */
export interface MigrateOptions {
  logger: Logger;
  /** Defaults to the migrations embedded from libs/database/prisma/migrations. */
  migrations?: readonly Migration[];
}

/** What one {@link migrate} call did. */
export interface MigrationReport {
  /** Names applied by this call (empty when the schema was already current). */
  applied: string[];
  /** Names found already applied. */
  alreadyApplied: string[];
}

/** Book-keeping table; name, sha256 of the SQL, and when it ran. */
export const MIGRATIONS_TABLE = '_schema_migrations';

/** Checksums ignore CRLF vs LF so a Windows checkout does not look "changed". */
export function migrationChecksum(sql: string): string {
  return sha256Hex(sql.replace(/\r\n/g, '\n'));
}

function checkOrder(migrations: readonly Migration[]): void {
  const seen = new Set<string>();
  for (const m of migrations) {
    if (seen.has(m.name)) {
      throw new PlatformError('CHURN_DB_MIGRATION_INVALID', `duplicate migration ${m.name}`, { context: { name: m.name } });
    }
    seen.add(m.name);
  }
}

/**
 * Applies pending migrations in name order, each in its own transaction, and
 * records them in `_schema_migrations`. Refuses with CHURN_DB_MIGRATION_CHANGED
 * when an applied migration's SQL differs from the recorded checksum. Safe to
 * call from several processes at once (they queue on an advisory lock).
 */
export async function migrate(driver: MigrationDriver, options: MigrateOptions): Promise<MigrationReport> {
  const migrations = [...(options.migrations ?? bundledMigrations)].sort((a, b) => a.name.localeCompare(b.name));
  checkOrder(migrations);
  const log = options.logger;
  try {
    return await driver.withLock(async (session) => {
      await session.exec(
        `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
           "name" TEXT PRIMARY KEY,
           "checksum" TEXT NOT NULL,
           "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
         )`,
      );
      const rows = await session.query(`SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}"`);
      const applied = new Map(rows.map((row) => [String(row['name']), String(row['checksum'])]));
      const known = new Set(migrations.map((m) => m.name));

      for (const m of migrations) {
        const recorded = applied.get(m.name);
        if (recorded !== undefined && recorded !== migrationChecksum(m.sql)) {
          throw new PlatformError(
            'CHURN_DB_MIGRATION_CHANGED',
            `migration ${m.name} was already applied but its SQL has changed; add a new migration instead of editing it`,
            { retriable: false, context: { name: m.name, recorded, current: migrationChecksum(m.sql) } },
          );
        }
      }
      const unknown = [...applied.keys()].filter((name) => !known.has(name));
      if (unknown.length > 0) {
        log.warn({ unknown }, 'database has migrations this build does not know (newer deployment?)');
      }

      const report: MigrationReport = { applied: [], alreadyApplied: migrations.filter((m) => applied.has(m.name)).map((m) => m.name) };
      for (const m of migrations.filter((x) => !applied.has(x.name))) {
        const started = Date.now();
        try {
          await session.transaction(async (tx) => {
            await tx.exec(m.sql);
            await tx.query(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum") VALUES ($1, $2)`, [
              m.name,
              migrationChecksum(m.sql),
            ]);
          });
        } catch (err) {
          const mapped = toDatabaseError(err, `migration ${m.name}`);
          if (mapped.code !== 'CHURN_DB_QUERY_FAILED') throw mapped;
          throw new PlatformError('CHURN_DB_MIGRATION_FAILED', `migration ${m.name} failed: ${err instanceof Error ? err.message : String(err)}`, {
            retriable: false,
            cause: err,
            context: { name: m.name },
          });
        }
        report.applied.push(m.name);
        log.info({ migration: m.name, durationMs: Date.now() - started }, 'applied migration');
      }
      log.info({ driver: driver.kind, applied: report.applied.length, alreadyApplied: report.alreadyApplied.length }, 'database schema is current');
      return report;
    });
  } catch (err) {
    throw toDatabaseError(err, 'migrate');
  }
}
