import { createArtifactWriter } from '@churn/lineage';
import { subscribeStage, type ServiceDefinition } from '@churn/service';
import { handlePreparationCompleted } from './handle-preparation-completed';
import { transformationEnv, transformationOptionsOf } from './transformation-options';
import { transformationMetrics } from './transformation-metrics';

/**
 * The transformer: on preparation.completed, computes the project's feature view at the serving time and at the
 * label's training times, stores the feature set as Parquet in the lake and announces it (features.computed v3).
 */
export const transformationService: ServiceDefinition = {
  name: 'transformer',
  description: "Computes the project's declared point-in-time features and labels from the prepared datasets (DuckDB over Parquet) into the lake, one content-hashed feature set per input.",
  defaultPort: 3004,
  env: transformationEnv,
  async start(ctx) {
    const options = transformationOptionsOf(ctx.config);
    const deps = {
      storage: ctx.storage,
      artifacts: createArtifactWriter({ storage: ctx.storage, db: ctx.db, project: ctx.project }),
      project: ctx.project,
      metrics: transformationMetrics(ctx.registry),
      options,
      producer: 'transformer',
    };
    await subscribeStage(ctx, {
      stage: 'transformer',
      consumes: 'preparation.completed',
      produces: 'features.computed',
      handle: (event, log) => handlePreparationCompleted(deps, event, log),
    });
  },
};
