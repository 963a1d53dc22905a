import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import type { Database } from './database';
import { bundledMigrations } from './migrations';
import { Prisma } from './generated/prisma/client';

/** A fresh, empty database for one test. */
export interface DatabaseFixture {
  /** Opens a client on this fixture's database. */
  open(): Promise<Database>;
  /** True when open() may be called again for an independent connection to the same database. */
  readonly multiClient: boolean;
  /** Drops / deletes the database; closes nothing the test did not open. */
  dispose(): Promise<void>;
}

const MODEL_TABLES = [
  'artifacts',
  'feature_sets',
  'ingestion_runs',
  'models',
  'offline_features',
  'online_features',
  'pipeline_runs',
  'source_leases',
  'source_watermarks',
  'stage_runs',
];

async function tablesOf(db: Database): Promise<string[]> {
  const rows = await db.prisma.$queryRaw<Array<{ table_name: string }>>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`;
  return rows.map((r) => r.table_name);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

/** The behaviour every backend (PGlite, Postgres) must share. */
export function runDatabaseContract(name: string, makeFixture: () => Promise<DatabaseFixture>): void {
  describe(`database contract: ${name}`, { timeout: 60_000 }, () => {
    let fixture: DatabaseFixture;
    let db: Database;
    const extra: Database[] = [];

    beforeEach(async () => {
      fixture = await makeFixture();
      db = await fixture.open();
    }, 60_000);

    afterEach(async () => {
      await Promise.all([db, ...extra.splice(0)].map((d) => d?.close()));
      await fixture?.dispose();
    }, 60_000);

    it('migrate creates every model table and records the migrations', async () => {
      expect(await tablesOf(db)).toEqual([]);
      const report = await db.migrate();
      expect(report.applied).toEqual(bundledMigrations.map((m) => m.name));
      expect(await tablesOf(db)).toEqual(['_schema_migrations', ...MODEL_TABLES]);
      const recorded = await db.prisma.$queryRaw<Array<{ name: string; checksum: string }>>`
        SELECT name, checksum FROM _schema_migrations ORDER BY name`;
      expect(recorded.map((r) => r.name)).toEqual(bundledMigrations.map((m) => m.name));
      expect(recorded[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    });

    it('a second migrate is a no-op', async () => {
      await db.migrate();
      const again = await db.migrate();
      expect(again.applied).toEqual([]);
      expect(again.alreadyApplied).toEqual(bundledMigrations.map((m) => m.name));
    });

    it('refuses when an applied migration changed', async () => {
      await db.migrate();
      const edited = bundledMigrations.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
      const err = await rejection(db.migrate({ migrations: edited }));
      expect(err).toBeInstanceOf(PlatformError);
      expect((err as PlatformError).code).toBe('CHURN_DB_MIGRATION_CHANGED');
      expect((err as PlatformError).retriable).toBe(false);
    });

    it('applies only new migrations and rolls back a failing one entirely', async () => {
      await db.migrate();
      const next = { name: '29990101000000_extra', sql: 'CREATE TABLE "extra_t" ("id" INTEGER PRIMARY KEY);' };
      expect((await db.migrate({ migrations: [...bundledMigrations, next] })).applied).toEqual([next.name]);

      const bad = { name: '29990101000001_bad', sql: 'CREATE TABLE "bad_t" ("id" INTEGER);\nSELECT * FROM "no_such_table";' };
      const err = await rejection(db.migrate({ migrations: [...bundledMigrations, next, bad] }));
      expect((err as PlatformError).code).toBe('CHURN_DB_MIGRATION_FAILED');
      const tables = await tablesOf(db);
      expect(tables).toContain('extra_t');
      expect(tables).not.toContain('bad_t');
      const names = await db.prisma.$queryRaw<Array<{ name: string }>>`SELECT name FROM _schema_migrations`;
      expect(names.map((r) => r.name)).not.toContain(bad.name);
    });

    it('concurrent migrators all succeed and apply each migration once', async () => {
      const clients = [db];
      if (fixture.multiClient) {
        for (let i = 0; i < 3; i++) {
          const other = await fixture.open();
          extra.push(other);
          clients.push(other);
        }
      } else {
        clients.push(db, db);
      }
      const reports = await Promise.all(clients.map((c) => c.migrate()));
      const applied = reports.flatMap((r) => r.applied).sort();
      expect(applied).toEqual(bundledMigrations.map((m) => m.name).sort());
      const [{ n }] = (await db.prisma.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM _schema_migrations`) as [
        { n: number },
      ];
      expect(n).toBe(bundledMigrations.length);
    });

    it('PipelineRun + StageRun: upsert is idempotent per (run, stage)', async () => {
      await db.migrate();
      await db.prisma.pipelineRun.create({ data: { id: 'run-1', status: 'running', trigger: 'cli' } });
      const key = { runId_stage: { runId: 'run-1', stage: 'validator' } };
      await db.prisma.stageRun.upsert({
        where: key,
        create: { runId: 'run-1', stage: 'validator', status: 'running', eventId: 'evt-1' },
        update: {},
      });
      const finishedAt = new Date('2024-05-01T10:00:00.123Z');
      await db.prisma.stageRun.upsert({
        where: key,
        create: { runId: 'run-1', stage: 'validator', status: 'running', eventId: 'evt-1' },
        update: { status: 'succeeded', rowsIn: 10, rowsOut: 9, finishedAt, durationMs: 42, output: { quarantined: 1, keys: ['a'] } },
      });
      const run = await db.prisma.pipelineRun.findUniqueOrThrow({ where: { id: 'run-1' }, include: { stages: true } });
      expect(run.stages).toHaveLength(1);
      const stage = run.stages[0]!;
      expect(stage).toMatchObject({ status: 'succeeded', rowsIn: 10, rowsOut: 9, durationMs: 42, error: null });
      expect(stage.output).toEqual({ quarantined: 1, keys: ['a'] });
      expect(stage.finishedAt?.toISOString()).toBe(finishedAt.toISOString());
      expect(stage.startedAt).toBeInstanceOf(Date);

      const orphan = await rejection(
        db.prisma.stageRun.create({ data: { runId: 'missing', stage: 'x', status: 'running', eventId: 'e' } }),
      );
      expect(orphan).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
      expect((orphan as Prisma.PrismaClientKnownRequestError).code).toBe('P2003');
    });

    it('Artifact: parentIds array, BigInt bytes beyond 2^53, default metadata, unique key', async () => {
      await db.migrate();
      const bytes = 9_007_199_254_740_993n;
      await db.prisma.artifact.create({
        data: { id: 'a1', kind: 'raw', key: 'raw/a1.csv', sha256: 'f'.repeat(64), bytes: 12n, runId: 'r', producer: 'ingestion', parentIds: [] },
      });
      await db.prisma.artifact.create({
        data: {
          id: 'a2',
          kind: 'dataset',
          key: 'datasets/a2.parquet',
          sha256: 'e'.repeat(64),
          bytes,
          runId: 'r',
          producer: 'preparer',
          parentIds: ['a1', 'a0'],
          metadata: { rows: 7, schema: { id: 'string' } },
        },
      });
      const a1 = await db.prisma.artifact.findUniqueOrThrow({ where: { key: 'raw/a1.csv' } });
      expect(a1.metadata).toEqual({});
      expect(a1.parentIds).toEqual([]);
      const a2 = await db.prisma.artifact.findUniqueOrThrow({ where: { id: 'a2' } });
      expect(a2.bytes).toBe(bytes);
      expect(a2.parentIds).toEqual(['a1', 'a0']);
      expect(a2.metadata).toEqual({ rows: 7, schema: { id: 'string' } });
      const children = await db.prisma.artifact.findMany({ where: { parentIds: { has: 'a1' } } });
      expect(children.map((a) => a.id)).toEqual(['a2']);

      const dup = await rejection(
        db.prisma.artifact.create({
          data: { id: 'a3', kind: 'raw', key: 'raw/a1.csv', sha256: 'd', bytes: 1n, runId: 'r', producer: 'p', parentIds: [] },
        }),
      );
      expect((dup as Prisma.PrismaClientKnownRequestError).code).toBe('P2002');
    });

    it('FeatureSet + OfflineFeature: point-in-time rows of any view, one per (set, entity, observation time)', async () => {
      await db.migrate();
      const features = [{ name: 'tenure_months', dtype: 'float', description: 'months as a customer' }];
      await db.prisma.featureSet.create({
        data: { id: 'fs1', name: 'customer_churn', version: 1, runId: 'r', entity: 'customer', features, sourceArtifactId: 'a2', projectName: 'p', projectVersion: 'p_1' },
      });
      const older = new Date('2024-04-01T00:00:00.000Z');
      const at = new Date('2024-05-01T00:00:00.000Z');
      const row = (entityKey: string, tenure: number, eventTimestamp = at) => ({
        featureSetId: 'fs1',
        entityKey,
        eventTimestamp,
        values: { tenure_months: tenure, spend_180d: 423.5, churn_score: null },
      });
      const created = await db.prisma.offlineFeature.createMany({
        data: [row('c1', 1), row('c2', 24), row('c3', 60), row('c2', 23, older)],
      });
      expect(created.count).toBe(4);
      const set = await db.prisma.featureSet.findUniqueOrThrow({
        where: { name_version: { name: 'customer_churn', version: 1 } },
        include: { rows: { where: { eventTimestamp: at }, orderBy: { entityKey: 'asc' } } },
      });
      expect(set).toMatchObject({ features, projectName: 'p', projectVersion: 'p_1', metadata: {} });
      expect(set.rows.map((r) => r.entityKey)).toEqual(['c1', 'c2', 'c3']);
      const c2 = await db.prisma.offlineFeature.findMany({ where: { entityKey: 'c2' }, orderBy: { eventTimestamp: 'asc' } });
      expect(c2.map((r) => [r.eventTimestamp.toISOString(), (r.values as Record<string, number>).tenure_months])).toEqual([
        [older.toISOString(), 23],
        [at.toISOString(), 24],
      ]);
      expect(c2[1]!.values).toEqual({ tenure_months: 24, spend_180d: 423.5, churn_score: null });

      const again = await rejection(db.prisma.offlineFeature.createMany({ data: [row('c1', 2)] }));
      expect((again as Prisma.PrismaClientKnownRequestError).code).toBe('P2002');
      expect((await db.prisma.offlineFeature.createMany({ data: [row('c1', 2)], skipDuplicates: true })).count).toBe(0);
    });

    it('OnlineFeature: upsert replaces the latest values', async () => {
      await db.migrate();
      const key = { featureView_entityKey: { featureView: 'customer_churn', entityKey: 'c1' } };
      const first = { values: { tenure_months: 1 }, eventTimestamp: new Date('2024-05-01T00:00:00Z'), featureSetVersion: 1 };
      await db.prisma.onlineFeature.upsert({ where: key, create: { featureView: 'customer_churn', entityKey: 'c1', ...first }, update: first });
      const second = { values: { tenure_months: 2, nested: { ok: true } }, eventTimestamp: new Date('2024-06-01T00:00:00Z'), featureSetVersion: 2 };
      await db.prisma.onlineFeature.upsert({ where: key, create: { featureView: 'customer_churn', entityKey: 'c1', ...second }, update: second });
      expect(await db.prisma.onlineFeature.count()).toBe(1);
      const row = await db.prisma.onlineFeature.findUniqueOrThrow({ where: key });
      expect(row.values).toEqual({ tenure_months: 2, nested: { ok: true } });
      expect(row.featureSetVersion).toBe(2);
    });

    it('Model: (name, version) is unique', async () => {
      await db.migrate();
      const model = {
        name: 'churn-logreg',
        version: 1,
        runId: 'r',
        algorithm: 'logistic-regression',
        metrics: { auc: 0.84 },
        featureNames: ['tenure_months'],
        artifactKey: 'models/m1.onnx',
        sha256: 'a'.repeat(64),
        featureSetId: 'fs1',
        stage: 'candidate',
      };
      await db.prisma.model.create({ data: { id: 'm1', ...model } });
      const err = await rejection(db.prisma.model.create({ data: { id: 'm2', ...model } }));
      expect(err).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
      expect((err as Prisma.PrismaClientKnownRequestError).code).toBe('P2002');
      await db.prisma.model.create({ data: { id: 'm2', ...model, version: 2 } });
      const latest = await db.prisma.model.findFirstOrThrow({ where: { name: model.name }, orderBy: { version: 'desc' } });
      expect(latest).toMatchObject({ id: 'm2', version: 2, metrics: { auc: 0.84 }, featureNames: ['tenure_months'] });
    });

    it('ping succeeds while open; close is idempotent and later use fails', async () => {
      await db.ping();
      await db.close();
      await db.close();
      await expect(db.ping()).rejects.toBeInstanceOf(PlatformError);
    });
  });
}
