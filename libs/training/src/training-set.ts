import { PlatformError } from '@churn/core';
import type { Database } from '@churn/database';
import { getFeatureSet, readFeatureRows, type FeatureViewVersion } from '@churn/feature-store';
import { readCsvRecords } from '@churn/lineage';
import type { ObjectStore } from '@churn/storage';

/** Features joined with labels, ready for a learner. */
export interface TrainingSet {
  view: FeatureViewVersion;
  featureNames: string[];
  customerIds: string[];
  X: number[][];
  y: number[];
  /** Customers with features but no label in the dataset (left out). */
  unlabeled: number;
}

/**
 * Builds the training set of a feature-set version: features from the
 * offline store, labels from the prepared dataset the features were made
 * from (found through the lineage record), joined on the entity key.
 */
export async function loadTrainingSet(
  deps: { db: Database; storage: ObjectStore },
  input: { featureSetId: string; datasetArtifactId: string; labelColumn: string },
): Promise<TrainingSet> {
  const view = await getFeatureSet(deps.db.prisma, input.featureSetId);
  const dataset = await deps.db.prisma.artifact.findUnique({ where: { id: input.datasetArtifactId } });
  if (!dataset) {
    throw new PlatformError('CHURN_TRAINING_DATASET_MISSING', `dataset artifact ${input.datasetArtifactId} is not registered`, {
      context: { datasetArtifactId: input.datasetArtifactId },
    });
  }
  const labels = new Map<string, number>();
  for (const record of await readCsvRecords(deps.storage, dataset.key)) {
    const label = record[input.labelColumn];
    if (label === 0 || label === 1) labels.set(String(record[view.entity]), label);
  }
  const rows = await readFeatureRows({ prisma: deps.db.prisma }, { featureSetId: view.featureSetId, features: view.features });
  const featureNames = view.features.map((f) => f.name);
  const X: number[][] = [];
  const y: number[] = [];
  const customerIds: string[] = [];
  for (const row of rows) {
    const label = labels.get(row.customerId);
    if (label === undefined) continue;
    X.push(view.features.map((f) => row.values[f.column] ?? 0));
    y.push(label);
    customerIds.push(row.customerId);
  }
  return { view, featureNames, customerIds, X, y, unlabeled: rows.length - y.length };
}
