import { describeError } from '@churn/core';
import { createEvent, topicOf } from '@churn/contracts';
import { projectRef, subscribeStage, type ServiceContext, type ServiceDefinition } from '@churn/service';
import { ingestForPipelineRun } from './ingest-pipeline-run';
import { ingestionMetrics } from './ingestion-metrics';
import { ingestionRoutes } from './ingestion.routes';
import { runSourceIngestion } from './run-source-ingestion';
import { scheduleSources } from './scheduler';
import { configuredSources, type ConfiguredSource } from './sources';
import { createTaskTracker } from './task-tracker';
import { ingestionErrors } from './errors';

// Routes and consumers share one list of sources (and so one connector, one circuit breaker, per source).
const sourcesByContext = new WeakMap<ServiceContext, ConfiguredSource[]>();
function sourcesOf(ctx: ServiceContext): ConfiguredSource[] {
  let sources = sourcesByContext.get(ctx);
  if (!sources) {
    sources = configuredSources(ctx.config, ctx.env, ctx.project);
    sourcesByContext.set(ctx, sources);
  }
  return sources;
}

/** Runs one source now (schedule or API); announces a failure with ingestion.failed. */
async function ingestNow(ctx: ServiceContext, source: ConfiguredSource, trigger: 'schedule' | 'api', ingestionRunId?: string) {
  try {
    return await runSourceIngestion(
      { db: ctx.db, storage: ctx.storage, log: ctx.logger, metrics: ingestionMetrics(ctx.registry), leaseTtlMs: Number(ctx.config.INGESTION_LEASE_TTL_MS), project: ctx.project },
      {
        source: { name: source.name, kind: source.kind, ...(source.location ? { location: source.location } : {}) },
        connector: source.connector,
        trigger,
        requestedAt: new Date(),
        ...(ingestionRunId ? { ingestionRunId } : {}),
      },
    );
  } catch (err) {
    const error = describeError(err);
    if (error.code !== 'CHURN_INGESTION_SOURCE_BUSY') {
      const runId = ingestionRunId ?? 'unscheduled';
      await ctx.bus
        .publish(
          topicOf('ingestion.failed'),
          createEvent('ingestion.failed', { source: source.name, ingestionRunId: runId, trigger, error: { code: error.code, message: error.message } }, { runId, producer: 'ingestion', project: projectRef(ctx) }),
        )
        .catch((publishErr: unknown) => ctx.logger.error({ err: publishErr }, 'could not announce the failed ingestion'));
    }
    throw err;
  }
}

/** Lands source data in the raw zone: on schedule per source, on request, and for every pipeline run. */
export const ingestionService: ServiceDefinition = {
  name: 'ingestion',
  description: 'Lands source data (CSV, REST, Postgres) byte for byte in the raw zone of the lake, on schedules and per pipeline run.',
  defaultPort: 3001,
  env: {
    properties: {
      SOURCES_FILE: {
        type: 'string',
        minLength: 1,
        description: "Optional override: a JSON sources file to ingest from instead of the project's sources.json (PROJECT_DIR)",
      },
      INGESTION_SCHEDULES: { type: 'boolean', default: true, description: 'Run the cron schedules of the sources file' },
      INGESTION_LEASE_TTL_MS: {
        type: 'integer',
        minimum: 3000,
        maximum: 3600000,
        default: 60000,
        description: 'How long a source stays locked after its run stops renewing the lease (a crashed process)',
      },
    },
  },
  validate(config, env, project) {
    configuredSources(config, env, project);
  },
  async routes(app, ctx) {
    const sources = sourcesOf(ctx);
    const tasks = createTaskTracker();
    app.addHook('onClose', () => tasks.drain());
    await ingestionRoutes(app, {
      ctx,
      sources,
      start: (source, ingestionRunId) => tasks.track(ingestNow(ctx, source, 'api', ingestionRunId)),
    });
  },
  async start(ctx) {
    const sources = sourcesOf(ctx);
    const metrics = ingestionMetrics(ctx.registry);
    await subscribeStage(ctx, {
      stage: 'ingestion',
      consumes: 'pipeline.run-requested',
      produces: 'ingestion.completed',
      async handle(event) {
        const wanted = event.payload.sources;
        const unknown = wanted?.find((name) => !sources.some((s) => s.name === name));
        if (unknown) throw ingestionErrors.unknownSource(unknown, sources.map((s) => s.name));
        const chosen = wanted ? sources.filter((s) => wanted.includes(s.name)) : sources;
        const result = await ingestForPipelineRun(ctx, { metrics }, { runId: event.runId, requestedAt: new Date(event.time), sources: chosen });
        // The run describes the day it was asked for, unless the request names one (replays, backfills).
        const asOf = event.payload.asOf ?? event.time.slice(0, 10);
        return { rowsIn: result.records, rowsOut: result.records, payload: { asOf, sources: result.sources, artifactIds: result.artifactIds } };
      },
    });
    const scheduler =
      ctx.config.INGESTION_SCHEDULES === false ? undefined : scheduleSources(sources, (source) => ingestNow(ctx, source, 'schedule'), ctx.logger);
    return {
      async stop() {
        scheduler?.stop();
      },
    };
  },
};
