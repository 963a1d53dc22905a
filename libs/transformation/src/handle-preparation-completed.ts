import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypedEvent } from '@churn/contracts';
import type { ArtifactWriter } from '@churn/lineage';
import type { Logger } from '@churn/logging';
import type { Project } from '@churn/project';
import type { StageResult } from '@churn/service';
import type { ObjectStore } from '@churn/storage';
import { isoOfDay } from './calendar';
import { computeFeatureSet } from './compute-feature-set';
import { storeFeatureSet } from './feature-artifacts';
import { planFeatureView } from './feature-plan';
import { downloadDatasets, selectInputs } from './prepared-inputs';
import type { TransformationOptions } from './transformation-options';
import { recordComputation, type TransformationMetrics } from './transformation-metrics';

export interface PreparationCompletedDeps {
  storage: ObjectStore;
  artifacts: ArtifactWriter;
  project: Project;
  metrics: TransformationMetrics;
  options: TransformationOptions;
  /** Name written as the artifacts' producer. */
  producer: string;
}

/**
 * Computes the project's model feature view from a run's prepared datasets (downloaded to a temporary folder,
 * removed afterwards), stores `features.parquet` and `labels.parquet` and returns the features.computed v3
 * payload. Nothing is written to Postgres but the artifact records: the feature store loads the files.
 */
export async function handlePreparationCompleted(
  deps: PreparationCompletedDeps,
  event: TypedEvent<'preparation.completed'>,
  log: Logger,
): Promise<StageResult<'features.computed'>> {
  const { project } = deps;
  const plan = planFeatureView(project);
  const inputs = selectInputs(event.payload.datasets, plan.datasets);
  const dir = await mkdtemp(join(tmpdir(), 'churn-features-'));
  try {
    await mkdir(join(dir, 'spill'));
    const local = await downloadDatasets(deps.storage, inputs, dir);
    const computed = await computeFeatureSet({
      project,
      view: plan.view.name,
      datasets: local,
      asOf: event.payload.asOf,
      outputDir: dir,
      threads: deps.options.threads,
      memoryLimit: deps.options.memoryLimit,
      spillDirectory: join(dir, 'spill'),
    });
    recordComputation(deps.metrics, computed, log);
    const datasetArtifactIds = inputs.map((d) => d.artifactId);
    const { features, labels } = await storeFeatureSet(deps.artifacts, {
      computed,
      runId: event.runId,
      producer: deps.producer,
      parentIds: datasetArtifactIds,
      projectVersion: project.version,
    });
    log.info(
      { featureSetId: computed.featureSetId, featureView: plan.view.name, snapshots: computed.snapshots, reads: computed.reads, features: features.key, labels: labels.key },
      'point-in-time features computed',
    );
    const { times } = computed;
    return {
      rowsIn: computed.rowsIn,
      rowsOut: computed.features.rows,
      payload: {
        featureView: plan.view.name,
        featureSetId: computed.featureSetId,
        asOf: times.asOf,
        labelKind: computed.labelKind,
        trainingTimestamps: times.training.map(isoOfDay),
        servingTimestamp: isoOfDay(times.serving),
        ...(times.horizonDays !== undefined ? { horizonDays: times.horizonDays } : {}),
        features: { key: features.key, sha256: features.sha256, bytes: features.bytes },
        featuresArtifactId: features.id,
        labels: { key: labels.key, sha256: labels.sha256, bytes: labels.bytes },
        labelsArtifactId: labels.id,
        datasetArtifactIds,
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
