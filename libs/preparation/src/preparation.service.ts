import { createArtifactWriter } from '@churn/lineage';
import { subscribeStage, type ServiceDefinition } from '@churn/service';
import { preparationMetrics } from './preparation-metrics';
import { prepareCompanyRun } from './prepare-company-run';

/**
 * Turns validated company sources into clean datasets: `customers` (imputed, one-hot encoded,
 * z-scored beside original units) and the event tables (imputed, with derived durations). The fitted
 * parameters and each dataset's summary statistics are stored with them.
 */
export const preparationService: ServiceDefinition = {
  name: 'preparer',
  description: 'Cleans validated data: imputation, encoding and scaling, with the fitted parameters and summary statistics.',
  defaultPort: 3003,
  async start(ctx) {
    const artifacts = createArtifactWriter({ storage: ctx.storage, db: ctx.db });
    const metrics = preparationMetrics(ctx.registry);
    await subscribeStage(ctx, {
      stage: 'preparer',
      consumes: 'validation.completed',
      produces: 'preparation.completed',
      async handle(event, log) {
        const { asOf, sources, skipped } = event.payload;
        const result = await prepareCompanyRun(
          { storage: ctx.storage, artifacts, producer: 'preparer' },
          { runId: event.runId, asOf, sources, skipped },
          log,
        );
        for (const [dataset, columns] of Object.entries(result.imputed)) {
          for (const [column, n] of Object.entries(columns)) if (n > 0) metrics.imputed.inc({ dataset, column }, n);
        }
        log.info(
          { datasets: Object.fromEntries(result.payload.datasets.map((d) => [d.name, d.rows])), rowsIn: result.rowsIn, rowsOut: result.rowsOut },
          'datasets prepared',
        );
        return { rowsIn: result.rowsIn, rowsOut: result.rowsOut, payload: result.payload };
      },
    });
  },
};
