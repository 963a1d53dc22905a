import type { Prisma } from '@churn/database';
import { insertFeatureRows } from '@churn/feature-store';
import { createArtifactWriter } from '@churn/lineage';
import { subscribeStage, type ServiceDefinition } from '@churn/service';
import { isoOfDay } from './calendar';
import { computePointInTimeFeatures } from './compute-features';
import { CUSTOMER_ENTITY, CUSTOMER_FEATURE_VIEW, customerFeatures, featureMetadata } from './customer-features';
import { writeFeatureArtifacts } from './feature-artifacts';
import { observationTimes } from './observation-times';
import { DATASET_NAMES, readDatasetRecords, selectDatasets, type DatasetName } from './prepared-datasets';
import { recordComputation, transformationMetrics } from './transformation-metrics';

const ref = (a: { key: string; sha256: string; bytes: number }) => ({ key: a.key, sha256: a.sha256, bytes: a.bytes });

/**
 * Computes point-in-time customer features from the prepared datasets at the
 * serving time (end of the as-of date) and at earlier, labelled training times,
 * and stores them as the next version of the feature view in the offline store.
 */
export const transformationService: ServiceDefinition = {
  name: 'transformer',
  description: 'Engineers point-in-time customer features and churn labels from prepared data into the offline store (Postgres), one version per run.',
  defaultPort: 3004,
  env: {
    properties: {
      FEATURES_HORIZON_DAYS: { type: 'integer', minimum: 1, maximum: 365, default: 30 },
      FEATURES_TRAINING_SNAPSHOTS: { type: 'integer', minimum: 1, maximum: 24, default: 3 },
    },
  },
  async start(ctx) {
    const artifacts = createArtifactWriter({ storage: ctx.storage, db: ctx.db });
    const metrics = transformationMetrics(ctx.registry);
    const horizonDays = Number(ctx.config.FEATURES_HORIZON_DAYS);
    const snapshots = Number(ctx.config.FEATURES_TRAINING_SNAPSHOTS);
    await subscribeStage(ctx, {
      stage: 'transformer',
      consumes: 'preparation.completed',
      produces: 'features.computed',
      async handle(event, log) {
        const times = observationTimes(event.payload.asOf, { horizonDays, snapshots });
        const datasets = selectDatasets(event.payload.datasets);
        // Each dataset is streamed once, when the computation reaches it.
        const read = (name: DatasetName) => readDatasetRecords(ctx.storage, datasets[name].dataset.key, name);
        const computed = await computePointInTimeFeatures(
          {
            customers: read('customers'),
            cancellations: read('cancellations'),
            billing_invoices: read('billing_invoices'),
            support_tickets: read('support_tickets'),
            product_usage: read('product_usage'),
          },
          times,
        );
        recordComputation(metrics, computed, log);
        const datasetArtifactIds = DATASET_NAMES.map((name) => datasets[name].artifactId);
        const featureSetId = `fs_${event.runId}`;

        // A crash after this transaction leaves a complete feature set that a redelivery finds and reuses.
        const featureSet = await ctx.db.prisma.$transaction(
          async (tx) => {
            const existing = await tx.featureSet.findUnique({ where: { id: featureSetId } });
            if (existing) return existing;
            const latest = await tx.featureSet.aggregate({ where: { name: CUSTOMER_FEATURE_VIEW }, _max: { version: true } });
            const created = await tx.featureSet.create({
              data: {
                id: featureSetId,
                name: CUSTOMER_FEATURE_VIEW,
                version: (latest._max.version ?? 0) + 1,
                runId: event.runId,
                entity: CUSTOMER_ENTITY,
                features: featureMetadata() as unknown as Prisma.InputJsonValue,
                sourceArtifactId: datasets.customers.artifactId,
              },
            });
            await insertFeatureRows({ prisma: tx }, { featureSetId, features: customerFeatures, rows: computed.rows() });
            return created;
          },
          { timeout: 600_000, maxWait: 30_000 },
        );

        const { features, labels } = await writeFeatureArtifacts(artifacts, {
          computed,
          prefix: `features/${CUSTOMER_FEATURE_VIEW}/v${featureSet.version}/run=${event.runId}/`,
          runId: event.runId,
          parentIds: datasetArtifactIds,
          metadata: { featureSetId, version: featureSet.version, asOf: times.asOf, horizonDays, snapshots: computed.snapshots },
        });
        log.info(
          { featureSetId, version: featureSet.version, snapshots: computed.snapshots, reads: computed.reads, features: features.key, labels: labels.key },
          'point-in-time features computed',
        );
        return {
          rowsIn: Object.values(computed.reads).reduce((n, r) => n + r.rows, 0),
          rowsOut: computed.snapshots.reduce((n, s) => n + s.rows, 0),
          payload: {
            featureSetId,
            featureSetName: CUSTOMER_FEATURE_VIEW,
            featureSetVersion: featureSet.version,
            asOf: times.asOf,
            trainingTimestamps: times.training.map(isoOfDay),
            servingTimestamp: isoOfDay(times.serving),
            horizonDays,
            labels: ref(labels),
            labelsArtifactId: labels.id,
            datasetArtifactIds,
          },
        };
      },
    });
  },
};
