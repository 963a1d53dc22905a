/**
 * Child process: measures ONE preparation + feature computation of the generated sources and prints its figures as
 * a JSON line. Started by run.ts; one process per measurement so the peak memory is this run's alone (DuckDB's
 * memory is native: RSS shows it).
 *
 * Setup (not measured): the project folder, a filesystem object store holding each source's valid.parquet and
 * schema.json where the validator stores them. Measured: preparation exactly as handleValidationCompleted runs it
 * (a session of its own, spilling to a temp dir; prepareRun: download, prepare, store the recipe and the datasets),
 * with its statements timed; then handlePreparationCompleted itself (download and hash the prepared datasets,
 * compute the features, store features.parquet and labels.parquet).
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createEvent, type EventPayload } from '@churn/contracts';
import type { Database } from '@churn/database';
import { openSession, str, type Session } from '@churn/duckdb';
import { createArtifactWriter, type ArtifactWriter } from '@churn/lineage';
import { createFsObjectStore, type ObjectStore } from '@churn/storage';
import { handlePreparationCompleted } from '@churn/transformation';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { planRun } from '../../libs/preparation/src/engine/dataset-order';
import { prepareRun } from '../../libs/preparation/src/engine/prepare-run';
import type { ValidatedSource } from '../../libs/preparation/src/engine/valid-schema';
import { transformationMetrics } from '../../libs/transformation/src/transformation-metrics';
import { startMemorySampler } from '../ingestion/memory-sampler';
import { AS_OF, writeBenchProject } from './bench-project';
import { SOURCES } from './generate-data';
import { type BenchResult, type BenchSpec, type PhaseFigures, type TimedStatement, RESULT_MARKER } from './scenario';

const RUN_ID = 'bench-features';

/** Artifact records go nowhere: the bench measures the engines and the lake, not the platform database. */
const noDatabase = { prisma: { artifact: { createMany: async () => ({ count: 1 }) } } } as unknown as Database;

/** Stores each source's valid records and schema.json as the validator does; returns the validation.completed sources. */
async function seedValidated(storage: ObjectStore, artifacts: ArtifactWriter, dataDir: string): Promise<ValidatedSource[]> {
  const out: ValidatedSource[] = [];
  for (const source of SOURCES) {
    const prefix = `validated/source=${source}/run=${RUN_ID}/`;
    const parquet = await artifacts.put({
      kind: 'valid-records', key: `${prefix}valid.parquet`, body: createReadStream(join(dataDir, source, 'valid.parquet')),
      contentType: 'application/vnd.apache.parquet', runId: RUN_ID, producer: 'validator',
    });
    const schema = await artifacts.put({
      kind: 'record-schema', key: `${prefix}schema.json`, body: readFileSync(join(dataDir, source, 'schema.json')),
      contentType: 'application/schema+json', runId: RUN_ID, producer: 'validator',
    });
    const ref = (a: { key: string; sha256: string; bytes: number }) => ({ key: a.key, sha256: a.sha256, bytes: a.bytes });
    const rows = JSON.parse(readFileSync(join(dataDir, 'rows.json'), 'utf8'))[source] as number;
    // The Parquet copy is what the preparer reads when the event names one; `valid` names it too (no NDJSON is made).
    out.push({
      source, valid: ref(parquet), validParquet: ref(parquet), quarantine: ref(parquet), report: ref(parquet), schema: ref(schema),
      validArtifactId: parquet.id, reportArtifactId: parquet.id, rowsIn: rows, rowsValid: rows, rowsQuarantined: 0,
    });
  }
  return out;
}

/** The session with every statement timed (the appender and other direct uses of the connection are not). */
function timedSession(session: Session, statements: TimedStatement[]): Session {
  const timed = async <T>(sql: string, run: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await run();
    } finally {
      statements.push({ ms: performance.now() - t, sql, rss: process.memoryUsage().rss });
    }
  };
  return {
    connection: session.connection,
    exec: (sql) => timed(sql, () => session.exec(sql)),
    rows: <T>(sql: string) => timed(sql, () => session.rows<T>(sql)),
    close: () => session.close(),
  };
}

/** Step of a preparation statement, by the working relation it makes or reads (`d<i>_typed`, `d<i>_imputed`, ...). */
function stepOf(sql: string, datasets: string[]): string {
  const m = /"d(\d+)_(typed|imputed|prepared)(__\w+)?"/.exec(sql);
  if (!m) return 'other SQL';
  const dataset = datasets[Number(m[1])] ?? `d${m[1]}`;
  const [, , kind, suffix = ''] = m;
  const step =
    suffix.startsWith('__groups') ? 'group medians'
    : /^\s*COPY/.test(sql) ? 'sort + write Parquet'
    : kind === 'prepared' ? 'summary'
    : suffix === '__dedupe' || /SELECT DISTINCT/.test(sql) ? 'dedupe'
    : /^\s*CREATE (OR REPLACE )?(TABLE|VIEW)/.test(sql) ? (kind === 'typed' ? 'read + type' : 'impute')
    : kind === 'typed' ? 'fit (typed)'
    : 'fit (imputed)';
  return `${dataset}: ${step}`;
}

function vmHwm(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

async function phase<T>(run: () => Promise<T>): Promise<{ value: T; figures: PhaseFigures }> {
  const sampler = startMemorySampler(50);
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = await run();
  const seconds = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  return { value, figures: { seconds, cpuSeconds: (used.user + used.system) / 1e6, peakRss: sampler.stop().rss } };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as BenchSpec;
  await rm(spec.workDir, { recursive: true, force: true });
  await mkdir(spec.workDir, { recursive: true });
  const project = writeBenchProject(join(spec.workDir, 'project'));
  const storage = createFsObjectStore({ rootDir: join(spec.workDir, 'lake') });
  const artifacts = createArtifactWriter({ storage, db: noDatabase });
  const sources = await seedValidated(storage, artifacts, spec.dataDir);
  const log = pino({ level: 'warn' }, pino.destination(2));
  const order = planRun(project.datasets, project.manifest.entity.dataset, new Set(SOURCES)).prepare.map((d) => d.name);

  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 200));
  const baselineRss = process.memoryUsage().rss;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();

  // Preparation, as handleValidationCompleted runs it.
  const statements: TimedStatement[] = [];
  const prep = await phase(async () => {
    const dir = await mkdtemp(join(spec.workDir, 'churn-prepare-'));
    try {
      const spill = join(dir, 'spill');
      await mkdir(spill);
      const session = timedSession(
        await openSession({ threads: spec.threads, memoryLimit: spec.memoryLimit, spillDirectory: spill, setup: ["SET TimeZone = 'UTC'"] }),
        statements,
      );
      try {
        return await prepareRun(
          { storage, artifacts, producer: 'preparer', session, dir, memoryLimit: spec.memoryLimit, log },
          { runId: RUN_ID, asOf: AS_OF, sources, project },
        );
      } finally {
        session.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  const prepared = prep.value;
  process.stderr.write(`  preparation: ${prep.figures.seconds.toFixed(2)} s, CPU ${prep.figures.cpuSeconds.toFixed(2)} s, peak RSS ${Math.round(prep.figures.peakRss / 2 ** 20)} MiB\n`);
  if (spec.trace) {
    for (const st of statements.filter((x) => x.ms > 100)) process.stderr.write(`  ${String(Math.round(st.ms)).padStart(7)} ms ${String(Math.round((st.rss ?? 0) / 2 ** 20)).padStart(6)} MiB  ${st.sql.replace(/\s+/g, ' ').slice(0, 200)}\n`);
    process.stderr.write(`  in SQL: ${Math.round(statements.reduce((n, x) => n + x.ms, 0))} ms of ${Math.round(prep.figures.seconds * 1000)} ms\n`);
  }

  const payload: EventPayload<'preparation.completed'> = {
    ...prepared.payload,
    stats: { rowsIn: prepared.rowsIn, rowsOut: prepared.rowsOut, durationMs: Math.round(prep.figures.seconds * 1000) },
  };
  const event = createEvent('preparation.completed', payload, { runId: RUN_ID, producer: 'preparer' });
  const feat = await phase(() =>
    handlePreparationCompleted(
      { storage, artifacts, project, metrics: transformationMetrics(new Registry()), options: { threads: spec.threads, memoryLimit: spec.memoryLimit }, producer: 'transformer' },
      event,
      log,
    ),
  );

  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const hwm = vmHwm();
  const maxRssKernel = process.resourceUsage().maxRSS * 1024;

  // After the window: what was written.
  const lakePath = (key: string) => join(spec.workDir, 'lake', ...key.split('/'));
  const out = feat.value.payload;
  const session = await openSession({ setup: ["SET TimeZone = 'UTC'"] });
  let snapshots: BenchResult['snapshots'];
  let labelRows: number;
  try {
    const perTime = await session.rows<{ t: string; n: number }>(`SELECT CAST(event_timestamp AS VARCHAR) AS t, count(*) AS n FROM read_parquet(${str(lakePath(out.features.key))}) GROUP BY 1 ORDER BY 1`);
    const labels = await session.rows<{ t: string; n: number; p: number }>(`SELECT CAST(event_timestamp AS VARCHAR) AS t, count(*) AS n, sum(label) AS p FROM read_parquet(${str(lakePath(out.labels.key))}) GROUP BY 1`);
    const positives = new Map(labels.map((l) => [l.t, l.p]));
    snapshots = perTime.map((r) => ({ timestamp: r.t, rows: r.n, positives: positives.get(r.t) ?? null }));
    labelRows = labels.reduce((n, l) => n + l.n, 0);
  } finally {
    session.close();
  }
  const [featuresFile] = await (async () => [statSync(lakePath(out.features.key))])();

  const steps: Record<string, number> = {};
  for (const s of statements) {
    const step = stepOf(s.sql, order);
    steps[step] = (steps[step] ?? 0) + s.ms;
  }
  const inSql = statements.reduce((n, s) => n + s.ms, 0);
  steps['not SQL (downloads, appender, recipe JSON, storing)'] = prep.figures.seconds * 1000 - inSql;

  const result: BenchResult = {
    entities: spec.entities,
    events: spec.events,
    rowsIn: prepared.rowsIn,
    rowsPrepared: prepared.rowsOut,
    featureRows: feat.value.rowsOut,
    labelRows,
    features: featureColumns(project),
    snapshots,
    threads: spec.threads,
    memoryLimit: spec.memoryLimit,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    phases: { preparation: prep.figures, features: feat.figures },
    preparationSteps: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, Math.round(v)])),
    slowest: [...statements].sort((a, b) => b.ms - a.ms).slice(0, 8).map((s) => ({ ms: Math.round(s.ms), sql: s.sql.replace(/\s+/g, ' ').slice(0, 240) })),
    baselineRss,
    peakRss: Math.max(prep.figures.peakRss, feat.figures.peakRss),
    vmHwm: hwm,
    maxRssKernel,
    bytes: {
      recipe: prepared.payload.params.bytes,
      prepared: prepared.payload.datasets.reduce((n, d) => n + d.dataset.bytes, 0),
      features: featuresFile!.size,
      labels: out.labels.bytes,
    },
  };
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

function featureColumns(project: ReturnType<typeof writeBenchProject>): number {
  const view = project.views.find((v) => v.name === project.manifest.model.featureView)!;
  return view.features.reduce((n, f) => n + (f.internal ? 0 : f.kind === 'window' && f.windows ? f.windows.length : 1), 0);
}

main().catch((err) => {
  process.stderr.write(`measure failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
