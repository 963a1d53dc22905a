import type { Database } from '@churn/database';
import type { ObjectStore } from '@churn/storage';
import type { ReferenceProfile } from '../engine/engine-types';

/** What a source's last accepted run leaves for the next one: its row count and its PSI reference. */
export interface PreviousRun {
  runId: string;
  rowsIn: number;
  reference: ReferenceProfile;
}

/**
 * The newest JSON quality report of `source` from another run whose status is
 * not `fail` (a halted batch is no baseline). A report that cannot be read
 * counts as no previous run: the checks that need one are skipped, not failed.
 */
export async function previousAcceptedRun(deps: { db: Database; storage: ObjectStore }, source: string, runId: string): Promise<PreviousRun | undefined> {
  const rows = await deps.db.prisma.artifact.findMany({
    where: {
      kind: 'quality-report',
      producer: 'validator',
      runId: { not: runId },
      AND: [{ metadata: { path: ['source'], equals: source } }, { metadata: { path: ['format'], equals: 'json' } }],
      NOT: { metadata: { path: ['status'], equals: 'fail' } },
    },
    orderBy: { createdAt: 'desc' },
    take: 1,
  });
  const row = rows[0];
  if (!row) return undefined;
  try {
    const report = JSON.parse((await deps.storage.getBuffer(row.key)).toString('utf8')) as { rowsIn?: unknown; reference?: unknown };
    if (typeof report.rowsIn !== 'number') return undefined;
    const reference = report.reference && typeof report.reference === 'object' ? (report.reference as ReferenceProfile) : {};
    return { runId: row.runId, rowsIn: report.rowsIn, reference };
  } catch {
    return undefined;
  }
}
