import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureStoreService, getFeatureSet, materializeFeatureSet } from '@churn/feature-store';
import { addFeatureSet } from '@churn/feature-store/testing';
import { buildServiceApp, createTestContext } from '@churn/service';
import { createFeatureClient } from './feature-client';

type Ctx = Awaited<ReturnType<typeof createTestContext>>;

// The names a registered model carries; the client asks the store for exactly these, in this order.
const modelFeatures = ['usage_minutes_trend', 'tenure_months', 'is_month_to_month'];
const serving = '2026-11-01T00:00:00.000Z';
const options = { featureView: 'customer_features', entityKey: 'customer_id' };

describe('feature client against the feature-store service', () => {
  let ctx: Ctx;
  let app: FastifyInstance;
  let client: ReturnType<typeof createFeatureClient>;

  beforeAll(async () => {
    ctx = await createTestContext('feature-store');
    await addFeatureSet(ctx.db, {
      id: 'fs_1',
      version: 1,
      features: ['is_month_to_month', 'tenure_months', 'usage_minutes_trend'].map((name) => ({ name, dtype: 'float' as const, description: name })),
      rows: [
        { entityKey: 'C1', at: serving, values: { usage_minutes_trend: -0.5, tenure_months: 12.5, is_month_to_month: 1 } },
        { entityKey: 'C1', at: '2026-10-02T00:00:00Z', values: { usage_minutes_trend: 0.25, tenure_months: 11.5, is_month_to_month: 1 } },
      ],
    });
    await materializeFeatureSet(ctx.db.prisma, await getFeatureSet(ctx.db.prisma, 'fs_1'), new Date(serving));
    app = await buildServiceApp(featureStoreService, ctx);
    client = createFeatureClient({ baseUrl: await app.listen({ port: 0, host: '127.0.0.1' }), ...options });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it("returns the serving snapshot values in the model's feature order", async () => {
    expect(await client.getEntityFeatures('C1', modelFeatures)).toEqual({ values: [-0.5, 12.5, 1] });
  });

  it('says which entity is unknown and which feature the store does not have', async () => {
    await expect(client.getEntityFeatures('C9', modelFeatures)).rejects.toMatchObject({ code: 'CHURN_PREDICTION_UNKNOWN_ENTITY', statusCode: 404 });
    await expect(client.getEntityFeatures('C1', ['support_calls_per_year'])).rejects.toMatchObject({
      code: 'CHURN_PREDICTION_FEATURE_STORE_ERROR',
      context: { status: 400 },
    });
  });
});

describe('feature client against a store that answers in its own order (as Feast does)', () => {
  let store: FastifyInstance;
  afterAll(async () => store?.close());

  it('matches values by feature name, not by position', async () => {
    store = Fastify();
    store.post('/get-online-features', async () => ({
      metadata: { feature_names: ['customer_id', 'is_month_to_month', 'usage_minutes_trend', 'tenure_months'] },
      results: [
        { values: ['C1'], statuses: ['PRESENT'], event_timestamps: [serving] },
        { values: [1], statuses: ['PRESENT'], event_timestamps: [serving] },
        { values: [-0.5], statuses: ['PRESENT'], event_timestamps: [serving] },
        { values: [12.5], statuses: ['PRESENT'], event_timestamps: [serving] },
      ],
    }));
    const client = createFeatureClient({ baseUrl: await store.listen({ port: 0, host: '127.0.0.1' }), ...options });
    expect(await client.getEntityFeatures('C1', modelFeatures)).toEqual({ values: [-0.5, 12.5, 1] });
  });
});
