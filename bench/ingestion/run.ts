/**
 * Ingestion benchmark: prepares each source outside the measured window,
 * then measures one runSourceIngestion run per scenario in its own child
 * process (so peak memory is per scenario) and prints rows/s, MB/s and
 * peak RSS. See README.md.
 *
 *   npx tsx bench/ingestion/run.ts [--csv-customers 1000000] [--rest-records 5000000] [--db-rows 10000000]
 *     [--only csv|rest|db] [--lake fs|s3] [--rest-page 1000] [--rest-data synthetic|billing]
 *     [--db-batch 0] [--db-part-bytes N] [--db-reload] [--repeat 1] [--keep] [--runner bundle|tsx] [--node-flags=--max-semi-space-size=4]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { buildMeasureBundle } from './build-measure';
import { localEnv } from './local-env';
import { prepareCsv, prepareDb, prepareRest, USAGE_QUERY } from './prepare-sources';
import { resultLine, summaryTable } from './report';
import { RESULT_MARKER, type LakeSpec, type ScenarioResult, type ScenarioSpec, type SourceSpec } from './scenario';
import { freshRunsDatabase, sourceDatabase } from './scratch-databases';

const { values } = parseArgs({
  options: {
    'csv-customers': { type: 'string', default: '1000000' },
    'rest-records': { type: 'string', default: '5000000' },
    'db-rows': { type: 'string', default: '10000000' },
    only: { type: 'string', multiple: true },
    lake: { type: 'string', default: 'fs' },
    'rest-page': { type: 'string', default: '1000' },
    'rest-data': { type: 'string', default: 'synthetic' },
    'db-batch': { type: 'string', default: '0' },
    'db-part-bytes': { type: 'string', default: '0' },
    'db-reload': { type: 'boolean', default: false },
    repeat: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    runner: { type: 'string', default: 'bundle' },
    // The flags the ingestion service is deployed with (NODE_OPTIONS in docker-compose.yml and k8s/base/ingestion.yaml).
    'node-flags': { type: 'string', default: '--max-semi-space-size=4' },
  },
});

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(2);
};
const count = (name: string, min: number, max: number): number => {
  const n = Number(values[name as keyof typeof values]);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be an integer within ${min}..${max}`);
  return n;
};
const SCENARIOS = ['csv', 'rest', 'db'] as const;
type Scenario = (typeof SCENARIOS)[number];
const only = (values.only ?? [...SCENARIOS]).flatMap((s) => s.split(','));
for (const s of only) if (!SCENARIOS.includes(s as Scenario)) fail(`--only takes csv, rest or db, got '${s}'`);
if (values.lake !== 'fs' && values.lake !== 's3') fail(`--lake takes fs or s3, got '${values.lake}'`);
if (values.runner !== 'bundle' && values.runner !== 'tsx') fail(`--runner takes bundle or tsx, got '${values.runner}'`);
if (values['rest-data'] !== 'synthetic' && values['rest-data'] !== 'billing') fail(`--rest-data takes synthetic or billing`);
const sizes = {
  csv: count('csv-customers', 1000, 5_000_000),
  rest: count('rest-records', 1, 100_000_000),
  db: count('db-rows', 1, 1_000_000_000),
  restPage: count('rest-page', 1, 1000),
  // 0: not set (the connector's default: parts cut by size)
  dbBatch: count('db-batch', 0, 1_000_000),
  dbPartBytes: count('db-part-bytes', 0, 256 * 1024 * 1024),
  repeat: count('repeat', 1, 20),
};

const log = pino({ level: 'warn' }, pino.destination(2));
const env = localEnv();
const say = (message: string) => console.log(message);
const secondsSince = (t: number) => ((Date.now() - t) / 1000).toFixed(1);

function lakeSpec(dir: string, scenario: Scenario): LakeSpec {
  if (values.lake === 'fs') return { type: 'fs', rootDir: join(dir, `lake-${scenario}`) };
  return {
    type: 's3',
    endpoint: env.S3_ENDPOINT ?? '',
    region: env.S3_REGION ?? 'us-east-1',
    bucket: env.S3_BUCKET ?? '',
    accessKeyId: env.S3_ACCESS_KEY_ID ?? '',
    secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '',
    forcePathStyle: (env.S3_FORCE_PATH_STYLE ?? 'true') === 'true',
  };
}

/**
 * Runs the measurement in a child Node process and returns its result line:
 * by default the esbuild bundle of measure.ts under plain node, as the
 * ingestion app runs in production; `--runner tsx` runs measure.ts through tsx.
 */
function measureInChild(spec: ScenarioSpec, bundle: string | undefined): Promise<ScenarioResult> {
  const script = bundle ?? fileURLToPath(new URL('./measure.ts', import.meta.url));
  const loader = bundle ? [] : process.execArgv.length > 0 ? process.execArgv : ['--import', 'tsx'];
  return new Promise((resolve, reject) => {
    // BENCH_CPU_PROF_DIR=dir writes a V8 CPU profile of each measuring child there (open it in Chrome DevTools).
    const profile = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];
    // --node-flags: the deployment's runtime flags by default; others to try (only real if the app is started with them too).
    const nodeFlags = (values['node-flags'] ?? '').split(/\s+/).filter(Boolean);
    const args = [...loader, ...profile, ...nodeFlags, '--expose-gc', script, JSON.stringify(spec)];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARKER));
      if (code !== 0 || !line) return reject(new Error(`measuring ${spec.name} failed (exit ${code})`));
      resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as ScenarioResult);
    });
  });
}

/** The run with the median duration (disk flushes make single runs noisy), with the highest peak RSS of all runs. */
function median(runs: ScenarioResult[]): ScenarioResult {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)] as ScenarioResult;
  return { ...middle, peakRss: Math.max(...runs.map((r) => r.peakRss)), maxRssKernel: Math.max(...runs.map((r) => r.maxRssKernel)) };
}

async function runScenario(scenario: Scenario, dir: string, runsDbUrl: string, bundle: string | undefined): Promise<ScenarioResult> {
  const t = Date.now();
  let source: SourceSpec;
  let cleanup = async () => undefined as void;
  if (scenario === 'csv') {
    const csv = await prepareCsv(dir, sizes.csv);
    say(`csv : prepared ${sizes.csv.toLocaleString('en-US')}-customer CRM export, ${(csv.bytes / 1e6).toFixed(1)} MB, in ${secondsSince(t)} s`);
    source = { kind: 'csv', path: csv.path };
    cleanup = () => rm(csv.path, { force: true });
  } else if (scenario === 'rest') {
    const api = await prepareRest(sizes.rest, values['rest-data'] as 'synthetic' | 'billing');
    say(`rest: sample API serving ~${sizes.rest.toLocaleString('en-US')} ${values['rest-data']} invoices at ${api.url} (${sizes.restPage} per page)`);
    source = { kind: 'rest', url: api.url, token: api.token, pageSize: sizes.restPage };
    cleanup = () => api.close();
  } else {
    const sourceUrl = await sourceDatabase(env.DATABASE_URL ?? '');
    const db = await prepareDb(sourceUrl, sizes.db, values['db-reload']);
    say(`db  : ${db.reused ? 'reusing' : 'loaded'} ${db.rows.toLocaleString('en-US')} usage rows in the scratch table, ${secondsSince(t)} s`);
    source = {
      kind: 'db',
      sourceUrl,
      query: USAGE_QUERY,
      ...(sizes.dbBatch > 0 ? { batchSize: sizes.dbBatch } : {}),
      ...(sizes.dbPartBytes > 0 ? { partBytes: sizes.dbPartBytes } : {}),
    };
  }
  const lake = lakeSpec(dir, scenario);
  const runs: ScenarioResult[] = [];
  try {
    for (let n = 1; n <= sizes.repeat; n += 1) {
      // Each repeat lands into an empty lake, so nothing is deduplicated against the previous one.
      if (lake.type === 'fs') await rm(lake.rootDir, { recursive: true, force: true });
      const run = await measureInChild({ name: scenario, run: n, source, runsDbUrl, lake }, bundle);
      if (sizes.repeat > 1) say(`  run ${n}/${sizes.repeat}: ${resultLine(run)}`);
      runs.push(run);
    }
    return median(runs);
  } finally {
    await cleanup();
    if (lake.type === 'fs' && !values.keep) await rm(lake.rootDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!env.DATABASE_URL) fail('DATABASE_URL is not set (infra/local.env)');
  const dir = await mkdtemp(join(tmpdir(), 'churn-bench-'));
  const started = Date.now();
  const results: ScenarioResult[] = [];
  try {
    const runsDbUrl = await freshRunsDatabase(env.DATABASE_URL ?? '', log);
    const bundle = values.runner === 'bundle' ? await buildMeasureBundle() : undefined;
    say(`ingestion bench: lake ${values.lake}${values.lake === 'fs' ? ` under ${dir}` : ` s3://${env.S3_BUCKET}`}, ingestion_runs in a fresh scratch database, measured by ${bundle ? 'the esbuild bundle under plain node' : 'tsx'}${values['node-flags'] ? ` with ${values['node-flags']}` : ''}`);
    for (const scenario of SCENARIOS) {
      if (!only.includes(scenario)) continue;
      const result = await runScenario(scenario, dir, runsDbUrl, bundle);
      results.push(result);
      say(resultLine(result));
    }
  } finally {
    if (!values.keep) await rm(dir, { recursive: true, force: true });
  }
  say(`\n${summaryTable(results)}\n\nwhole bench: ${secondsSince(started)} s (MB = 10^6 bytes, MiB = 2^20 bytes)`);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
