import { subscribeStage, type ServiceDefinition } from '@churn/service';
import { getFeatureSet } from './feature-registry';
import { materializeFeatureSet } from './materialize';
import { featureStoreRoutes } from './feature-store.routes';

/** Materializes new feature-set versions into the online store and serves them over HTTP. */
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
        const view = await getFeatureSet(ctx.db.prisma, event.payload.featureSetId);
        const rows = await materializeFeatureSet(ctx.db.prisma, view);
        log.info({ featureView: view.name, version: view.version, rows }, 'feature set materialized');
        return {
          rowsIn: rows,
          rowsOut: rows,
          payload: {
            featureView: view.name,
            featureSetId: view.featureSetId,
            featureSetVersion: view.version,
            datasetArtifactId: event.payload.datasetArtifactId,
          },
        };
      },
    });
  },
};
