import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createKafkaBus, withNamespace, type EventEnvelope } from '@churn/bus';
import { createEvent, eventCodec, topicOf } from '@churn/contracts';
import { createDatabase } from '@churn/database';
import { createSampleCompany } from '@churn/sample-data';
import { createS3ObjectStore } from '@churn/storage';
import { start, waitFor, type Started } from './processes';
import { createScratchDatabase } from './scratch-database';

const logger = pino({ level: 'silent' });

describe('a Kafka consumer killed between handling an event and committing it', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('handles the event again and the stage output exists once', async () => {
    const database = await createScratchDatabase(process.env.DATABASE_URL as string);
    cleanups.push(database.drop);
    const dir = mkdtempSync(join(tmpdir(), 'churn-e2e-redelivery-'));
    // One CSV source keeps the crash window simple: the run is one part and one manifest.
    await pipeline(createSampleCompany({ customers: 1000, seed: 5 }).crmCsv(), createWriteStream(join(dir, 'crm_customers.csv')));
    const sourcesFile = join(dir, 'sources.json');
    writeFileSync(
      sourcesFile,
      JSON.stringify({ sources: [{ name: 'crm_customers', kind: 'csv', csv: { location: join(dir, 'crm_customers.csv') } }] }),
    );
    const namespace = `redelivery-${randomBytes(4).toString('hex')}`;
    const marker = join(dir, 'crashed');
    const env = {
      ...process.env,
      BUS: 'kafka',
      STORAGE: 's3',
      DATABASE_URL: database.url,
      BUS_NAMESPACE: namespace,
      SOURCES_FILE: sourcesFile,
      CRASH_MARKER: marker,
      PORT: '0',
      LOG_LEVEL: 'info',
    };
    const launch = () => start(process.execPath, ['--import', 'tsx', 'e2e/src/fixtures/crashing-ingestion.ts'], env);

    // An observer group records every completion event the stage publishes.
    const bus = withNamespace(
      createKafkaBus({
        brokers: (process.env.KAFKA_BROKERS as string).split(','),
        clientId: 'redelivery-observer',
        codec: eventCodec,
        logger,
        deadLetterTopic: `${namespace}.dead-letter`,
        retry: { attempts: 1, initialDelayMs: 10, maxDelayMs: 10 },
      }),
      namespace,
    );
    cleanups.push(() => bus.close());
    const completions: EventEnvelope[] = [];
    await bus.subscribe({ group: 'observer', topics: [topicOf('ingestion.completed')], handler: async (e) => void completions.push(e) });

    const first: Started = launch();
    await waitFor(() => first.stdout().includes('listening'), 90_000, () => first.stdout().slice(-2000) + first.stderr().slice(-2000));
    const runId = randomUUID();
    await bus.publish(topicOf('pipeline.run-requested'), createEvent('pipeline.run-requested', { trigger: 'cli' }, { runId, producer: 'test' }));
    await first.exited;
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(existsSync(marker)).toBe(true);

    const second = launch();
    cleanups.push(() => second.stop());
    await waitFor(() => second.stdout().includes('stage already done for this run'), 120_000, () => second.stdout().slice(-2000));
    await waitFor(() => completions.length >= 2, 30_000, () => `completions: ${completions.length}`);

    // Redelivered: the stage ran once, then re-announced the stored result under the same event id.
    expect(new Set(completions.map((e) => e.id)).size).toBe(1);
    const storage = createS3ObjectStore({
      endpoint: process.env.S3_ENDPOINT as string,
      region: process.env.S3_REGION as string,
      bucket: process.env.S3_BUCKET as string,
      accessKeyId: process.env.S3_ACCESS_KEY_ID as string,
      secretAccessKey: process.env.S3_SECRET_ACCESS_KEY as string,
      forcePathStyle: true,
    });
    const day = new Date().toISOString().slice(0, 10);
    const keys: string[] = [];
    for await (const object of storage.list(`raw/source=crm_customers/type=csv/ingest_date=${day}/run=${runId}.crm_customers/`)) keys.push(object.key);
    expect(keys.map((k) => k.split('/').pop())).toEqual(['_manifest.json', 'crm_customers.csv']);
    const db = await createDatabase({ url: database.url, logger });
    cleanups.push(() => db.close());
    expect(await db.prisma.artifact.count({ where: { runId } })).toBe(2);
    expect(await db.prisma.stageRun.findMany({ where: { runId }, select: { stage: true, status: true } })).toEqual([
      { stage: 'ingestion', status: 'succeeded' },
    ]);
    expect(await db.prisma.ingestionRun.findMany({ where: { pipelineRunId: runId }, select: { source: true, status: true } })).toEqual([
      { source: 'crm_customers', status: 'succeeded' },
    ]);
  }, 300_000);
});
