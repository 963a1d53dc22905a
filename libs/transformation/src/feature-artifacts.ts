import { Readable } from 'node:stream';
import type { ArtifactRef, ArtifactWriter } from '@churn/lineage';
import type { PointInTimeFeatures } from './compute-features';
import { csvChunks } from './csv-chunks';
import { CUSTOMER_ENTITY } from './customer-features';

/**
 * Writes a feature set's two lake artifacts, streamed: `features.csv` (every
 * row: entity, event_timestamp, features) and `labels.csv`
 * (`customer_id,event_timestamp,churned`, the training rows: what the trainer
 * builds its training set from).
 */
export async function writeFeatureArtifacts(
  artifacts: ArtifactWriter,
  input: { computed: PointInTimeFeatures; prefix: string; runId: string; parentIds: string[]; metadata: Record<string, unknown> },
): Promise<{ features: ArtifactRef; labels: ArtifactRef }> {
  const { computed } = input;
  const base = { runId: input.runId, producer: 'transformer', parentIds: input.parentIds, contentType: 'text/csv' };
  const columns = [CUSTOMER_ENTITY, 'event_timestamp', ...computed.features.map((f) => f.column)];
  function* featureRecords() {
    for (const r of computed.rows()) yield { [CUSTOMER_ENTITY]: r.customerId, event_timestamp: r.eventTimestamp.toISOString(), ...r.values };
  }
  function* labelRecords() {
    for (const l of computed.labels()) yield { [CUSTOMER_ENTITY]: l.customerId, event_timestamp: l.eventTimestamp.toISOString(), churned: l.churned };
  }
  const features = await artifacts.put({
    ...base,
    kind: 'feature-set',
    key: `${input.prefix}features.csv`,
    body: Readable.from(csvChunks(columns, featureRecords())),
    metadata: { ...input.metadata, features: computed.features.map((f) => f.name) },
  });
  const labels = await artifacts.put({
    ...base,
    kind: 'labels',
    key: `${input.prefix}labels.csv`,
    body: Readable.from(csvChunks([CUSTOMER_ENTITY, 'event_timestamp', 'churned'], labelRecords())),
    metadata: input.metadata,
  });
  return { features, labels };
}
