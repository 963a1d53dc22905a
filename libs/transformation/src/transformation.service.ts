import type { Prisma } from '@churn/database';
import { createArtifactWriter, readCsvRecords, toCsv } from '@churn/lineage';
import { subscribeStage, type ServiceDefinition } from '@churn/service';
import { computeFeatures } from './compute-features';
import { CUSTOMER_ENTITY, CUSTOMER_FEATURE_VIEW, customerFeatures } from './customer-features';
import { insertFeatureRows } from '@churn/feature-store';

/** Derives customer features from the prepared dataset and stores them, versioned, in Postgres. */
export const transformationService: ServiceDefinition = {
  name: 'transformer',
  description: 'Engineers customer features from prepared data into the offline store (Postgres), one version per run.',
  defaultPort: 3004,
  async start(ctx) {
    const artifacts = createArtifactWriter({ storage: ctx.storage, db: ctx.db });
    await subscribeStage(ctx, {
      stage: 'transformer',
      consumes: 'preparation.completed',
      produces: 'features.computed',
      async handle(event, log) {
        const prepared = await readCsvRecords(ctx.storage, event.payload.dataset.key);
        const rows = computeFeatures(prepared, customerFeatures, CUSTOMER_ENTITY);
        const eventTimestamp = new Date(event.time);
        const featureSetId = `fs_${event.runId}`;
        const metadata = customerFeatures.map(({ name, column, type, description, sources }) => ({ name, column, type, description, sources }));

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
                features: metadata as unknown as Prisma.InputJsonValue,
                sourceArtifactId: event.payload.datasetArtifactId,
              },
            });
            await insertFeatureRows({ prisma: tx }, { featureSetId, eventTimestamp, features: customerFeatures, rows });
            return created;
          },
          { timeout: 120_000, maxWait: 30_000 },
        );

        const columns = [CUSTOMER_ENTITY, 'event_timestamp', ...customerFeatures.map((f) => f.column)];
        const snapshot = await artifacts.put({
          kind: 'feature-set',
          key: `features/${CUSTOMER_FEATURE_VIEW}/v${featureSet.version}/run=${event.runId}/features.csv`,
          body: toCsv(
            columns,
            rows.map((r) => ({ [CUSTOMER_ENTITY]: r.customerId, event_timestamp: eventTimestamp.toISOString(), ...r.values })),
          ),
          contentType: 'text/csv',
          runId: event.runId,
          producer: 'transformer',
          parentIds: [event.payload.datasetArtifactId],
          metadata: { featureSetId, version: featureSet.version, features: metadata.map((m) => m.name) },
        });
        log.info({ featureSetId, version: featureSet.version, rows: rows.length, snapshot: snapshot.key }, 'features computed');
        return {
          rowsIn: prepared.length,
          rowsOut: rows.length,
          payload: {
            featureSetId,
            featureSetName: CUSTOMER_FEATURE_VIEW,
            featureSetVersion: featureSet.version,
            datasetArtifactId: event.payload.datasetArtifactId,
          },
        };
      },
    });
  },
};
