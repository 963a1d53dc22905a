import type { TypedEvent } from '@churn/contracts';
import { sha256Hex } from '@churn/core';
import type { Database, Prisma } from '@churn/database';
import type { ArtifactWriter } from '@churn/lineage';
import type { Logger } from '@churn/logging';
import { nextModelVersion, registerModel, type RegisteredModel } from '@churn/model-registry';
import type { Project } from '@churn/project';
import type { ObjectStore } from '@churn/storage';
import { trainLogisticRegressionModel } from './train-logistic-regression';
import { loadTrainingSet } from './training-set';
import { splitTrainingSet } from './training-split';

export interface FeaturesMaterializedDeps {
  db: Database;
  storage: ObjectStore;
  artifacts: ArtifactWriter;
  project: Project;
}

/**
 * Trains, evaluates and registers the project's model on a materialized feature set. The model's id is a content
 * hash of what makes it (feature set, algorithm, hyper-parameters, seed, split), so an identical run finds the
 * registered model and keeps its version instead of registering a copy.
 */
export async function handleFeaturesMaterialized(
  deps: FeaturesMaterializedDeps,
  event: TypedEvent<'features.materialized'>,
  log: Logger,
): Promise<{ model: RegisteredModel; rowsIn: number; rowsOut: number; reused: boolean }> {
  const { featureSetId, labels, labelsArtifactId, featuresArtifactId, datasetArtifactIds } = event.payload;
  const declared = deps.project.manifest.model;
  const algorithm = declared.algorithms[0]!;
  const recipe = { featureSetId, algorithm, l2: declared.l2, seed: declared.seed, testFraction: declared.testFraction, name: declared.name };
  const modelId = `model_${sha256Hex(JSON.stringify(recipe)).slice(0, 16)}`;
  const existing = await deps.db.prisma.model.findUnique({ where: { id: modelId } });
  const set = await loadTrainingSet({ db: deps.db, storage: deps.storage }, { featureSetId, labelsKey: labels.key });
  // Out of time with two or more observation times; the fraction and seed only matter for a single one.
  const split = splitTrainingSet(set, { testFraction: declared.testFraction, seed: declared.seed });
  if (existing) {
    log.info({ model: existing.name, version: existing.version, modelId }, 'identical model already registered: version kept');
    const model = await registerModel(deps.db.prisma, { ...existing, metrics: existing.metrics as Prisma.InputJsonValue, featureNames: existing.featureNames as string[] });
    return { model, rowsIn: set.y.length, rowsOut: split.testIdx.length, reused: true };
  }
  const version = await nextModelVersion(deps.db.prisma, declared.name);
  const trained = await trainLogisticRegressionModel(set, split, { l2: declared.l2, modelName: declared.name, modelVersion: version });
  const prefix = `models/${declared.name}/${modelId}/`;
  const onnx = await deps.artifacts.put({
    kind: 'model',
    key: `${prefix}model.onnx`,
    body: Buffer.from(trained.onnx),
    contentType: 'application/octet-stream',
    runId: event.runId,
    producer: 'trainer',
    parentIds: [labelsArtifactId, featuresArtifactId, ...datasetArtifactIds],
    metadata: { featureSetId, algorithm: trained.algorithm, version, split: split.kind, projectVersion: deps.project.version },
  });
  const { metrics } = trained;
  const headline = { accuracy: metrics.accuracy, precision: metrics.precision, recall: metrics.recall, f1: metrics.f1, roc_auc: metrics.roc_auc };
  await deps.artifacts.put({
    kind: 'model-report',
    key: `${prefix}report.json`,
    body: JSON.stringify(
      {
        model: { id: modelId, name: declared.name, version, algorithm: trained.algorithm, sha256: onnx.sha256 },
        project: { name: deps.project.manifest.name, version: deps.project.version },
        entity: deps.project.manifest.entity.key,
        label: deps.project.manifest.label,
        featureSet: { id: set.view.featureSetId, name: set.view.name, version: set.view.version },
        data: {
          rows: set.y.length,
          withoutFeatures: set.withoutFeatures,
          nullsFilled: set.nullsFilled,
          split: split.kind,
          trainRows: trained.trainRows,
          testRows: trained.testRows,
          snapshots: split.snapshots,
        },
        evaluation: trained.evaluation,
        metrics,
        coefficients: trained.coefficients,
        intercept: trained.intercept,
        solver: { iterations: trained.iterations, converged: trained.converged },
      },
      null,
      2,
    ),
    contentType: 'application/json',
    runId: event.runId,
    producer: 'trainer',
    parentIds: [onnx.id],
  });
  const model = await registerModel(deps.db.prisma, {
    id: modelId,
    name: declared.name,
    version,
    algorithm: trained.algorithm,
    metrics: headline as Prisma.InputJsonValue,
    featureNames: set.featureNames,
    artifactKey: onnx.key,
    sha256: onnx.sha256,
    featureSetId,
    runId: event.runId,
    stage: 'candidate',
  });
  log.info({ model: declared.name, version, split: split.kind, snapshots: split.snapshots, ...headline }, 'model registered');
  return { model, rowsIn: set.y.length, rowsOut: trained.testRows, reused: false };
}
