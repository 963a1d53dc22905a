import { ConfigError } from '@churn/config';
import { createArtifactWriter } from '@churn/lineage';
import { subscribeStage, type ServiceDefinition } from '@churn/service';
import { handleValidationCompleted } from './handle-validation-completed';
import { memoryLimitOf, memoryLimitProblem, preparationEnv, threadsOf } from './preparation-env';
import { preparationMetrics } from './preparation-metrics';

/**
 * Turns validated sources into the clean datasets the project declares (datasets.json): typed, deduplicated,
 * imputed, encoded and scaled in DuckDB, written as Parquet with summary statistics, and the fitted recipe that
 * prepares new records the same way.
 */
export const preparationService: ServiceDefinition = {
  name: 'preparer',
  description: 'Prepares the datasets the project declares from validated data: imputation, outliers, encoding and scaling, with the fitted recipe and summary statistics.',
  defaultPort: 3003,
  env: preparationEnv,
  validate(config) {
    const problem = memoryLimitProblem(memoryLimitOf(config));
    if (problem) throw new ConfigError('preparer', [{ variable: 'PREPARATION_MEMORY_LIMIT', reason: problem }]);
  },
  async start(ctx) {
    const deps = {
      storage: ctx.storage,
      artifacts: createArtifactWriter({ storage: ctx.storage, db: ctx.db, project: ctx.project }),
      project: ctx.project,
      metrics: preparationMetrics(ctx.registry),
      memoryLimit: memoryLimitOf(ctx.config),
      threads: threadsOf(ctx.config),
      producer: 'preparer',
    };
    await subscribeStage(ctx, {
      stage: 'preparer',
      consumes: 'validation.completed',
      produces: 'preparation.completed',
      handle: (event, log) => handleValidationCompleted(deps, event, log),
    });
  },
};
