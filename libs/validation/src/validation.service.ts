import { createArtifactWriter } from '@churn/lineage';
import { subscribeStage, type ServiceDefinition } from '@churn/service';
import { mapLimited } from './map-limited';
import { validationRoutes } from './reports/validation.routes';
import { createCompanySourceSchemas, schemaOf } from './schemas/company-source-schemas';
import { validateSource } from './validate-source';
import { validationErrors } from './validation-errors';
import { validationMetrics } from './validation-metrics';

/** Sources validated at the same time: each streams a raw snapshot and two outputs, so memory and I/O stay bounded. */
const SOURCES_AT_ONCE = 2;
const NO_SUITE = 'no expectation suite';

/**
 * Checks every ingested source against its expectation suite (the company
 * source schemas, bounded by the run's as-of date): valid records go on to
 * preparation, failing ones to a quarantine object with their reasons, and a
 * data-quality report (JSON, CSV, Markdown) is kept per source and run.
 */
export const validationService: ServiceDefinition = {
  name: 'validator',
  description: 'Validates every ingested source against its schema; quarantines failures with reasons; writes data-quality reports.',
  defaultPort: 3002,
  routes: validationRoutes,
  async start(ctx) {
    const artifacts = createArtifactWriter({ storage: ctx.storage, db: ctx.db });
    const metrics = validationMetrics(ctx.registry);
    await subscribeStage(ctx, {
      stage: 'validator',
      consumes: 'ingestion.completed',
      produces: 'validation.completed',
      async handle(event, log) {
        const { asOf, sources } = event.payload;
        const schemas = createCompanySourceSchemas({ asOf });
        const suited = sources.flatMap((entry) => {
          const schema = schemaOf(schemas, entry.source);
          return schema ? [{ entry, schema }] : [];
        });
        const skipped = sources.filter((s) => schemaOf(schemas, s.source) === undefined).map((s) => ({ source: s.source, reason: NO_SUITE }));
        if (skipped.length > 0) log.warn({ skipped: skipped.map((s) => s.source) }, 'sources without an expectation suite are not validated');
        if (suited.length === 0) throw validationErrors.nothingToValidate(sources.map((s) => s.source));

        const results = await mapLimited(suited, SOURCES_AT_ONCE, ({ entry, schema }, signal) =>
          validateSource({ storage: ctx.storage, artifacts, log: log.child({ source: entry.source }) }, { entry, schema, runId: event.runId, asOf, signal }),
        );
        const validated = results.map((r) => r.source);
        for (const s of validated) {
          metrics.rows.inc({ source: s.source, outcome: 'valid' }, s.rowsValid);
          metrics.rows.inc({ source: s.source, outcome: 'quarantined' }, s.rowsQuarantined);
          metrics.rows.inc({ source: s.source, outcome: 'superseded' }, s.rowsSuperseded ?? 0);
        }
        return {
          rowsIn: validated.reduce((sum, s) => sum + s.rowsIn, 0),
          rowsOut: validated.reduce((sum, s) => sum + s.rowsValid, 0),
          payload: { asOf, sources: validated, skipped, artifactIds: results.flatMap((r) => r.artifacts.map((a) => a.id)) },
        };
      },
    });
  },
};
