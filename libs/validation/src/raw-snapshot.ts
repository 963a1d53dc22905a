import { PlatformError } from '@churn/core';
import { rawManifestSchema, type RawManifest } from '@churn/contracts';
import type { ObjectStore } from '@churn/storage';
import { createAjv } from './ajv-instance';
import { validationErrors } from './validation-errors';

const isRawManifest = createAjv().compile<RawManifest>(rawManifestSchema);

/** What the ingestion event says about one source's snapshot. */
export interface SnapshotEntry {
  source: string;
  format: 'csv' | 'ndjson';
  /** Manifests, oldest first. */
  snapshot: ReadonlyArray<{ key: string }>;
}

/**
 * Reads the manifests of a source's snapshot, NEWEST first (the order in which
 * a later delivery of a key wins). Each must be a RawManifest v2 of this source
 * and format; anything else fails with CHURN_VALIDATION_BAD_MANIFEST. Storage
 * outages keep their own (retriable) errors.
 */
export async function readSnapshot(storage: ObjectStore, entry: SnapshotEntry): Promise<Array<{ key: string; manifest: RawManifest }>> {
  const manifests: Array<{ key: string; manifest: RawManifest }> = [];
  for (const { key } of [...entry.snapshot].reverse()) {
    manifests.push({ key, manifest: await readManifest(storage, entry, key) });
  }
  return manifests;
}

async function readManifest(storage: ObjectStore, entry: SnapshotEntry, key: string): Promise<RawManifest> {
  let text: string;
  try {
    text = (await storage.getBuffer(key)).toString('utf8');
  } catch (err) {
    if (err instanceof PlatformError && err.code === 'CHURN_STORAGE_NOT_FOUND') throw validationErrors.badManifest(entry.source, key, 'not found', err);
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw validationErrors.badManifest(entry.source, key, `not JSON (${(err as Error).message})`, err);
  }
  if (!isRawManifest(parsed)) {
    const problems = (isRawManifest.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    throw validationErrors.badManifest(entry.source, key, `not a RawManifest v2: ${problems.join('; ')}`);
  }
  if (parsed.source !== entry.source || parsed.format !== entry.format) {
    throw validationErrors.badManifest(entry.source, key, `describes ${parsed.source} (${parsed.format}), expected ${entry.source} (${entry.format})`);
  }
  return parsed;
}
