import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database } from '@churn/database';
import type { ArtifactRef, ArtifactWriter } from '@churn/lineage';
import type { ObjectStore, StoredObject } from '@churn/storage';
import type { RawPart } from './connectors/connector';
import { CsvRowCounter } from './csv-row-counter';

/** A part as the manifest lists it. */
export interface StoredPart {
  name: string;
  key: string;
  sha256: string;
  bytes: number;
  records: number;
  contentType: string;
  /** Identical content was already in the lake: the part points at that object. */
  reused: boolean;
  artifactId: string;
  parseError?: string;
}

/**
 * Stores one part in the run's folder: CSV rows are counted while the bytes
 * stream through untouched; content identical to an object the source already
 * has in the raw zone is not stored again, the part points at that object.
 * The part is visible on return but its visibility is durable only after
 * `storage.sync` of its key (returned as `key`): the caller syncs the run's
 * parts before writing the manifest that refers to them.
 */
export async function storePart(
  deps: { artifacts: ArtifactWriter; storage: ObjectStore; db: Database },
  input: { part: RawPart; key: string; runId: string; source: string; parentIds?: string[] },
): Promise<StoredPart> {
  const { part } = input;
  const isCsv = part.contentType.startsWith('text/csv');
  const counter = isCsv ? new CsvRowCounter() : undefined;
  const source = Buffer.isBuffer(part.body) ? Readable.from([part.body]) : part.body;
  const body = new PassThrough();
  const copying = counter ? pipeline(source, counter, body) : pipeline(source, body);

  let reusedKey: string | undefined;
  const beforeCommit = async (candidate: StoredObject): Promise<StoredObject | undefined> => {
    // Only within the source: each source's folder stays self-contained (retention, access, deletion per source).
    const twin = await deps.db.prisma.artifact.findFirst({
      where: { kind: 'raw', sha256: candidate.sha256, key: { startsWith: `raw/source=${input.source}/` } },
    });
    if (!twin || twin.key === input.key) return undefined;
    const existing = await deps.storage.head(twin.key);
    if (existing) reusedKey = existing.key;
    return existing ?? undefined;
  };

  const [stored] = await Promise.all([
    deps.artifacts.put({
      kind: 'raw',
      key: input.key,
      body,
      contentType: part.contentType,
      runId: input.runId,
      producer: 'ingestion',
      parentIds: input.parentIds ?? [],
      metadata: { source: input.source, part: part.name },
      beforeCommit,
      // Only the manifest refers to a part, and the run syncs every part before writing it.
      deferSync: true,
    }),
    copying,
  ]);
  const counted = counter ? await counter.result() : undefined;
  const records = counted?.rows ?? part.records ?? 0;
  return {
    name: part.name,
    key: reusedKey ?? stored.key,
    sha256: stored.sha256,
    bytes: stored.bytes,
    records,
    contentType: part.contentType,
    reused: reusedKey !== undefined,
    artifactId: stored.id,
    ...(counted?.parseError ? { parseError: counted.parseError } : {}),
  };
}

export type { ArtifactRef };
