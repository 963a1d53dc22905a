import type { PrismaClient } from '@churn/database';

type Sql = Pick<PrismaClient, '$queryRawUnsafe' | '$executeRawUnsafe'>;

/**
 * Takes the source's lease for `holder` unless another holder's lease is still
 * live. Works the same on Postgres and PGlite, across replicas; a holder that
 * dies stops renewing and its lease expires after `ttlMs`.
 */
export async function acquireSourceLease(db: Sql, source: string, holder: string, ttlMs: number): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<Array<{ holder: string }>>(
    `INSERT INTO source_leases (source, holder, expires_at) VALUES ($1, $2, now() + ($3::int * interval '1 millisecond'))
     ON CONFLICT (source) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
     WHERE source_leases.expires_at < now() OR source_leases.holder = EXCLUDED.holder
     RETURNING holder`,
    source,
    holder,
    ttlMs,
  );
  return rows.length === 1;
}

/** Gives the lease back, if `holder` still has it. */
export async function releaseSourceLease(db: Sql, source: string, holder: string): Promise<void> {
  await db.$executeRawUnsafe('DELETE FROM source_leases WHERE source = $1 AND holder = $2', source, holder);
}

/** Keeps a lease alive while work runs; returns a function that stops renewing. */
export function renewSourceLease(db: Sql, source: string, holder: string, ttlMs: number, onLost: () => void): () => void {
  const timer = setInterval(() => {
    acquireSourceLease(db, source, holder, ttlMs).then(
      (held) => {
        if (!held) onLost();
      },
      () => undefined, // a failed renewal is retried at the next tick; the lease outlives one missed tick
    );
  }, Math.max(1000, Math.floor(ttlMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}
