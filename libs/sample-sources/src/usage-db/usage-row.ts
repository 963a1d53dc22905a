/** One row of the `product_usage_daily` source table. */
export interface UsageRow {
  customer_id: string;
  /** `yyyy-mm-dd`. */
  day: string;
  // Measures may be missing: the sample company injects such defects on purpose.
  sessions: number | null;
  minutes: number | null;
  data_mb: number | null;
  features_used: number | null;
  /** ISO-8601 timestamp. */
  updated_at: string;
}

/** Default name of the usage table. */
export const USAGE_TABLE = 'product_usage_daily';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Quoted `schema.table` (or `table`) for SQL, plus the bare table name; undefined unless plain identifiers. */
export function quoteTableName(name: string): { sql: string; bare: string } | undefined {
  const parts = name.split('.');
  if (parts.length > 2 || !parts.every((p) => IDENTIFIER.test(p))) return undefined;
  return { sql: parts.map((p) => `"${p}"`).join('.'), bare: parts[parts.length - 1] as string };
}

/** DDL of the usage table and its `updated_at` index (incremental reads go by it); idempotent. */
export function usageTableDdl(table: { sql: string; bare: string }): string[] {
  const index = `"${`${table.bare}_updated_at_idx`.slice(0, 63)}"`;
  return [
    `CREATE TABLE IF NOT EXISTS ${table.sql} (
      customer_id text NOT NULL,
      day date NOT NULL,
      sessions integer,
      minutes double precision,
      data_mb double precision,
      features_used integer,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (customer_id, day)
    )`,
    `CREATE INDEX IF NOT EXISTS ${index} ON ${table.sql} (updated_at)`,
  ];
}
