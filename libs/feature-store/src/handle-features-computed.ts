import type { EventPayload, TypedEvent } from '@churn/contracts';
import type { Database, Prisma } from '@churn/database';
import type { Logger } from '@churn/logging';
import type { Project } from '@churn/project';
import type { ObjectStore } from '@churn/storage';
import { featureStoreErrors } from './errors';
import { featureMetadataOf } from './feature-metadata';
import { getFeatureSet, type FeatureViewVersion } from './feature-registry';
import { materializeFeatureSet } from './materialize';
import { insertFeatureRows, type FeatureRow } from './offline-store';
import { readParquetRows } from './parquet-rows';
import { replaceTypedView } from './typed-view';

type Computed = EventPayload<'features.computed'>;

export interface FeaturesComputedDeps {
  db: Database;
  storage: ObjectStore;
  project: Project;
}

async function* featureRowsOf(storage: ObjectStore, key: string, names: string[]): AsyncGenerator<FeatureRow> {
  for await (const row of readParquetRows(storage, key)) {
    const values: Record<string, number | null> = {};
    for (const name of names) {
      const v = row[name];
      values[name] = v === null || v === undefined ? null : Number(v);
    }
    yield { entityKey: String(row.entity_key), eventTimestamp: row.event_timestamp as Date, values };
  }
}

/**
 * Registers a computed feature set in the offline store and materializes its serving rows online. The set's id is
 * a content hash, so a set seen before (a redelivery, or an identical run) keeps its version and adds no rows:
 * two identical runs leave one version. New sets get the next version of their view, in one transaction with
 * their rows, and the typed SQL view `features.<view>` is rebuilt from the project's declarations.
 */
export async function handleFeaturesComputed(
  deps: FeaturesComputedDeps,
  event: TypedEvent<'features.computed'>,
  log: Logger,
): Promise<{ view: FeatureViewVersion; rows: number; offline: number; reused: boolean }> {
  const computed: Computed = event.payload;
  const declared = deps.project.views.find((v) => v.name === computed.featureView);
  if (!declared) throw featureStoreErrors.unknownView(computed.featureView, deps.project.views.map((v) => v.name));
  const features = featureMetadataOf(declared);
  const entity = deps.project.manifest.entity.key;
  const prisma = deps.db.prisma;

  let reused = true;
  let offline = 0;
  if (!(await prisma.featureSet.findUnique({ where: { id: computed.featureSetId } }))) {
    reused = false;
    await prisma.$transaction(
      async (tx) => {
        if (await tx.featureSet.findUnique({ where: { id: computed.featureSetId } })) return;
        const latest = await tx.featureSet.aggregate({ where: { name: declared.name }, _max: { version: true } });
        await tx.featureSet.create({
          data: {
            id: computed.featureSetId,
            name: declared.name,
            version: (latest._max.version ?? 0) + 1,
            runId: event.runId,
            entity,
            features: features as unknown as Prisma.InputJsonValue,
            sourceArtifactId: computed.datasetArtifactIds[0]!,
            projectName: deps.project.manifest.name,
            projectVersion: deps.project.version,
            metadata: {
              asOf: computed.asOf,
              labelKind: computed.labelKind,
              trainingTimestamps: computed.trainingTimestamps,
              servingTimestamp: computed.servingTimestamp,
              ...(computed.horizonDays !== undefined ? { horizonDays: computed.horizonDays } : {}),
              features: computed.features,
              labels: computed.labels,
              datasetArtifactIds: computed.datasetArtifactIds,
              ...(declared.ttlDays !== undefined ? { ttlDays: declared.ttlDays } : {}),
            },
          },
        });
        offline = await insertFeatureRows({ prisma: tx }, { featureSetId: computed.featureSetId, rows: featureRowsOf(deps.storage, computed.features.key, features.map((f) => f.name)) });
      },
      { timeout: 600_000, maxWait: 30_000 },
    );
  }
  const view = await getFeatureSet(prisma, computed.featureSetId);
  await replaceTypedView({ prisma }, { name: view.name, entity, features });
  const rows = await materializeFeatureSet(prisma, view, new Date(computed.servingTimestamp));
  log.info({ featureView: view.name, version: view.version, featureSetId: view.featureSetId, reused, offline, online: rows }, reused ? 'feature set seen before: version kept' : 'feature set stored');
  return { view, rows, offline, reused };
}
