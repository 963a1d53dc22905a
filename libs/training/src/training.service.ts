import type { Prisma } from '@churn/database';
import { createArtifactWriter } from '@churn/lineage';
import { nextModelVersion, registerModel } from '@churn/model-registry';
import { subscribeStage, type ServiceDefinition } from '@churn/service';
import { trainLogisticRegressionModel } from './train-logistic-regression';
import { loadTrainingSet } from './training-set';
import { splitTrainingSet } from './training-split';

/** Trains, evaluates and registers a churn model each time a feature set is materialized. */
export const trainingService: ServiceDefinition = {
  name: 'trainer',
  description: 'Trains churn models on labelled point-in-time snapshots of the offline store, evaluates them out of time and registers them as ONNX.',
  defaultPort: 3006,
  env: {
    properties: {
      MODEL_NAME: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', default: 'customer-churn' },
      TRAIN_TEST_FRACTION: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.2 },
      TRAIN_SEED: { type: 'integer', default: 42 },
      TRAIN_L2: { type: 'number', minimum: 0, default: 1 },
    },
  },
  async start(ctx) {
    const artifacts = createArtifactWriter({ storage: ctx.storage, db: ctx.db });
    const modelName = String(ctx.config.MODEL_NAME);
    await subscribeStage(ctx, {
      stage: 'trainer',
      consumes: 'features.materialized',
      produces: 'model.registered',
      async handle(event, log) {
        const { featureSetId, labels, labelsArtifactId, datasetArtifactIds } = event.payload;
        const set = await loadTrainingSet({ db: ctx.db, storage: ctx.storage }, { featureSetId, labelsKey: labels.key });
        // Out of time with two or more training times; the fraction and seed only matter for a single one.
        const split = splitTrainingSet(set, { testFraction: Number(ctx.config.TRAIN_TEST_FRACTION), seed: Number(ctx.config.TRAIN_SEED) });
        const modelId = `model_${event.runId}_logistic_regression`;
        const existing = await ctx.db.prisma.model.findUnique({ where: { id: modelId } });
        const version = existing?.version ?? (await nextModelVersion(ctx.db.prisma, modelName));
        const trained = await trainLogisticRegressionModel(set, split, { l2: Number(ctx.config.TRAIN_L2), modelName, modelVersion: version });
        const prefix = `models/${modelName}/v${version}/run=${event.runId}/`;
        const onnx = await artifacts.put({
          kind: 'model',
          key: `${prefix}model.onnx`,
          body: Buffer.from(trained.onnx),
          contentType: 'application/octet-stream',
          runId: event.runId,
          producer: 'trainer',
          parentIds: [labelsArtifactId, ...datasetArtifactIds],
          metadata: { featureSetId, algorithm: trained.algorithm, version, split: split.kind },
        });
        const { metrics } = trained;
        const headline = { accuracy: metrics.accuracy, precision: metrics.precision, recall: metrics.recall, f1: metrics.f1, roc_auc: metrics.roc_auc };
        await artifacts.put({
          kind: 'model-report',
          key: `${prefix}report.json`,
          body: JSON.stringify(
            {
              model: { name: modelName, version, algorithm: trained.algorithm, sha256: onnx.sha256 },
              featureSet: { id: set.view.featureSetId, name: set.view.name, version: set.view.version, horizonDays: event.payload.horizonDays },
              data: {
                rows: set.y.length,
                withoutFeatures: set.withoutFeatures,
                split: split.kind,
                trainRows: trained.trainRows,
                testRows: trained.testRows,
                snapshots: split.snapshots,
              },
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
        const registered = await registerModel(ctx.db.prisma, {
          id: modelId,
          name: modelName,
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
        log.info({ model: modelName, version, split: split.kind, snapshots: split.snapshots, ...headline }, 'model registered');
        return {
          rowsIn: set.y.length,
          rowsOut: trained.testRows,
          payload: {
            modelId: registered.id,
            name: modelName,
            version,
            algorithm: trained.algorithm,
            artifact: { key: onnx.key, sha256: onnx.sha256, bytes: onnx.bytes },
            metrics: headline,
          },
        };
      },
    });
  },
};
