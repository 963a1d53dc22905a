import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, lastJsonLine, postJson, repoRoot, start, waitFor, type Started } from './processes';
import { startTestSampleSystems, type SampleSystems } from './fixtures/sample-systems';
import { createScratchDatabase } from './scratch-database';

const apps = ['ingestion', 'validator', 'preparer', 'transformer', 'feature-store', 'trainer', 'predictor'] as const;
const portOf = (app: (typeof apps)[number]) => 4201 + apps.indexOf(app);

describe('one pipeline run in distributed mode (a process per service, Kafka, Postgres, S3)', () => {
  const services = new Map<string, Started>();
  let env: NodeJS.ProcessEnv;
  let dropDatabase: () => Promise<void> = () => Promise.resolve();
  let systems: SampleSystems | undefined;

  beforeAll(async () => {
    for (const app of apps) execFileSync(process.execPath, ['tools/build-app.mjs', app], { cwd: repoRoot, stdio: 'pipe' });
    const database = await createScratchDatabase(process.env.DATABASE_URL as string);
    dropDatabase = database.drop;
    systems = await startTestSampleSystems({ customers: 2500, seed: 3, adminUrl: process.env.DATABASE_URL as string });
    env = {
      ...process.env,
      BUS: 'kafka',
      STORAGE: 's3',
      DATABASE_URL: database.url,
      BUS_NAMESPACE: `e2e-${randomBytes(4).toString('hex')}`,
      ...systems.env,
      SOURCES_FILE: 'projects/sample-company/sources.json',
      PIPELINE_AS_OF: systems.company.options.asOf,
      FEATURE_STORE_URL: `http://127.0.0.1:${portOf('feature-store')}`,
      LOG_LEVEL: 'info',
    };
    for (const app of apps) {
      services.set(app, start(process.execPath, [`dist/apps/${app}/main.js`], { ...env, PORT: String(portOf(app)) }));
    }
    for (const app of apps) {
      const service = services.get(app) as Started;
      await waitFor(
        async () => {
          if (service.child.exitCode !== null) throw new Error(`${app} exited early:\n${service.stderr().slice(-2000)}${service.stdout().slice(-2000)}`);
          return answers(`http://127.0.0.1:${portOf(app)}/readyz`);
        },
        120_000,
        () => `${app} not ready: ${service.stdout().slice(-1500)}`,
      );
    }
  }, 300_000);

  afterAll(async () => {
    await Promise.all([...services.values()].map((s) => s.stop()));
    await dropDatabase();
    await systems?.close();
  });

  it('runs every stage through Kafka and serves a prediction', async () => {
    const cli = start(process.execPath, ['--import', 'tsx', 'tools/pipeline/run-pipeline.ts'], env);
    const code = await cli.exited;
    const logs = [...services.entries()].map(([name, s]) => `--- ${name}\n${s.stdout().slice(-1500)}`).join('\n');
    expect(code, `${cli.stderr().slice(-2000)}\n${logs}`).toBe(0);
    const summary = lastJsonLine(cli.stdout()) as {
      runId: string;
      status: string;
      stages: Array<{ name: string; status: string; rowsOut: number }>;
      model: { version: number; metrics: Record<string, number> };
    };
    expect(summary.status).toBe('succeeded');
    expect(summary.stages.map((s) => `${s.name}:${s.status}`)).toEqual(apps.map((a) => `${a}:succeeded`));
    expect(summary.model.version).toBe(1);
    expect(summary.model.metrics.roc_auc).toBeGreaterThan(0.7);

    // The raw export sits in S3 with its hash, under the run's partition.
    const s3 = new S3Client({
      endpoint: process.env.S3_ENDPOINT,
      region: process.env.S3_REGION,
      forcePathStyle: true,
      credentials: { accessKeyId: process.env.S3_ACCESS_KEY_ID as string, secretAccessKey: process.env.S3_SECRET_ACCESS_KEY as string },
    });
    const day = new Date().toISOString().slice(0, 10);
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: process.env.S3_BUCKET, Key: `raw/source=crm_customers/type=csv/ingest_date=${day}/run=${summary.runId}.crm_customers/crm_customers.csv` }),
    );
    expect(head.Metadata?.sha256).toBe(createHash('sha256').update(readFileSync(systems!.csvPath)).digest('hex'));

    // A customer the online store serves (cancelled or quarantined ones have no serving row).
    const ids = Array.from({ length: 20 }, (_, i) => `C${String(i + 1).padStart(7, '0')}`);
    const online = await postJson(`http://127.0.0.1:${portOf('feature-store')}/get-online-features`, {
      features: ['customer_features:tenure_months'],
      entities: { customer_id: ids },
    });
    const statuses = (online.body.results as Array<{ statuses: string[] }>)[1]!.statuses;
    const served = ids[statuses.indexOf('PRESENT')];
    expect(served).toBeDefined();
    const prediction = await postJson(`http://127.0.0.1:${portOf('predictor')}/predict`, { customer_id: served });
    expect(prediction.status).toBe(200);
    expect(prediction.body.model).toEqual({ name: 'customer-churn', version: 1 });
  }, 240_000);

  it('every service shuts down cleanly on SIGTERM', async () => {
    const codes = await Promise.all([...services.values()].map((s) => s.stop('SIGTERM')));
    expect(codes).toEqual(apps.map(() => 0));
  }, 60_000);
});
