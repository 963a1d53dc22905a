import type { Database } from '@churn/database';
import { getFeatureSet, getHistoricalFeatures, type FeatureViewVersion } from '@churn/feature-store';
import { readCsvRecords } from '@churn/lineage';
import type { ObjectStore } from '@churn/storage';
import { trainingErrors } from './errors';

/** Labelled rows joined point-in-time with their features, ready for a learner. */
export interface TrainingSet {
  view: FeatureViewVersion;
  featureNames: string[];
  customerIds: string[];
  /** Observation time of each row (ISO), the row's label window starting there. */
  timestamps: string[];
  X: number[][];
  y: number[];
  /** Label rows the offline store had no features for (left out). */
  withoutFeatures: number;
}

/**
 * Builds the training set of a feature-set version: the entity rows of its
 * labels file (`customer_id,event_timestamp,churned`), each joined with the
 * latest features observed at or before its own timestamp
 * (getHistoricalFeatures), so no row sees data from after its time.
 */
export async function loadTrainingSet(
  deps: { db: Database; storage: ObjectStore },
  input: { featureSetId: string; labelsKey: string },
): Promise<TrainingSet> {
  const view = await getFeatureSet(deps.db.prisma, input.featureSetId);
  const labels = (await readCsvRecords(deps.storage, input.labelsKey)).map((record, i) => {
    const line = i + 2;
    const timestamp = new Date(String(record.event_timestamp));
    if (record.customer_id === null || record.customer_id === undefined) throw trainingErrors.badLabels(input.labelsKey, line, 'no customer_id');
    if (Number.isNaN(timestamp.getTime())) throw trainingErrors.badLabels(input.labelsKey, line, `event_timestamp ${record.event_timestamp} is not a timestamp`);
    if (record.churned !== 0 && record.churned !== 1) throw trainingErrors.badLabels(input.labelsKey, line, `churned ${record.churned} is not 0 or 1`);
    return { customerId: String(record.customer_id), timestamp, churned: record.churned };
  });
  const rows = await getHistoricalFeatures(
    { prisma: deps.db.prisma },
    { featureSetId: view.featureSetId, features: view.features, entityRows: labels },
  );
  const set: TrainingSet = { view, featureNames: view.features.map((f) => f.name), customerIds: [], timestamps: [], X: [], y: [], withoutFeatures: 0 };
  rows.forEach((row, i) => {
    if (row.values === null) {
      set.withoutFeatures += 1;
      return;
    }
    set.X.push(view.features.map((f) => row.values![f.column]!));
    set.y.push(labels[i]!.churned);
    set.customerIds.push(row.customerId);
    set.timestamps.push(row.timestamp.toISOString());
  });
  if (set.y.length === 0) throw trainingErrors.noTrainingRows(view.featureSetId, labels.length);
  return set;
}
