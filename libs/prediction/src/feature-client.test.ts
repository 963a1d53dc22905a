import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureStoreService, getFeatureSet, insertFeatureRows, materializeFeatureSet, type FeatureColumn } from '@churn/feature-store';
import { buildServiceApp, createTestContext } from '@churn/service';
import { createFeatureClient } from './feature-client';

type Ctx = Awaited<ReturnType<typeof createTestContext>>;

// The names a registered model carries; the client asks the store for exactly these, in this order.
const modelFeatures = ['usage_minutes_trend', 'tenure_months', 'is_month_to_month'];
const serving = '2026-11-01T00:00:00.000Z';

describe('feature client against the feature-store service', () => {
  let ctx: Ctx;
  let app: FastifyInstance;
  let client: ReturnType<typeof createFeatureClient>;

  beforeAll(async () => {
    ctx = await createTestContext('feature-store');
    const columns = await ctx.db.prisma.$queryRaw<Array<{ column_name: string; data_type: string }>>`
      SELECT column_name, data_type FROM information_schema.columns
      WHERE table_name = 'customer_features' AND column_name NOT IN ('feature_set_id', 'customer_id', 'event_timestamp')`;
    const table: FeatureColumn[] = columns.map((c) => ({ column: c.column_name, type: c.data_type === 'integer' ? 'int' : 'float' }));
    const features = table.map((c) => ({ name: c.column, column: c.column, type: c.type, description: c.column, sources: [], window: '30 days' }));
    await ctx.db.prisma.featureSet.create({
      data: { id: 'fs_1', name: 'customer_features', version: 1, runId: 'r1', entity: 'customer_id', features, sourceArtifactId: 'art' },
    });
    const zeros = Object.fromEntries(table.map((c) => [c.column, 0]));
    await insertFeatureRows(ctx.db, {
      featureSetId: 'fs_1',
      features: table,
      rows: [
        { customerId: 'C1', eventTimestamp: new Date(serving), values: { ...zeros, usage_minutes_trend: -0.5, tenure_months: 12.5, is_month_to_month: 1 } },
        { customerId: 'C1', eventTimestamp: new Date('2026-10-02T00:00:00Z'), values: { ...zeros, usage_minutes_trend: 0.25, tenure_months: 11.5 } },
      ],
    });
    await materializeFeatureSet(ctx.db.prisma, await getFeatureSet(ctx.db.prisma, 'fs_1'), new Date(serving));
    app = await buildServiceApp(featureStoreService, ctx);
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    client = createFeatureClient({ baseUrl: address });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await ctx?.close();
  });

  it('returns the serving snapshot values in the model\'s feature order', async () => {
    expect(await client.getCustomerFeatures('C1', modelFeatures)).toEqual({ values: [-0.5, 12.5, 1] });
  });

  it('says which customer is unknown and which feature the store does not have', async () => {
    await expect(client.getCustomerFeatures('C9', modelFeatures)).rejects.toMatchObject({ code: 'CHURN_PREDICTION_UNKNOWN_CUSTOMER', statusCode: 404 });
    await expect(client.getCustomerFeatures('C1', ['support_calls_per_year'])).rejects.toMatchObject({
      code: 'CHURN_PREDICTION_FEATURE_STORE_ERROR',
      context: { status: 400 },
    });
  });
});
