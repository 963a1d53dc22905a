import type pg from 'pg';
import QueryStream from 'pg-query-stream';
import type { UsageRow } from './usage-row';

/** Test-only: `count` deterministic usage rows, 90 days per customer, with a tab and a backslash in one id. */
export function* usageRows(count: number, customerOffset = 0): Generator<UsageRow> {
  const start = Date.parse('2026-08-03T00:00:00Z');
  for (let i = 0; i < count; i++) {
    const customer = customerOffset + Math.floor(i / 90);
    const dayMs = start + (i % 90) * 86_400_000;
    yield {
      customer_id: customer === 7 ? 'C\t000\\0007' : `C${String(customer).padStart(7, '0')}`,
      day: new Date(dayMs).toISOString().slice(0, 10),
      sessions: i % 13,
      minutes: (i % 1000) / 8,
      data_mb: (i % 777) * 1.5,
      features_used: i % 9,
      updated_at: new Date(dayMs + 3_600_000 + (i % 60) * 1000).toISOString(),
    };
  }
}

/** Sums the checks compare against what the database reads back. */
export function expectedTotals(count: number): { rows: number; sessions: number; features: number } {
  let sessions = 0;
  let features = 0;
  for (const r of usageRows(count)) {
    sessions += r.sessions ?? 0;
    features += r.features_used ?? 0;
  }
  return { rows: count, sessions, features };
}

/** Reads the whole table through a server-side cursor, as the connector will. */
export async function readBack(client: pg.ClientBase, tableName: string): Promise<{ rows: number; sessions: number; features: number; first: UsageRow }> {
  const stream = client.query(new QueryStream(`SELECT * FROM ${tableName} ORDER BY updated_at, customer_id, day`, [], { batchSize: 5000 }));
  let rows = 0;
  let sessions = 0;
  let features = 0;
  let first: UsageRow | undefined;
  for await (const row of stream as AsyncIterable<UsageRow>) {
    first ??= row;
    rows++;
    sessions += row.sessions ?? 0;
    features += row.features_used ?? 0;
  }
  return { rows, sessions, features, first: first as UsageRow };
}
