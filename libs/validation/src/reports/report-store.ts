import { PlatformError } from '@churn/core';
import type { Artifact, Database, Prisma } from '@churn/database';
import type { ObjectStore } from '@churn/storage';
import type { ReportFormat } from './report-format';

const JSON_NAME = 'report.json';

/** A stored report as the list shows it: the JSON artifact plus what its row says cheaply. */
export interface ReportEntry {
  /** The report's identity: the id of its JSON artifact (`reportArtifactId` of validation.completed). */
  id: string;
  key: string;
  source: string;
  runId: string;
  createdAt: Date;
  bytes: number;
  sha256: string;
  /** From the artifact's metadata, when the writer put them there. */
  counts: Partial<Record<'rowsIn' | 'rowsValid' | 'rowsQuarantined' | 'rowsSuperseded', number>>;
}

/** The renderings that may be stored beside a JSON report. */
const RENDERINGS = ['csv', 'html', 'md', 'pdf'] as const;
const COUNT_FIELDS = ['rowsIn', 'rowsValid', 'rowsQuarantined', 'rowsSuperseded'] as const;
const isJsonReport = (a: Pick<Artifact, 'kind' | 'key'>) => a.kind === 'quality-report' && a.key.endsWith(`/${JSON_NAME}`);

/** The key of one rendering of a report, beside its JSON: `.../report.json` -> `.../report.<format>`. */
export const siblingKey = (jsonKey: string, format: ReportFormat) => `${jsonKey.slice(0, -JSON_NAME.length)}report.${format}`;

function toEntry(a: Artifact): ReportEntry {
  const metadata = (a.metadata ?? {}) as Record<string, unknown>;
  const counts: ReportEntry['counts'] = {};
  for (const field of COUNT_FIELDS) {
    const value = metadata[field];
    if (typeof value === 'number') counts[field] = value;
  }
  // Older rows may lack metadata.source; the lake layout names it too.
  const source = typeof metadata['source'] === 'string' ? metadata['source'] : (/(?:^|\/)source=([^/]+)\//.exec(a.key)?.[1] ?? '');
  return { id: a.id, key: a.key, source, runId: a.runId, createdAt: a.createdAt, bytes: Number(a.bytes), sha256: a.sha256, counts };
}

/** Reports newest first, from the artifacts table alone (no object is read). */
export async function listReports(db: Database, filter: { source?: string; runId?: string; limit: number }): Promise<ReportEntry[]> {
  const where: Prisma.ArtifactWhereInput = {
    kind: 'quality-report',
    key: { endsWith: `/${JSON_NAME}` },
    ...(filter.runId ? { runId: filter.runId } : {}),
    ...(filter.source ? { metadata: { path: ['source'], equals: filter.source } } : {}),
  };
  const rows = await db.prisma.artifact.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: filter.limit });
  return rows.map(toEntry);
}

/** One report by its id, or undefined when no JSON quality report has that id. */
export async function findReport(db: Database, id: string): Promise<ReportEntry | undefined> {
  const row = await db.prisma.artifact.findUnique({ where: { id } });
  return row && isJsonReport(row) ? toEntry(row) : undefined;
}

/** For each report, the formats stored beside it (JSON included): one query for the whole list. */
export async function storedFormats(db: Database, reports: readonly ReportEntry[]): Promise<Map<string, ReportFormat[]>> {
  const wanted = reports.flatMap((r) => RENDERINGS.map((f) => siblingKey(r.key, f)));
  const rows = wanted.length === 0 ? [] : await db.prisma.artifact.findMany({ where: { kind: 'quality-report', key: { in: wanted } }, select: { key: true } });
  const present = new Set(rows.map((r) => r.key));
  return new Map(
    reports.map((r) => [r.id, ['json' as const, ...RENDERINGS.filter((f) => present.has(siblingKey(r.key, f)))]]),
  );
}

/**
 * The stored bytes of one rendering, or undefined when it was never stored
 * (no artifact row) or its object is gone (a write that never completed).
 */
export async function readStoredRendering(deps: { db: Database; storage: ObjectStore }, report: ReportEntry, format: ReportFormat): Promise<Buffer | undefined> {
  const key = format === 'json' ? report.key : siblingKey(report.key, format);
  if (format !== 'json') {
    const row = await deps.db.prisma.artifact.findUnique({ where: { key }, select: { kind: true, key: true } });
    if (!row || row.kind !== 'quality-report') return undefined;
  }
  try {
    return await deps.storage.getBuffer(key);
  } catch (err) {
    if (err instanceof PlatformError && err.code === 'CHURN_STORAGE_NOT_FOUND') return undefined;
    throw err;
  }
}
