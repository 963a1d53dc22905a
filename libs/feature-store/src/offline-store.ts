import type { PrismaClient } from '@churn/database';

/** Anything that runs raw SQL: the client or a transaction. */
export type SqlRunner = Pick<PrismaClient, '$executeRawUnsafe' | '$queryRawUnsafe'>;

/** What the offline store needs to know of a feature: its column and SQL type. */
export interface FeatureColumn {
  column: string;
  type: 'float' | 'int';
}

/** One customer's features at one observation time, by feature column. */
export interface FeatureRow {
  customerId: string;
  /** The observation time: every value was computed from data before it. */
  eventTimestamp: Date;
  values: Record<string, number>;
}

const BATCH = 2000;

const sqlType = (f: FeatureColumn) => (f.type === 'int' ? 'integer' : 'double precision');

const toValues = (row: Record<string, unknown>, columns: string[]) => Object.fromEntries(columns.map((c) => [c, Number(row[c])]));

/**
 * Offline store: the customer_features table, one row per feature-set version,
 * customer and observation time. Bulk-inserts rows, one statement per 2,000
 * (passed as one JSON parameter and unpacked by jsonb_to_recordset); a row
 * that is already there is left alone, so a redelivered run inserts nothing
 * twice. Rows may come from a generator: they are never all held. Returns
 * the number of rows offered.
 */
export async function insertFeatureRows(
  db: { prisma: SqlRunner },
  input: { featureSetId: string; features: FeatureColumn[]; rows: Iterable<FeatureRow> },
): Promise<number> {
  const columns = input.features.map((f) => f.column);
  const recordType = ['customer_id text', 'event_timestamp timestamptz', ...input.features.map((f) => `${f.column} ${sqlType(f)}`)].join(', ');
  const sql =
    `INSERT INTO customer_features (feature_set_id, customer_id, event_timestamp, ${columns.join(', ')}) ` +
    `SELECT $1, x.customer_id, x.event_timestamp, ${columns.map((c) => `x.${c}`).join(', ')} ` +
    `FROM jsonb_to_recordset($2::jsonb) AS x(${recordType}) ` +
    `ON CONFLICT (feature_set_id, customer_id, event_timestamp) DO NOTHING`;
  let batch: Array<Record<string, unknown>> = [];
  let offered = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await db.prisma.$executeRawUnsafe(sql, input.featureSetId, JSON.stringify(batch));
    offered += batch.length;
    batch = [];
  };
  for (const row of input.rows) {
    batch.push({ customer_id: row.customerId, event_timestamp: row.eventTimestamp.toISOString(), ...row.values });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return offered;
}

/** Reads the rows of one feature set, oldest observation time first, then by customer; only one time's rows when `eventTimestamp` is given. */
export async function readFeatureRows(
  db: { prisma: SqlRunner },
  input: { featureSetId: string; features: Array<Pick<FeatureColumn, 'column'>>; eventTimestamp?: Date },
): Promise<FeatureRow[]> {
  const columns = input.features.map((f) => f.column);
  const params: unknown[] = [input.featureSetId];
  if (input.eventTimestamp) params.push(input.eventTimestamp.toISOString());
  const rows = await db.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
    `SELECT customer_id, event_timestamp, ${columns.join(', ')} FROM customer_features WHERE feature_set_id = $1` +
      (input.eventTimestamp ? ' AND event_timestamp = $2::timestamptz' : '') +
      ' ORDER BY event_timestamp, customer_id',
    ...params,
  );
  return rows.map((row) => ({
    customerId: String(row.customer_id),
    eventTimestamp: new Date(row.event_timestamp as string | Date),
    values: toValues(row, columns),
  }));
}

/** An entity and the time its features are wanted at (Feast's entity dataframe row). */
export interface EntityRow {
  customerId: string;
  timestamp: Date;
}

/** The features of an entity row as of its time; null values when the store has no row at or before it. */
export interface HistoricalFeatureRow extends EntityRow {
  /** Observation time of the row used (<= timestamp), null when none. */
  eventTimestamp: Date | null;
  values: Record<string, number> | null;
}

const ENTITY_BATCH = 5000;

/**
 * Point-in-time retrieval, as Feast's get_historical_features: for each entity
 * row, the latest feature row of the set with event_timestamp <= the row's
 * timestamp (and, with `ttlSeconds`, not older than that), so a training
 * example never sees features observed after its own time. Answers in the
 * order of `entityRows`.
 */
export async function getHistoricalFeatures(
  db: { prisma: SqlRunner },
  input: { featureSetId: string; features: Array<Pick<FeatureColumn, 'column'>>; entityRows: EntityRow[]; ttlSeconds?: number },
): Promise<HistoricalFeatureRow[]> {
  const columns = input.features.map((f) => f.column);
  const sql =
    `SELECT e.ord, f.event_timestamp, ${columns.map((c) => `f.${c}`).join(', ')} ` +
    `FROM jsonb_to_recordset($2::jsonb) AS e(ord integer, customer_id text, ts timestamptz) ` +
    `LEFT JOIN LATERAL (SELECT * FROM customer_features cf ` +
    `WHERE cf.feature_set_id = $1 AND cf.customer_id = e.customer_id AND cf.event_timestamp <= e.ts ` +
    `AND ($3::double precision IS NULL OR cf.event_timestamp >= e.ts - make_interval(secs => $3::double precision)) ` +
    `ORDER BY cf.event_timestamp DESC LIMIT 1) f ON true ORDER BY e.ord`;
  const out: HistoricalFeatureRow[] = [];
  for (let start = 0; start < input.entityRows.length; start += ENTITY_BATCH) {
    const batch = input.entityRows.slice(start, start + ENTITY_BATCH);
    const entities = batch.map((e, ord) => ({ ord, customer_id: e.customerId, ts: e.timestamp.toISOString() }));
    const rows = await db.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(sql, input.featureSetId, JSON.stringify(entities), input.ttlSeconds ?? null);
    for (const row of rows) {
      const entity = batch[Number(row.ord)]!;
      const found = row.event_timestamp !== null && row.event_timestamp !== undefined;
      out.push({
        ...entity,
        eventTimestamp: found ? new Date(row.event_timestamp as string | Date) : null,
        values: found ? toValues(row, columns) : null,
      });
    }
  }
  return out;
}
