import { subscribeStage, type ServiceDefinition } from '@churn/service';
import { featureStoreRoutes } from './feature-store.routes';
import { handleFeaturesComputed } from './handle-features-computed';

/** Stores new feature sets in the offline store, materializes their serving rows online, and serves them over HTTP. */
export const featureStoreService: ServiceDefinition = {
  name: 'feature-store',
  description: 'Feature registry, offline store (point-in-time rows of any feature view), materialization into the online store, and Feast-compatible online retrieval.',
  defaultPort: 3005,
  routes: featureStoreRoutes,
  async start(ctx) {
    await subscribeStage(ctx, {
      stage: 'feature-store',
      consumes: 'features.computed',
      produces: 'features.materialized',
      async handle(event, log) {
        const { view, rows, offline } = await handleFeaturesComputed({ db: ctx.db, storage: ctx.storage, project: ctx.project }, event, log);
        const { stats: _stats, ...computed } = event.payload;
        return { rowsIn: offline, rowsOut: rows, payload: { ...computed, featureSetVersion: view.version } };
      },
    });
  },
};
