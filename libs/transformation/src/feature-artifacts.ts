import { createReadStream } from 'node:fs';
import type { ArtifactRef, ArtifactWriter } from '@churn/lineage';
import type { ComputedFeatureSet } from './compute-feature-set';

const PARQUET = 'application/vnd.apache.parquet';

/** Lake prefix of a feature set: `features/<view>/<featureSetId>/`. */
export const featureSetPrefix = (view: string, featureSetId: string): string => `features/${view}/${featureSetId}/`;

/**
 * Stores a computed feature set's two Parquet files as artifacts (parents: the prepared datasets read):
 * `features/<view>/<featureSetId>/features.parquet` (kind feature-set) and `.../labels.parquet` (kind labels).
 * The id is a content hash and the bytes are deterministic, so a redelivered or repeated run writes the same
 * objects again, which the writer recognises.
 */
export async function storeFeatureSet(
  artifacts: ArtifactWriter,
  input: { computed: ComputedFeatureSet; runId: string; producer: string; parentIds: string[]; projectVersion: string },
): Promise<{ features: ArtifactRef; labels: ArtifactRef }> {
  const { computed } = input;
  const prefix = featureSetPrefix(computed.plan.view.name, computed.featureSetId);
  const metadata = {
    featureSetId: computed.featureSetId,
    featureView: computed.plan.view.name,
    projectVersion: input.projectVersion,
    asOf: computed.times.asOf,
    labelKind: computed.labelKind,
  };
  const base = { runId: input.runId, producer: input.producer, parentIds: input.parentIds, contentType: PARQUET };
  const features = await artifacts.put({
    ...base,
    kind: 'feature-set',
    key: `${prefix}features.parquet`,
    body: createReadStream(computed.features.path),
    metadata: { ...metadata, rows: computed.features.rows, features: computed.features.columns },
  });
  const labels = await artifacts.put({
    ...base,
    kind: 'labels',
    key: `${prefix}labels.parquet`,
    body: createReadStream(computed.labels.path),
    metadata: { ...metadata, rows: computed.labels.rows },
  });
  return { features, labels };
}
