import { createArtifactWriter } from '@churn/lineage';
import { subscribeStage, type ServiceDefinition } from '@churn/service';
import { handleFeaturesMaterialized } from './handle-features-materialized';

/** Trains, evaluates and registers the project's churn model each time a feature set is materialized. */
export const trainingService: ServiceDefinition = {
  name: 'trainer',
  description: "Trains the project's churn model on labelled point-in-time rows of the feature store, evaluates it (out of time, or stratified for a status label) and registers it as ONNX.",
  defaultPort: 3006,
  async start(ctx) {
    const artifacts = createArtifactWriter({ storage: ctx.storage, db: ctx.db, project: ctx.project });
    await subscribeStage(ctx, {
      stage: 'trainer',
      consumes: 'features.materialized',
      produces: 'model.registered',
      async handle(event, log) {
        const { model, rowsIn, rowsOut } = await handleFeaturesMaterialized({ db: ctx.db, storage: ctx.storage, artifacts, project: ctx.project }, event, log);
        return {
          rowsIn,
          rowsOut,
          payload: {
            modelId: model.id,
            name: model.name,
            version: model.version,
            algorithm: model.algorithm,
            artifact: { key: model.artifactKey, sha256: model.sha256, bytes: (await ctx.storage.head(model.artifactKey))?.bytes ?? 0 },
            metrics: model.metrics as never,
          },
        };
      },
    });
  },
};
