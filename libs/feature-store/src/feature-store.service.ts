import { subscribeStage, type ServiceDefinition } from '@churn/service';
import { getFeatureSet } from './feature-registry';
import { materializeFeatureSet } from './materialize';
import { featureStoreRoutes } from './feature-store.routes';

/** Materializes the serving snapshot of new feature-set versions into the online store and serves it over HTTP. */
export const featureStoreService: ServiceDefinition = {
  name: 'feature-store',
  description: 'Feature registry, materialization into the online store, and Feast-compatible online retrieval.',
  defaultPort: 3005,
  routes: featureStoreRoutes,
  async start(ctx) {
    await subscribeStage(ctx, {
      stage: 'feature-store',
      consumes: 'features.computed',
      produces: 'features.materialized',
      async handle(event, log) {
        const { featureSetName: _name, stats: _stats, ...computed } = event.payload;
        const view = await getFeatureSet(ctx.db.prisma, computed.featureSetId);
        const rows = await materializeFeatureSet(ctx.db.prisma, view, new Date(computed.servingTimestamp));
        log.info({ featureView: view.name, version: view.version, servingTimestamp: computed.servingTimestamp, rows }, 'serving snapshot materialized');
        return {
          rowsIn: rows,
          rowsOut: rows,
          payload: { ...computed, featureView: view.name, featureSetId: view.featureSetId, featureSetVersion: view.version },
        };
      },
    });
  },
};
