import { findModelVersion, latestModel } from '@churn/model-registry';
import { PlatformError } from '@churn/core';
import { subscribeStage, type ServiceContext, type ServiceDefinition } from '@churn/service';
import { createFeatureClient } from './feature-client';
import { createModelHolder, loadModel, type ModelHolder } from './loaded-model';
import { predictionRoutes } from './prediction.routes';

// Routes are registered before start(); both find the same holder through the context.
const holders = new WeakMap<ServiceContext, ModelHolder>();
function holderOf(ctx: ServiceContext): ModelHolder {
  let holder = holders.get(ctx);
  if (!holder) {
    holder = createModelHolder();
    holders.set(ctx, holder);
  }
  return holder;
}

/** Loads the newest model when it is newer than the one served. */
async function refresh(ctx: ServiceContext, holder: ModelHolder): Promise<void> {
  const newest = await latestModel(ctx.db.prisma, ctx.project.manifest.model.name);
  const served = holder.get()?.model;
  if (!newest || (served && served.version >= newest.version)) return;
  holder.swap(await loadModel(ctx.storage, newest));
  ctx.logger.info({ model: newest.name, version: newest.version }, 'serving model');
}

/** Serves churn predictions with the newest registered model. */
export const predictionService: ServiceDefinition = {
  name: 'predictor',
  description: "Serves churn predictions for the project's entity: online features from the feature store, scored by the newest registered ONNX model.",
  defaultPort: 3007,
  env: {
    properties: {
      FEATURE_STORE_URL: { type: 'string', format: 'uri', default: 'http://127.0.0.1:3005' },
      PREDICTION_THRESHOLD: { type: 'number', minimum: 0, maximum: 1, description: "Overrides the project's model.threshold" },
      MODEL_POLL_INTERVAL_MS: { type: 'integer', minimum: 1000, default: 30000 },
    },
  },
  async routes(app, ctx) {
    const { entity, model } = ctx.project.manifest;
    const features = createFeatureClient({ baseUrl: String(ctx.config.FEATURE_STORE_URL), featureView: model.featureView, entityKey: entity.key });
    const threshold = ctx.config.PREDICTION_THRESHOLD === undefined ? model.threshold : Number(ctx.config.PREDICTION_THRESHOLD);
    await predictionRoutes({ holder: holderOf(ctx), features, threshold, entityKey: entity.key })(app, ctx);
  },
  async start(ctx) {
    const holder = holderOf(ctx);
    await refresh(ctx, holder).catch((err: unknown) => ctx.logger.error({ err }, 'could not load the newest model at start'));
    await subscribeStage(ctx, {
      stage: 'predictor',
      consumes: 'model.registered',
      produces: 'model.deployed',
      finalStage: true,
      async handle(event, log) {
        const { name, version } = event.payload;
        const model = await findModelVersion(ctx.db.prisma, name, version);
        if (!model) {
          throw new PlatformError('CHURN_PREDICTION_MODEL_NOT_REGISTERED', `model ${name} v${version} is not in the registry`, {
            retriable: true,
          });
        }
        const served = holder.get()?.model;
        // A newer model may already be served (replay of an old event): keep it.
        if (!served || served.version <= model.version) holder.swap(await loadModel(ctx.storage, model));
        log.info({ model: name, version }, 'model deployed');
        return { rowsIn: 1, rowsOut: 1, payload: { name, version, sha256: model.sha256 } };
      },
    });
    // Replicas that did not handle the event still pick up new versions.
    const timer = setInterval(() => {
      refresh(ctx, holder).catch((err: unknown) => ctx.logger.warn({ err }, 'model refresh failed'));
    }, Number(ctx.config.MODEL_POLL_INTERVAL_MS));
    timer.unref();
    return {
      async stop() {
        clearInterval(timer);
        await holder.close();
      },
    };
  },
};
