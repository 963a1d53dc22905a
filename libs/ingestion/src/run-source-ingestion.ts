import type { Project } from '@churn/project';
import { randomUUID } from 'node:crypto';
import { describeError, PlatformError } from '@churn/core';
import type { RawManifest } from '@churn/contracts';
import type { Database } from '@churn/database';
import { artifactIdOf, createArtifactWriter, type ArtifactRef } from '@churn/lineage';
import type { Logger } from '@churn/logging';
import type { ObjectStore } from '@churn/storage';
import type { RawPart, SourceConnector } from './connectors/connector';
import type { IngestionMetrics } from './ingestion-metrics';
import { ingestionErrors } from './errors';
import { MANIFEST_NAME, rawRunPrefix } from './lake-layout';
import { readAhead } from './read-ahead';
import { acquireSourceLease, releaseSourceLease, renewSourceLease } from './source-lease';
import { storePart, type StoredPart } from './store-part';

export type IngestionTrigger = 'schedule' | 'api' | 'pipeline';

export interface SourceIngestionInput {
  source: { name: string; kind: 'csv' | 'rest' | 'postgres'; location?: string };
  connector: SourceConnector;
  trigger: IngestionTrigger;
  /** Deterministic for pipeline runs (so a redelivered request resumes the same run); random otherwise. */
  ingestionRunId?: string;
  pipelineRunId?: string;
  requestedAt: Date;
}

export interface SourceIngestionOutcome {
  ingestionRunId: string;
  manifest: ArtifactRef;
  records: number;
  parts: StoredPart[];
  /** This run was already complete: nothing was fetched. */
  alreadyDone: boolean;
}

export interface SourceIngestionDeps {
  db: Database;
  storage: ObjectStore;
  log: Logger;
  metrics: IngestionMetrics;
  leaseTtlMs?: number;
  /** The project whose declarations the run uses: a lineage parent of what it lands. */
  project?: Project;
}

/**
 * One ingestion run of one source: takes the source's lease, reads from the
 * stored watermark, stores every part the connector yields in the run's
 * folder, writes the manifest last, then advances the watermark. A failure
 * leaves no manifest (readers never see the partial run) and the watermark
 * where it was, so the next run fetches the same data again.
 */
export async function runSourceIngestion(deps: SourceIngestionDeps, input: SourceIngestionInput): Promise<SourceIngestionOutcome> {
  const { source } = input;
  const ingestionRunId = input.ingestionRunId ?? randomUUID();
  const prisma = deps.db.prisma;
  const log = deps.log.child({ source: source.name, ingestionRunId, trigger: input.trigger });

  const previous = await prisma.ingestionRun.findUnique({ where: { id: ingestionRunId } });
  if (previous?.status === 'succeeded' && previous.manifestKey) return reuse(deps, ingestionRunId, previous.manifestKey);

  const ttlMs = deps.leaseTtlMs ?? 60_000;
  if (!(await acquireSourceLease(prisma, source.name, ingestionRunId, ttlMs))) throw ingestionErrors.sourceBusy(source.name);
  const controller = new AbortController();
  const stopRenewing = renewSourceLease(prisma, source.name, ingestionRunId, ttlMs, () => controller.abort(ingestionErrors.sourceBusy(source.name)));
  const started = Date.now();
  try {
    // Runs whose holder died without finishing are closed out, so listings tell the truth.
    await prisma.ingestionRun.updateMany({
      where: { source: source.name, status: 'running', id: { not: ingestionRunId } },
      data: { status: 'abandoned', finishedAt: new Date() },
    });
    const watermarkBefore = (await prisma.sourceWatermark.findUnique({ where: { source: source.name } }))?.watermark;
    await prisma.ingestionRun.upsert({
      where: { id: ingestionRunId },
      create: {
        id: ingestionRunId,
        source: source.name,
        kind: source.kind,
        trigger: input.trigger,
        status: 'running',
        ...(input.pipelineRunId ? { pipelineRunId: input.pipelineRunId } : {}),
        ...(watermarkBefore ? { watermarkBefore } : {}),
      },
      update: { status: 'running', startedAt: new Date(), error: undefined },
    });
    log.info({ watermark: watermarkBefore ?? null }, 'ingestion run started');

    const prefix = rawRunPrefix({ source: source.name, kind: source.kind, ingestedAt: input.requestedAt, ingestionRunId });
    const artifacts = createArtifactWriter({ storage: deps.storage, db: deps.db, ...(deps.project ? { project: deps.project } : {}) });
    const run = input.connector.open({ ...(watermarkBefore ? { watermark: watermarkBefore } : {}), signal: controller.signal, log });
    const storeOne = (part: RawPart) =>
      storePart(
        { artifacts, storage: deps.storage, db: deps.db },
        { part, key: `${prefix}${part.name}`, runId: input.pipelineRunId ?? ingestionRunId, source: source.name },
      );
    const onStored = (stored: StoredPart) => {
      if (stored.parseError) log.warn({ part: stored.name, parseError: stored.parseError }, 'part is not well-formed; stored as received');
      log.info({ part: stored.name, records: stored.records, bytes: stored.bytes, reused: stored.reused }, 'part stored');
    };
    // The connector reads the next part while parts are stored; a failed store aborts that read.
    const parts = await storeInOrder(readAhead(run.parts, () => controller.abort(new Error('a part could not be stored'))), storeOne, onStored);
    // Parts were stored with deferred directory syncs: one sync of the run's folders makes them all durable, before
    // the manifest, which alone makes the run visible, can refer to them (file contents were fsync'd before each rename).
    await deps.storage.sync(parts.map((p) => p.key));
    const stats = run.stats();
    const watermarkAfter = run.watermark();
    const records = parts.reduce((sum, p) => sum + p.records, 0);
    const bytes = parts.reduce((sum, p) => sum + p.bytes, 0);
    const finishedAt = new Date();

    const manifestBody: RawManifest = {
      manifestVersion: 2,
      source: source.name,
      kind: source.kind,
      format: source.kind === 'csv' ? 'csv' : 'ndjson',
      ...(source.location ? { location: source.location } : {}),
      ingestionRunId,
      ...(input.pipelineRunId ? { pipelineRunId: input.pipelineRunId } : {}),
      trigger: input.trigger,
      startedAt: new Date(started).toISOString(),
      finishedAt: finishedAt.toISOString(),
      records,
      bytes,
      ...(watermarkBefore ? { watermarkBefore } : {}),
      ...(watermarkAfter ? { watermarkAfter } : {}),
      requests: stats.requests,
      retries: stats.retries,
      parts: parts.map(({ name, key, sha256, bytes: b, records: r, contentType, reused }) => ({ name, key, sha256, bytes: b, records: r, contentType, reused })),
    };
    const manifest = await artifacts.put({
      kind: 'manifest',
      key: `${prefix}${MANIFEST_NAME}`,
      body: JSON.stringify(manifestBody, null, 2),
      contentType: 'application/json',
      runId: input.pipelineRunId ?? ingestionRunId,
      producer: 'ingestion',
      parentIds: parts.map((p) => p.artifactId),
      metadata: { source: source.name, ingestionRunId },
    });

    const durationMs = Date.now() - started;
    await prisma.$transaction([
      prisma.ingestionRun.update({
        where: { id: ingestionRunId },
        data: {
          status: 'succeeded',
          finishedAt,
          durationMs,
          records: BigInt(records),
          bytes: BigInt(bytes),
          parts: parts.length,
          requests: stats.requests,
          retries: stats.retries,
          manifestKey: manifest.key,
          ...(watermarkAfter ? { watermarkAfter } : {}),
        },
      }),
      ...(watermarkAfter && watermarkAfter !== watermarkBefore
        ? [
            prisma.sourceWatermark.upsert({
              where: { source: source.name },
              create: { source: source.name, watermark: watermarkAfter, ingestionRunId },
              update: { watermark: watermarkAfter, ingestionRunId, updatedAt: finishedAt },
            }),
          ]
        : []),
    ]);
    deps.metrics.runs.inc({ source: source.name, trigger: input.trigger, status: 'succeeded' });
    deps.metrics.records.inc({ source: source.name }, records);
    deps.metrics.bytes.inc({ source: source.name }, parts.filter((p) => !p.reused).reduce((sum, p) => sum + p.bytes, 0));
    deps.metrics.retries.inc({ source: source.name }, stats.retries);
    deps.metrics.duration.observe({ source: source.name, status: 'succeeded' }, durationMs / 1000);
    deps.metrics.lastSuccess.set({ source: source.name }, finishedAt.getTime() / 1000);
    log.info({ records, bytes, parts: parts.length, requests: stats.requests, retries: stats.retries, durationMs, watermark: watermarkAfter ?? null }, 'ingestion run succeeded');
    return { ingestionRunId, manifest, records, parts, alreadyDone: false };
  } catch (err) {
    const error = describeError(err);
    const durationMs = Date.now() - started;
    await prisma.ingestionRun
      .update({ where: { id: ingestionRunId }, data: { status: 'failed', finishedAt: new Date(), durationMs, error } })
      .catch(() => undefined); // the run row may not exist if the failure came first
    deps.metrics.runs.inc({ source: source.name, trigger: input.trigger, status: 'failed' });
    deps.metrics.duration.observe({ source: source.name, status: 'failed' }, durationMs / 1000);
    log.error({ err, durationMs }, 'ingestion run failed');
    throw err;
  } finally {
    stopRenewing();
    await releaseSourceLease(prisma, source.name, ingestionRunId).catch(() => undefined);
  }
}

async function reuse(deps: SourceIngestionDeps, ingestionRunId: string, manifestKey: string): Promise<SourceIngestionOutcome> {
  const head = await deps.storage.head(manifestKey);
  if (!head) throw new PlatformError('CHURN_INGESTION_MANIFEST_MISSING', `manifest ${manifestKey} is recorded but absent`, { context: { manifestKey } });
  const manifest = JSON.parse((await deps.storage.getBuffer(manifestKey)).toString('utf8')) as RawManifest;
  return {
    ingestionRunId,
    manifest: { id: artifactIdOf(manifestKey), key: manifestKey, sha256: head.sha256, bytes: head.bytes },
    records: manifest.records,
    parts: manifest.parts.map((p) => ({ ...p, records: p.records ?? 0, artifactId: artifactIdOf(p.key) })),
    alreadyDone: true,
  };
}

/** Parts stored at once: the lake and the database work on one while the other waits on a round trip or an fsync. */
const PARTS_STORING = 2;
/** ...as long as their bodies stay under this in all: big parts (100,000 rows, ~14 MB) are stored one at a time, for memory. */
const BYTES_STORING = 8 * 1024 * 1024;

/**
 * Stores the parts as they come, up to {@link PARTS_STORING} at once when
 * their bodies are Buffers of {@link BYTES_STORING} in all (a streamed body
 * is stored alone: the connector may
 * not go on before it is consumed). Each is reported to `onStored` once
 * stored; they are returned in the connector's order,
 * which the manifest keeps. On a failure, waits for the other stores in
 * flight to end, then throws the first failure.
 */
async function storeInOrder(
  parts: AsyncIterable<RawPart>,
  store: (part: RawPart) => Promise<StoredPart>,
  onStored: (stored: StoredPart) => void,
): Promise<StoredPart[]> {
  const stored: StoredPart[] = [];
  const inFlight: Array<{ storing: Promise<StoredPart>; bytes: number }> = [];
  const bytesInFlight = () => inFlight.reduce((sum, f) => sum + f.bytes, 0);
  const settleOldest = async () => {
    stored.push(await inFlight.shift()!.storing);
  };
  try {
    for await (const part of parts) {
      const bytes = Buffer.isBuffer(part.body) ? part.body.length : 0;
      while (inFlight.length >= PARTS_STORING || (inFlight.length > 0 && bytesInFlight() + bytes > BYTES_STORING)) await settleOldest();
      // Reported as soon as it is stored (a later part may finish first), collected in order.
      const storing = store(part).then((done) => {
        part.release?.(); // stored: the connector may reuse the body's memory
        onStored(done);
        return done;
      });
      storing.catch(() => undefined); // awaited in order below; this only keeps a later part's failure from going unhandled
      inFlight.push({ storing, bytes });
      if (!Buffer.isBuffer(part.body)) while (inFlight.length > 0) await settleOldest();
    }
    while (inFlight.length > 0) await settleOldest();
    return stored;
  } catch (err) {
    await Promise.allSettled(inFlight.map((f) => f.storing));
    throw err;
  }
}
