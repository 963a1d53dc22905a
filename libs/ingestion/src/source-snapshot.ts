import type { Database } from '@churn/database';

export interface ObjectRef {
  key: string;
  sha256: string;
  bytes: number;
}

/**
 * The manifests that together hold a source's current state, oldest first:
 * every succeeded run for an incremental source (each brought only what was
 * new), the latest alone for a source read whole each time.
 */
export async function sourceSnapshot(
  db: Database,
  source: { name: string; incremental: boolean },
): Promise<{ manifests: ObjectRef[]; latestRunId: string | undefined }> {
  const runs = await db.prisma.ingestionRun.findMany({
    where: { source: source.name, status: 'succeeded', manifestKey: { not: null } },
    orderBy: [{ finishedAt: 'asc' }, { startedAt: 'asc' }],
    select: { id: true, manifestKey: true },
  });
  const keys = runs.map((r) => r.manifestKey as string);
  const chosen = source.incremental ? keys : keys.slice(-1);
  const artifacts = await db.prisma.artifact.findMany({ where: { key: { in: chosen } }, select: { key: true, sha256: true, bytes: true } });
  const byKey = new Map(artifacts.map((a) => [a.key, { key: a.key, sha256: a.sha256, bytes: Number(a.bytes) }]));
  return { manifests: chosen.flatMap((key) => byKey.get(key) ?? []), latestRunId: runs[runs.length - 1]?.id };
}
