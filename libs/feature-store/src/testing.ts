// Test fixtures (the `@churn/feature-store/testing` entry, never the production door).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '@churn/database';
import { ident, openSession, str } from '@churn/duckdb';
import type { FeatureMetadata } from './feature-registry';
import { insertFeatureRows } from './offline-store';

/** A registered feature set of view `customer_features` (entity `customer_id`) holding `rows`. */
export async function addFeatureSet(
  db: Database,
  input: {
    id: string;
    version: number;
    features: Array<Pick<FeatureMetadata, 'name' | 'dtype' | 'description'> & Partial<FeatureMetadata>>;
    rows: Array<{ entityKey: string; at: string; values: Record<string, number | null> }>;
    view?: string;
    entity?: string;
  },
): Promise<void> {
  await db.prisma.featureSet.create({
    data: {
      id: input.id,
      name: input.view ?? 'customer_features',
      version: input.version,
      runId: `run-${input.version}`,
      entity: input.entity ?? 'customer_id',
      features: input.features.map((f) => ({ kind: 'attribute', ...f })),
      sourceArtifactId: 'art',
    },
  });
  await insertFeatureRows(db, {
    featureSetId: input.id,
    rows: input.rows.map((r) => ({ entityKey: r.entityKey, eventTimestamp: new Date(r.at), values: r.values })),
  });
}

/** A Parquet file's bytes made from plain rows; `types` gives each column's DuckDB type (VARCHAR, DOUBLE, TIMESTAMP, INTEGER...). */
export async function parquetOf(rows: Array<Record<string, string | number | null>>, types: Record<string, string>): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'churn-parquet-test-'));
  const session = await openSession({});
  try {
    const columns = Object.keys(types);
    await session.exec(`CREATE TABLE t (${columns.map((c) => `${ident(c)} ${types[c]}`).join(', ')})`);
    const value = (v: string | number | null, type: string) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `CAST(${str(v)} AS ${type})`);
    for (let i = 0; i < rows.length; i += 500) {
      const values = rows.slice(i, i + 500).map((r) => `(${columns.map((c) => value(r[c] ?? null, types[c]!)).join(', ')})`);
      if (values.length > 0) await session.exec(`INSERT INTO t VALUES ${values.join(', ')}`);
    }
    const path = join(dir, 'out.parquet');
    await session.exec(`COPY t TO ${str(path)} (FORMAT parquet)`);
    return await readFile(path);
  } finally {
    session.close();
    await rm(dir, { recursive: true, force: true });
  }
}
