import type { PrismaClient } from '@churn/database';
import type { FeatureViewVersion } from './feature-registry';
import { readFeatureRows } from './offline-store';

const BATCH = 2000;

/**
 * Copies the rows of one feature set observed at `eventTimestamp` (the serving snapshot) from the offline store
 * into the online store; the set's older, training-only snapshots stay offline. One row per entity, so no
 * statement touches a key twice. A row only replaces an online value that is not newer, so replaying an old
 * version never rolls the online store back.
 */
export async function materializeFeatureSet(
  db: Pick<PrismaClient, '$executeRawUnsafe' | '$queryRawUnsafe'>,
  view: FeatureViewVersion,
  eventTimestamp: Date,
): Promise<number> {
  const rows = await readFeatureRows({ prisma: db }, { featureSetId: view.featureSetId, eventTimestamp });
  const sql =
    'INSERT INTO online_features (feature_view, entity_key, "values", event_timestamp, feature_set_version, updated_at) ' +
    'SELECT $1, x.entity_key, x.vals, x.event_timestamp, $2, now() ' +
    'FROM jsonb_to_recordset($3::jsonb) AS x(entity_key text, vals jsonb, event_timestamp timestamptz) ' +
    'ON CONFLICT (feature_view, entity_key) DO UPDATE SET "values" = EXCLUDED."values", ' +
    'event_timestamp = EXCLUDED.event_timestamp, feature_set_version = EXCLUDED.feature_set_version, updated_at = now() ' +
    'WHERE online_features.event_timestamp <= EXCLUDED.event_timestamp';
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH).map((r) => ({
      entity_key: r.entityKey,
      vals: Object.fromEntries(view.features.map((f) => [f.name, r.values[f.name] ?? null])),
      event_timestamp: r.eventTimestamp.toISOString(),
    }));
    await db.$executeRawUnsafe(sql, view.name, view.version, JSON.stringify(batch));
  }
  return rows.length;
}
