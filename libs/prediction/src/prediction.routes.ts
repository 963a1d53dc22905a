import type { FastifyInstance } from 'fastify';
import { PlatformError } from '@churn/core';
import { errorResponseSchema, type ServiceContext } from '@churn/service';
import type { FeatureClient } from './feature-client';
import type { ModelHolder } from './loaded-model';

/** `{ "<entity key>": "<id>" }`: the request names the project's entity key (e.g. `customer_id`). */
const predictRequestOf = (entityKey: string) => ({
  type: 'object',
  additionalProperties: false,
  required: [entityKey],
  properties: { [entityKey]: { type: 'string', minLength: 1, maxLength: 128 } },
});

const modelSchema = {
  type: 'object',
  required: ['name', 'version'],
  properties: { name: { type: 'string' }, version: { type: 'integer' } },
} as const;

const predictResponseOf = (entityKey: string) => ({
  type: 'object',
  required: [entityKey, 'churnProbability', 'churn', 'threshold', 'model'],
  properties: {
    [entityKey]: { type: 'string' },
    churnProbability: { type: 'number' },
    churn: { type: 'boolean' },
    threshold: { type: 'number' },
    model: modelSchema,
  },
});

const currentModelResponse = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    version: { type: 'integer' },
    algorithm: { type: 'string' },
    metrics: { type: 'object', additionalProperties: { type: 'number' } },
    featureNames: { type: 'array', items: { type: 'string' } },
    sha256: { type: 'string' },
    runId: { type: 'string' },
    createdAt: { type: 'string' },
  },
} as const;

const noModel = () =>
  new PlatformError('CHURN_PREDICTION_NO_MODEL', 'no model is loaded yet; run the pipeline first', { statusCode: 503, retriable: true });

/** POST /predict scores one entity with the served model; GET /models/current says which model that is. */
export function predictionRoutes(deps: { holder: ModelHolder; features: FeatureClient; threshold: number; entityKey: string }) {
  return async (app: FastifyInstance, _ctx: ServiceContext): Promise<void> => {
    app.post<{ Body: Record<string, string> }>(
      '/predict',
      {
        schema: {
          tags: ['predictor'],
          summary: `Churn probability of one entity, named by ${deps.entityKey}`,
          body: predictRequestOf(deps.entityKey),
          response: { 200: predictResponseOf(deps.entityKey), 400: errorResponseSchema, 404: errorResponseSchema, 422: errorResponseSchema, 503: errorResponseSchema },
        },
      },
      async (request) => {
        const loaded = deps.holder.get();
        if (!loaded) throw noModel();
        const entity = request.body[deps.entityKey]!;
        const features = await deps.features.getEntityFeatures(entity, loaded.model.featureNames);
        const [probability = 0] = await loaded.scorer.predictProba([features.values]);
        return {
          [deps.entityKey]: entity,
          churnProbability: probability,
          churn: probability >= deps.threshold,
          threshold: deps.threshold,
          model: { name: loaded.model.name, version: loaded.model.version },
        };
      },
    );

    app.get(
      '/models/current',
      { schema: { tags: ['predictor'], summary: 'The model being served', response: { 200: currentModelResponse, 503: errorResponseSchema } } },
      async () => {
        const loaded = deps.holder.get();
        if (!loaded) throw noModel();
        return loaded.model;
      },
    );
  };
}
