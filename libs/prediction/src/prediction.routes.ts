import type { FastifyInstance } from 'fastify';
import { PlatformError } from '@churn/core';
import { errorResponseSchema, type ServiceContext } from '@churn/service';
import type { FeatureClient } from './feature-client';
import type { ModelHolder } from './loaded-model';

const predictRequest = {
  type: 'object',
  additionalProperties: false,
  required: ['customerId'],
  properties: { customerId: { type: 'string', minLength: 1, maxLength: 128 } },
} as const;

const modelSchema = {
  type: 'object',
  required: ['name', 'version'],
  properties: { name: { type: 'string' }, version: { type: 'integer' } },
} as const;

const predictResponse = {
  type: 'object',
  required: ['customerId', 'churnProbability', 'churn', 'threshold', 'model'],
  properties: {
    customerId: { type: 'string' },
    churnProbability: { type: 'number' },
    churn: { type: 'boolean' },
    threshold: { type: 'number' },
    model: modelSchema,
  },
} as const;

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

/** POST /predict scores one customer with the served model; GET /models/current says which model that is. */
export function predictionRoutes(deps: { holder: ModelHolder; features: FeatureClient; threshold: number }) {
  return async (app: FastifyInstance, _ctx: ServiceContext): Promise<void> => {
    app.post<{ Body: { customerId: string } }>(
      '/predict',
      {
        schema: {
          tags: ['predictor'],
          summary: 'Churn probability of one customer',
          body: predictRequest,
          response: { 200: predictResponse, 400: errorResponseSchema, 404: errorResponseSchema, 422: errorResponseSchema, 503: errorResponseSchema },
        },
      },
      async (request) => {
        const loaded = deps.holder.get();
        if (!loaded) throw noModel();
        const { customerId } = request.body;
        const features = await deps.features.getCustomerFeatures(customerId, loaded.model.featureNames);
        const [probability = 0] = await loaded.scorer.predictProba([features.values]);
        return {
          customerId,
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
