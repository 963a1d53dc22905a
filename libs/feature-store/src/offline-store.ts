import type { PrismaClient } from '@churn/database';

/** Anything that runs raw SQL: the client or a transaction. */
export type SqlRunner = Pick<PrismaClient, '$executeRawUnsafe' | '$queryRawUnsafe'>;

/** One entity's features at one observation time, by feature name (null: no value). */
export interface FeatureRow {
  entityKey: string;
  /** The observation time: every value was computed from data before it. */
  eventTimestamp: Date;
  values: Record<string, number | null>;
}

const BATCH = 2000;

const toValues = (raw: unknown): Record<string, number | null> => {
  const values = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === null || v === undefined ? null : Number(v)]));
};

/**
 * Offline store: `offline_features`, one row per feature set, entity and observation time with the values as
 * JSON, so any project's feature view fits without a migration (the typed SQL view `features.<view>` reads it
 * with one column per feature). Bulk-inserts rows, 2,000 per statement (one JSON parameter unpacked by
 * jsonb_to_recordset); a row that is already there is left alone, so a redelivered or repeated feature set
 * inserts nothing twice. Rows may come from a generator and are never all held. Returns the number of rows offered.
 */
export async function insertFeatureRows(
  db: { prisma: SqlRunner },
  input: { featureSetId: string; rows: Iterable<FeatureRow> | AsyncIterable<FeatureRow> },
): Promise<number> {
  const sql =
    'INSERT INTO offline_features (feature_set_id, entity_key, event_timestamp, "values") ' +
    'SELECT $1, x.entity_key, x.event_timestamp, x.vals FROM jsonb_to_recordset($2::jsonb) AS x(entity_key text, event_timestamp timestamptz, vals jsonb) ' +
    'ON CONFLICT (feature_set_id, entity_key, event_timestamp) DO NOTHING';
  let batch: Array<Record<string, unknown>> = [];
  let offered = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await db.prisma.$executeRawUnsafe(sql, input.featureSetId, JSON.stringify(batch));
    offered += batch.length;
    batch = [];
  };
  for await (const row of input.rows) {
    batch.push({ entity_key: row.entityKey, event_timestamp: row.eventTimestamp.toISOString(), vals: row.values });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return offered;
}

/** Reads the rows of one feature set, oldest observation time first, then by entity; only one time's rows when `eventTimestamp` is given. */
export async function readFeatureRows(
  db: { prisma: SqlRunner },
  input: { featureSetId: string; eventTimestamp?: Date },
): Promise<FeatureRow[]> {
  const params: unknown[] = [input.featureSetId];
  if (input.eventTimestamp) params.push(input.eventTimestamp.toISOString());
  const rows = await db.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
    'SELECT entity_key, event_timestamp, "values" FROM offline_features WHERE feature_set_id = $1' +
      (input.eventTimestamp ? ' AND event_timestamp = $2::timestamptz' : '') +
      ' ORDER BY event_timestamp, entity_key',
    ...params,
  );
  return rows.map((row) => ({
    entityKey: String(row.entity_key),
    eventTimestamp: new Date(row.event_timestamp as string | Date),
    values: toValues(row.values),
  }));
}

/** An entity and the time its features are wanted at (Feast's entity dataframe row). */
export interface EntityRow {
  entityKey: string;
  timestamp: Date;
}

/** The features of an entity row as of its time; null values when the store has no row at or before it. */
export interface HistoricalFeatureRow extends EntityRow {
  /** Observation time of the row used (<= timestamp), null when none. */
  eventTimestamp: Date | null;
  values: Record<string, number | null> | null;
}

const ENTITY_BATCH = 5000;

/**
 * Point-in-time retrieval, as Feast's get_historical_features: for each entity row, the latest feature row of
 * the set with event_timestamp <= the row's timestamp (and, with `ttlSeconds`, not older than that), so a
 * training example never sees features observed after its own time. Answers in the order of `entityRows`.
 */
export async function getHistoricalFeatures(
  db: { prisma: SqlRunner },
  input: { featureSetId: string; entityRows: EntityRow[]; ttlSeconds?: number },
): Promise<HistoricalFeatureRow[]> {
  const sql =
    'SELECT e.ord, f.event_timestamp, f."values" ' +
    'FROM jsonb_to_recordset($2::jsonb) AS e(ord integer, entity_key text, ts timestamptz) ' +
    'LEFT JOIN LATERAL (SELECT o.event_timestamp, o."values" FROM offline_features o ' +
    'WHERE o.feature_set_id = $1 AND o.entity_key = e.entity_key AND o.event_timestamp <= e.ts ' +
    'AND ($3::double precision IS NULL OR o.event_timestamp >= e.ts - make_interval(secs => $3::double precision)) ' +
    'ORDER BY o.event_timestamp DESC LIMIT 1) f ON true ORDER BY e.ord';
  const out: HistoricalFeatureRow[] = [];
  for (let start = 0; start < input.entityRows.length; start += ENTITY_BATCH) {
    const batch = input.entityRows.slice(start, start + ENTITY_BATCH);
    const entities = batch.map((e, ord) => ({ ord, entity_key: e.entityKey, ts: e.timestamp.toISOString() }));
    const rows = await db.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, input.featureSetId, JSON.stringify(entities), input.ttlSeconds ?? null);
    for (const row of rows) {
      const entity = batch[Number(row.ord)]!;
      const found = row.event_timestamp !== null && row.event_timestamp !== undefined;
      out.push({
        ...entity,
        eventTimestamp: found ? new Date(row.event_timestamp as string | Date) : null,
        values: found ? toValues(row.values) : null,
      });
    }
  }
  return out;
}
