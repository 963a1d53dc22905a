import type { FastifyInstance } from 'fastify';
import { errorResponseSchema, type ServiceContext } from '@churn/service';
import { listFeatureViews } from './feature-registry';
import { getOnlineFeatures, latestVersions, type OnlineFeaturesRequest } from './online-features';

const scalar = { anyOf: [{ type: 'string' }, { type: 'number' }] } as const;

const requestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['entities'],
  properties: {
    features: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    entities: {
      type: 'object',
      minProperties: 1,
      maxProperties: 1,
      additionalProperties: { type: 'array', minItems: 1, maxItems: 1000, items: scalar },
    },
    full_feature_names: { type: 'boolean' },
  },
} as const;

const responseSchema = {
  type: 'object',
  required: ['metadata', 'results'],
  properties: {
    metadata: { type: 'object', required: ['feature_names'], properties: { feature_names: { type: 'array', items: { type: 'string' } } } },
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['values', 'statuses', 'event_timestamps'],
        properties: {
          values: { type: 'array', items: { type: ['string', 'number', 'boolean', 'null'] } },
          statuses: { type: 'array', items: { type: 'string', enum: ['PRESENT', 'NOT_FOUND', 'NULL_VALUE'] } },
          event_timestamps: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
} as const;

const featureViewSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    version: { type: 'integer' },
    featureSetId: { type: 'string' },
    entity: { type: 'string' },
    runId: { type: 'string' },
    sourceArtifactId: { type: 'string' },
    projectName: { type: 'string' },
    projectVersion: { type: 'string' },
    metadata: { type: 'object', additionalProperties: true },
    createdAt: { type: 'string' },
    features: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          kind: { type: 'string' },
          dtype: { type: 'string' },
          description: { type: 'string' },
          owner: { type: 'string' },
          tags: { type: 'array', items: { type: 'string' } },
          dataset: { type: 'string' },
          agg: { type: 'string' },
          window: { type: 'object', properties: { days: { type: 'integer' }, offsetDays: { type: 'integer' }, column: { type: 'string' } } },
          expr: { type: 'string' },
        },
      },
    },
  },
} as const;

/** Feast-compatible online retrieval plus the feature registry's metadata. */
export async function featureStoreRoutes(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  app.post<{ Body: OnlineFeaturesRequest }>(
    '/get-online-features',
    {
      schema: {
        tags: ['feature-store'],
        summary: 'Latest feature values for entities (Feast feature-server format)',
        body: requestSchema,
        response: { 200: responseSchema, 400: errorResponseSchema },
      },
    },
    async (request) => getOnlineFeatures(ctx.db.prisma, request.body, latestVersions(await listFeatureViews(ctx.db.prisma))),
  );

  app.get(
    '/feature-views',
    {
      schema: {
        tags: ['feature-store'],
        summary: 'Every feature view version with its features metadata',
        response: { 200: { type: 'array', items: featureViewSchema } },
      },
    },
    async () => listFeatureViews(ctx.db.prisma),
  );
}
