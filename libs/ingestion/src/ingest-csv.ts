import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { artifactIdOf, type ArtifactRef, type ArtifactWriter } from '@churn/lineage';
import type { ObjectStore } from '@churn/storage';
import type { Logger } from '@churn/logging';
import { CsvRowCounter } from './csv-row-counter';
import { MANIFEST_NAME, rawRunPrefix } from './lake-layout';
import { openSource } from './open-source';

export interface CsvSource {
  name: string;
  location: string;
}

export interface IngestionOutcome {
  manifest: ArtifactRef;
  objects: ArtifactRef[];
  rows: number;
}

/**
 * Lands one CSV source in the raw zone byte for byte, counting its rows on the
 * way, then writes the run's manifest last.
 */
export async function ingestCsv(
  deps: { artifacts: ArtifactWriter; storage: ObjectStore; log: Logger },
  input: { source: CsvSource; runId: string; requestedAt: Date },
): Promise<IngestionOutcome> {
  const { source, runId } = input;
  const startedAt = new Date();
  const prefix = rawRunPrefix(source.name, input.requestedAt, runId);
  const fileName = basename(new URL(source.location, 'file:///').pathname) || 'data.csv';
  const finished = await readFinishedRun(deps.storage, `${prefix}${MANIFEST_NAME}`);
  if (finished) {
    deps.log.info({ source: source.name, prefix }, 'run already landed; reusing its manifest');
    return finished;
  }
  deps.log.info({ source: source.name, location: source.location, prefix }, 'ingestion started');

  const counter = new CsvRowCounter();
  const body = new PassThrough();
  const stream = await openSource(source.location);
  const copying = pipeline(stream, counter, body);
  const [raw] = await Promise.all([
    deps.artifacts.put({
      kind: 'raw',
      key: `${prefix}${fileName}`,
      body,
      contentType: 'text/csv',
      runId,
      producer: 'ingestion',
      metadata: { source: source.name, location: source.location },
    }),
    copying,
  ]);
  const { rows, parseError } = await counter.result();
  if (parseError) deps.log.warn({ source: source.name, parseError }, 'source is not well-formed CSV; stored as received');

  const manifestBody = {
    manifestVersion: 1,
    source: source.name,
    kind: 'csv',
    location: source.location,
    runId,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    rows,
    ...(parseError ? { parseError } : {}),
    objects: [{ key: raw.key, sha256: raw.sha256, bytes: raw.bytes, rows, contentType: 'text/csv' }],
  };
  const manifest = await deps.artifacts.put({
    kind: 'manifest',
    key: `${prefix}${MANIFEST_NAME}`,
    body: JSON.stringify(manifestBody, null, 2),
    contentType: 'application/json',
    runId,
    producer: 'ingestion',
    parentIds: [raw.id],
  });
  deps.log.info({ source: source.name, rows, bytes: raw.bytes, sha256: raw.sha256 }, 'ingestion finished');
  return { manifest, objects: [raw], rows };
}

/** A manifest only exists once its run is complete, so finding one means there is nothing left to do. */
async function readFinishedRun(storage: ObjectStore, manifestKey: string): Promise<IngestionOutcome | undefined> {
  const head = await storage.head(manifestKey);
  if (!head) return undefined;
  const manifest = JSON.parse((await storage.getBuffer(manifestKey)).toString('utf8')) as {
    rows: number;
    objects: Array<{ key: string; sha256: string; bytes: number }>;
  };
  return {
    manifest: { id: artifactIdOf(manifestKey), key: manifestKey, sha256: head.sha256, bytes: head.bytes },
    objects: manifest.objects.map((o) => ({ id: artifactIdOf(o.key), key: o.key, sha256: o.sha256, bytes: o.bytes })),
    rows: manifest.rows,
  };
}
