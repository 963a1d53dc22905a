// Test fixtures only (not exported from index.ts).
import type { Database } from '@churn/database';
import type { FeatureColumn, FeatureRow } from './offline-store';
import { insertFeatureRows } from './offline-store';

/** Every feature column of the offline table, read from the migrated database (the transformer owns the feature list). */
export async function offlineColumns(db: Database): Promise<FeatureColumn[]> {
  const rows = await db.prisma.$queryRaw<Array<{ column_name: string; data_type: string }>>`
    SELECT column_name, data_type FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = 'customer_features'
      AND column_name NOT IN ('feature_set_id', 'customer_id', 'event_timestamp')
    ORDER BY ordinal_position`;
  return rows.map((r) => ({ column: r.column_name, type: r.data_type === 'integer' ? 'int' : 'float' }));
}

/** A feature set whose rows hold `values` and zeros in every other column. */
export async function addFeatureSet(
  db: Database,
  input: {
    id: string;
    version: number;
    features: Array<{ name: string; column: string; type: 'float' | 'int'; description: string; sources: string[] }>;
    rows: Array<{ customerId: string; at: string; values: Record<string, number> }>;
  },
): Promise<void> {
  await db.prisma.featureSet.create({
    data: { id: input.id, name: 'customer_features', version: input.version, runId: `run-${input.version}`, entity: 'customer_id', features: input.features, sourceArtifactId: 'art' },
  });
  const columns = await offlineColumns(db);
  const zeros = Object.fromEntries(columns.map((c) => [c.column, 0]));
  const rows: FeatureRow[] = input.rows.map((r) => ({ customerId: r.customerId, eventTimestamp: new Date(r.at), values: { ...zeros, ...r.values } }));
  await insertFeatureRows(db, { featureSetId: input.id, features: columns, rows });
}
