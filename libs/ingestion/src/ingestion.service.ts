import { createArtifactWriter } from '@churn/lineage';
import { subscribeStage, type ServiceDefinition } from '@churn/service';
import { ingestionErrors } from './errors';
import { ingestCsv } from './ingest-csv';
import { configuredSources } from './sources';
import { ingestionRoutes } from './ingestion.routes';

/** Lands source data in the raw zone of the lake when a pipeline run is requested. */
export const ingestionService: ServiceDefinition = {
  name: 'ingestion',
  description: 'Lands source data byte for byte in the raw zone of the lake and announces it.',
  defaultPort: 3001,
  env: {
    properties: {
      SOURCE_CRM_CSV: {
        type: 'string',
        minLength: 1,
        default: './data/sample/customers.csv',
        description: 'Path or http(s) URL of the CRM customer export (CSV)',
      },
    },
  },
  routes: ingestionRoutes,
  async start(ctx) {
    const artifacts = createArtifactWriter({ storage: ctx.storage, db: ctx.db });
    const sources = configuredSources(ctx.config);
    await subscribeStage(ctx, {
      stage: 'ingestion',
      consumes: 'pipeline.run-requested',
      produces: 'ingestion.completed',
      async handle(event, log) {
        const wanted = event.payload.sources ?? sources.map((s) => s.name);
        const source = sources.find((s) => s.name === wanted[0]);
        if (!source) throw ingestionErrors.unknownSource(wanted[0] ?? '', sources.map((s) => s.name));
        const outcome = await ingestCsv(
          { artifacts, storage: ctx.storage, log },
          { source, runId: event.runId, requestedAt: new Date(event.time) },
        );
        return {
          rowsIn: outcome.rows,
          rowsOut: outcome.rows,
          payload: {
            source: source.name,
            format: 'csv' as const,
            manifest: { key: outcome.manifest.key, sha256: outcome.manifest.sha256, bytes: outcome.manifest.bytes },
            objects: outcome.objects.map(({ key, sha256, bytes }) => ({ key, sha256, bytes })),
            artifactIds: [...outcome.objects.map((o) => o.id), outcome.manifest.id],
          },
        };
      },
    });
  },
};

