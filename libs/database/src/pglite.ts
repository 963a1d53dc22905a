import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/prisma/client';
import type { MigrationDriver, MigrationSession } from './migrate';

type Queryable = Pick<Transaction, 'query' | 'exec'>;

function session(db: Queryable, pglite: PGlite): MigrationSession {
  return {
    async query(sql, params) {
      return (await db.query<Record<string, unknown>>(sql, params)).rows;
    },
    async exec(sql) {
      await db.exec(sql);
    },
    async transaction(fn) {
      // PGlite.transaction holds its query mutex, so Prisma queries cannot interleave with the migration.
      await pglite.transaction(async (tx) => fn(session(tx, pglite)));
    },
  };
}

/** Opens PGlite (in memory, or in `dataDir`, created if missing) and a PrismaClient on it. */
export async function openPglite(dataDir: string | undefined) {
  let pglite: PGlite;
  if (dataDir === undefined) {
    pglite = new PGlite();
  } else {
    const dir = resolve(dataDir);
    mkdirSync(dir, { recursive: true });
    pglite = new PGlite(dir);
  }
  await pglite.waitReady;
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });

  // PGlite is a single session, so advisory locks would be re-entrant; a promise chain serialises migrators instead.
  let tail: Promise<unknown> = Promise.resolve();
  const driver: MigrationDriver = {
    kind: 'pglite',
    withLock<T>(fn: (s: MigrationSession) => Promise<T>): Promise<T> {
      const run = tail.then(() => fn(session(pglite, pglite)));
      tail = run.catch(() => undefined);
      return run;
    },
  };

  return {
    prisma,
    driver,
    async ping(): Promise<void> {
      await pglite.query('SELECT 1');
    },
    async close(): Promise<void> {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}
