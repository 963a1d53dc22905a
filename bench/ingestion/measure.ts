/**
 * Child process: measures ONE runSourceIngestion run of a prepared source,
 * in-process, and prints its figures as a JSON line. Started by run.ts with
 * the scenario as argv[2]; one process per scenario so peaks do not mix.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createDatabase } from '@churn/database';
import { createConnector, runSourceIngestion } from '@churn/ingestion';
import { createFsObjectStore, createS3ObjectStore, type ObjectStore } from '@churn/storage';
// Not re-exported by the lib's index; the bench reaches in rather than widen the lib's API.
import { ingestionMetrics } from '../../libs/ingestion/src/ingestion-metrics';
import type { SourceIngestionDeps } from '../../libs/ingestion/src/run-source-ingestion';
import { startMemorySampler } from './memory-sampler';
import { startServerCpuSampler } from './server-cpu-sampler';
import { RESULT_MARKER, type ScenarioResult, type ScenarioSpec } from './scenario';
import { sourceConfigOf } from './source-config';

/**
 * One tiny CSV run first, as a service that has been running has done: the
 * first Prisma query of each shape compiles it (~0.3 s in all), which would
 * otherwise weigh on the measured run.
 */
async function warmUp(deps: SourceIngestionDeps, spec: ScenarioSpec): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-warm-up-'));
  try {
    const file = join(dir, 'warm-up.csv');
    await writeFile(file, `id,note\n1,"warm ${randomUUID()}"\n`);
    const connector = createConnector({ name: `bench_warm_up_${spec.name}`, kind: 'csv', enabled: true, csv: { location: file } }, { env: {} });
    await runSourceIngestion(deps, { source: { name: `bench_warm_up_${spec.name}`, kind: 'csv' }, connector, trigger: 'api', requestedAt: new Date() });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const mib = () => Math.round(process.memoryUsage().rss / 2 ** 20);
const memory = () => Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 2 ** 20)]));
/** RSS after start-up: node and every module of the bundle (or tsx and the sources) loaded. */
const rssAtStart = mib();

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as ScenarioSpec;
  const log = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'warn' }, pino.destination(2));
  // BENCH_LOG_LEVEL=debug shows where the baseline RSS comes from.
  log.debug({ rssMiB: rssAtStart }, 'modules loaded');
  const storage: ObjectStore =
    spec.lake.type === 'fs'
      ? createFsObjectStore({ rootDir: spec.lake.rootDir })
      : createS3ObjectStore({ ...spec.lake, uploadConcurrency: 2 });
  const db = await createDatabase({ url: spec.runsDbUrl, logger: log, poolSize: 4 });
  await db.ping();
  log.debug({ rssMiB: mib(), memoryMiB: memory() }, 'platform database connected (Prisma client, first query)');
  const { config, env } = sourceConfigOf(spec);
  const connector = createConnector(config, { env });
  const deps = { db, storage, log, metrics: ingestionMetrics(new Registry()) };
  await warmUp(deps, spec);
  log.debug({ rssMiB: mib(), memoryMiB: memory() }, 'warm-up ingestion done');

  // Let start-up garbage settle so the baseline is the idle process.
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 200));
  const baselineRss = process.memoryUsage().rss;
  const sampler = startMemorySampler(50);
  // The db scenario's source database: its backends' CPU is the server's share of the run.
  const serverCpu = spec.source.kind === 'db' ? startServerCpuSampler(new URL(spec.source.sourceUrl).pathname.slice(1)) : undefined;
  const loadBefore = loadavg()[0] as number;
  log.debug('measured window opens');
  const cpuStarted = process.cpuUsage();
  const started = process.hrtime.bigint();
  const outcome = await runSourceIngestion(deps, {
    source: { name: config.name, kind: config.kind },
    connector,
    trigger: 'api',
    ingestionRunId: randomUUID(),
    requestedAt: new Date(),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  const peaks = sampler.stop();
  const serverCpuSeconds = serverCpu?.stop() ?? 0;

  const result: ScenarioResult = {
    name: spec.name,
    records: outcome.records,
    bytes: outcome.parts.reduce((sum, p) => sum + p.bytes, 0),
    parts: outcome.parts.length,
    seconds,
    baselineRss,
    peakRss: peaks.rss,
    peakHeapUsed: peaks.heapUsed,
    peakExternal: peaks.external,
    maxRssKernel: process.resourceUsage().maxRSS * 1024,
    samples: peaks.samples,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    serverCpuSeconds,
    loadBefore,
    loadAfter: loadavg()[0] as number,
  };
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
  await db.close();
  await storage.close();
}

main().catch((err) => {
  process.stderr.write(`measure failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
