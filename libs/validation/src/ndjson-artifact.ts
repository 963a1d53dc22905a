import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ArtifactRef, ArtifactWriter, PutArtifactInput } from '@churn/lineage';

/** An NDJSON artifact being written line by line. */
export interface NdjsonArtifact {
  /** Appends one value as a line; waits while the store is behind. */
  write(value: unknown): Promise<void>;
  /** Ends the object and waits until it is stored and recorded. */
  close(): Promise<ArtifactRef>;
  /** Gives up: the object never becomes visible (the store discards a body that failed). */
  abort(reason: Error): Promise<void>;
}

/** Starts streaming an NDJSON artifact into the lake. */
export function openNdjsonArtifact(artifacts: ArtifactWriter, input: Omit<PutArtifactInput, 'body' | 'contentType'>): NdjsonArtifact {
  const body = new PassThrough();
  // abort() destroys the body with its reason; the store reports it through `stored`, this only keeps it from being uncaught.
  body.on('error', () => undefined);
  const stored = artifacts.put({ ...input, body, contentType: 'application/x-ndjson' });
  // Awaited in write/close/abort; until then a failed store must not count as unhandled.
  stored.catch(() => undefined);
  return {
    async write(value) {
      // A store that failed stops reading: racing it keeps the writer from waiting for a drain that never comes.
      if (!body.write(`${JSON.stringify(value)}\n`)) await Promise.race([once(body, 'drain'), stored]);
    },
    async close() {
      body.end();
      return stored;
    },
    async abort(reason) {
      body.destroy(reason);
      await stored.catch(() => undefined);
    },
  };
}
