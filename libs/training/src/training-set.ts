import type { Database } from '@churn/database';
import { getFeatureSet, getHistoricalFeatures, readParquetRows, type FeatureViewVersion } from '@churn/feature-store';
import type { ObjectStore } from '@churn/storage';
import { trainingErrors } from './errors';

/** Labelled rows joined point-in-time with their features, ready for a learner. */
export interface TrainingSet {
  view: FeatureViewVersion;
  featureNames: string[];
  entityKeys: string[];
  /** Observation time of each row (ISO), the row's label window starting there. */
  timestamps: string[];
  X: number[][];
  y: number[];
  /** Label rows the offline store had no features for (left out). */
  withoutFeatures: number;
  /** Feature -> values that were null and were given the training mean. */
  nullsFilled: Record<string, number>;
}

/**
 * Builds the training set of a feature set: the entity rows of its labels file (Parquet `entity_key,
 * event_timestamp, label`), each joined with the latest features observed at or before its own timestamp
 * (the feature store's getHistoricalFeatures), so no row sees data from after its time. The features are the
 * set's served features, in the registry's order.
 */
export async function loadTrainingSet(
  deps: { db: Database; storage: ObjectStore },
  input: { featureSetId: string; labelsKey: string },
): Promise<TrainingSet> {
  const view = await getFeatureSet(deps.db.prisma, input.featureSetId);
  const labels: Array<{ entityKey: string; timestamp: Date; label: number }> = [];
  let line = 0;
  for await (const row of readParquetRows(deps.storage, input.labelsKey)) {
    line += 1;
    const timestamp = row.event_timestamp;
    if (row.entity_key === null || row.entity_key === undefined) throw trainingErrors.badLabels(input.labelsKey, line, 'no entity_key');
    if (!(timestamp instanceof Date) || Number.isNaN(timestamp.getTime())) throw trainingErrors.badLabels(input.labelsKey, line, `event_timestamp ${String(timestamp)} is not a timestamp`);
    const label = Number(row.label);
    if (label !== 0 && label !== 1) throw trainingErrors.badLabels(input.labelsKey, line, `label ${String(row.label)} is not 0 or 1`);
    labels.push({ entityKey: String(row.entity_key), timestamp, label });
  }
  const rows = await getHistoricalFeatures({ prisma: deps.db.prisma }, { featureSetId: view.featureSetId, entityRows: labels });
  const featureNames = view.features.map((f) => f.name);
  const set: TrainingSet = { view, featureNames, entityKeys: [], timestamps: [], X: [], y: [], withoutFeatures: 0, nullsFilled: {} };
  const raw: Array<Array<number | null>> = [];
  rows.forEach((row, i) => {
    if (row.values === null) {
      set.withoutFeatures += 1;
      return;
    }
    raw.push(featureNames.map((f) => row.values![f] ?? null));
    set.y.push(labels[i]!.label);
    set.entityKeys.push(row.entityKey);
    set.timestamps.push(row.timestamp.toISOString());
  });
  if (set.y.length === 0) throw trainingErrors.noTrainingRows(view.featureSetId, labels.length);
  // A feature without a value (an attribute the data left empty) gets the mean: after scaling, no signal.
  const means = featureNames.map((_, j) => {
    const present = raw.map((r) => r[j]).filter((v): v is number => v !== null && Number.isFinite(v));
    return present.length > 0 ? present.reduce((a, b) => a + b, 0) / present.length : 0;
  });
  set.X = raw.map((r) =>
    r.map((v, j) => {
      if (v !== null && Number.isFinite(v)) return v;
      set.nullsFilled[featureNames[j]!] = (set.nullsFilled[featureNames[j]!] ?? 0) + 1;
      return means[j]!;
    }),
  );
  return set;
}
