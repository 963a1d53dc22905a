import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { RawManifest } from '@churn/contracts';
import type { ObjectStore } from '@churn/storage';
import type { SuiteInput } from '../engine/engine-types';
import { validationErrors } from '../validation-errors';

/** A raw part downloaded for the engine: its local file and the lake key it came from. */
export interface LocalPart extends SuiteInput {
  key: string;
}

/**
 * Copies every part of a snapshot's manifests (newest first) into `dir`;
 * `delivery` is the manifest's position, so a newer manifest's keys supersede
 * older ones. Storage errors keep their retriability, with source and part named.
 */
export async function downloadParts(
  storage: ObjectStore,
  input: { source: string; format: 'csv' | 'ndjson'; manifests: ReadonlyArray<{ manifest: RawManifest }>; dir: string; signal: AbortSignal },
): Promise<LocalPart[]> {
  const parts: LocalPart[] = [];
  for (const [delivery, { manifest }] of input.manifests.entries()) {
    for (const part of manifest.parts) {
      input.signal.throwIfAborted();
      const path = join(input.dir, `${String(parts.length).padStart(5, '0')}.${input.format}`);
      try {
        await pipeline(await storage.get(part.key), createWriteStream(path), { signal: input.signal });
      } catch (err) {
        throw validationErrors.inPart(err, input.source, part.key);
      }
      parts.push({ path, format: input.format, delivery, key: part.key });
    }
  }
  return parts;
}
