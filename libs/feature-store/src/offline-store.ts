import type { PrismaClient } from '@churn/database';

/** Anything that runs raw SQL: the client or a transaction. */
export type SqlRunner = Pick<PrismaClient, '$executeRawUnsafe' | '$queryRawUnsafe'>;

/** What the offline store needs to know of a feature: its column and SQL type. */
export interface FeatureColumn {
  column: string;
  type: 'float' | 'int';
}

/** One customer's computed features, by feature column. */
export interface FeatureRow {
  customerId: string;
  values: Record<string, number>;
}

const BATCH = 2000;

/**
 * Offline store: the customer_features table, one row per customer per feature-set version.
 * Bulk-inserts feature rows into customer_features: one statement per batch,
 * rows passed as one JSON parameter and unpacked by jsonb_to_recordset.
 */
export async function insertFeatureRows(
  db: { prisma: SqlRunner },
  input: { featureSetId: string; eventTimestamp: Date; features: FeatureColumn[]; rows: FeatureRow[] },
): Promise<void> {
  const columns = input.features.map((f) => f.column);
  const recordType = [
    'customer_id text',
    ...input.features.map((f) => `${f.column} ${f.type === 'int' ? 'integer' : 'double precision'}`),
  ].join(', ');
  const sql =
    `INSERT INTO customer_features (feature_set_id, customer_id, event_timestamp, ${columns.join(', ')}) ` +
    `SELECT $1, x.customer_id, $2::timestamptz, ${columns.map((c) => `x.${c}`).join(', ')} ` +
    `FROM jsonb_to_recordset($3::jsonb) AS x(${recordType}) ` +
    `ON CONFLICT (feature_set_id, customer_id) DO NOTHING`;
  for (let start = 0; start < input.rows.length; start += BATCH) {
    const batch = input.rows.slice(start, start + BATCH).map((r) => ({ customer_id: r.customerId, ...r.values }));
    await db.prisma.$executeRawUnsafe(sql, input.featureSetId, input.eventTimestamp.toISOString(), JSON.stringify(batch));
  }
}

/** Reads the feature rows of one feature set, in customer order. */
export async function readFeatureRows(
  db: { prisma: SqlRunner },
  input: { featureSetId: string; features: Array<Pick<FeatureColumn, 'column'>> },
): Promise<Array<FeatureRow & { eventTimestamp: Date }>> {
  const columns = input.features.map((f) => f.column);
  const rows = await db.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
    `SELECT customer_id, event_timestamp, ${columns.join(', ')} FROM customer_features WHERE feature_set_id = $1 ORDER BY customer_id`,
    input.featureSetId,
  );
  return rows.map((row) => ({
    customerId: String(row.customer_id),
    eventTimestamp: new Date(row.event_timestamp as string | Date),
    values: Object.fromEntries(columns.map((c) => [c, Number(row[c])])),
  }));
}
