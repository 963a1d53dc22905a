import { describeError, PlatformError } from '@churn/core';
import { createEvent, topicOf, type EventPayload } from '@churn/contracts';
import { projectRef, type ServiceContext } from '@churn/service';
import type { IngestionMetrics } from './ingestion-metrics';
import { runSourceIngestion, type SourceIngestionOutcome } from './run-source-ingestion';
import type { ConfiguredSource } from './sources';
import { sourceSnapshot } from './source-snapshot';

type IngestedSource = EventPayload<'ingestion.completed'>['sources'][number];

/**
 * Ingests every requested source for a pipeline run, two at a time. A source
 * that fails does not stop the others: it is announced with ingestion.failed,
 * and the run goes on with that source's last good state, if it has one.
 */
export async function ingestForPipelineRun(
  ctx: ServiceContext,
  deps: { metrics: IngestionMetrics },
  input: { runId: string; requestedAt: Date; sources: ConfiguredSource[] },
): Promise<{ sources: IngestedSource[]; artifactIds: string[]; records: number }> {
  const outcomes: Array<{ source: ConfiguredSource; outcome?: SourceIngestionOutcome }> = [];
  const queue = [...input.sources];
  const worker = async () => {
    for (let source = queue.shift(); source; source = queue.shift()) {
      try {
        const outcome = await runSourceIngestion(
          { db: ctx.db, storage: ctx.storage, log: ctx.logger.child({ runId: input.runId }), metrics: deps.metrics, leaseTtlMs: Number(ctx.config.INGESTION_LEASE_TTL_MS), project: ctx.project },
          {
            source: { name: source.name, kind: source.kind, ...(source.location ? { location: source.location } : {}) },
            connector: source.connector,
            trigger: 'pipeline',
            ingestionRunId: `${input.runId}.${source.name}`,
            pipelineRunId: input.runId,
            requestedAt: input.requestedAt,
          },
        );
        outcomes.push({ source, outcome });
      } catch (err) {
        if (err instanceof PlatformError && err.code === 'CHURN_INGESTION_SOURCE_BUSY') throw err; // retried by the bus
        const error = describeError(err);
        await ctx.bus.publish(
          topicOf('ingestion.failed'),
          createEvent(
            'ingestion.failed',
            { source: source.name, ingestionRunId: `${input.runId}.${source.name}`, trigger: 'pipeline', error: { code: error.code, message: error.message } },
            { runId: input.runId, producer: 'ingestion', project: projectRef(ctx) },
          ),
        );
        outcomes.push({ source });
      }
    }
  };
  await Promise.all([worker(), worker()]);

  const sources: IngestedSource[] = [];
  const artifactIds: string[] = [];
  let records = 0;
  for (const { source, outcome } of outcomes.sort((a, b) => a.source.name.localeCompare(b.source.name))) {
    const { manifests: snapshot, latestRunId } = await sourceSnapshot(ctx.db, source);
    const manifest = snapshot[snapshot.length - 1];
    if (!manifest || !latestRunId) continue; // never ingested successfully: nothing to offer downstream
    sources.push({
      source: source.name,
      kind: source.kind,
      format: source.kind === 'csv' ? 'csv' : 'ndjson',
      ingestionRunId: latestRunId,
      manifest: { key: manifest.key, sha256: manifest.sha256, bytes: manifest.bytes },
      snapshot,
      records: outcome?.records ?? 0,
    });
    if (outcome) artifactIds.push(outcome.manifest.id);
    records += outcome?.records ?? 0;
  }
  if (sources.length === 0) {
    const failed = outcomes.filter((o) => !o.outcome).map((o) => o.source.name);
    throw new PlatformError('CHURN_INGESTION_NOTHING_INGESTED', `no source could be ingested (${failed.join(', ')})`, {
      context: { failed },
    });
  }
  return { sources, artifactIds, records };
}
