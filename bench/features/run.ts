/**
 * Features benchmark: 1,000,000 customers and 20,000,000 events (usage days, invoices, tickets) of a generated
 * company, prepared (libs/preparation) and turned into point-in-time features at 4 observation times
 * (libs/transformation), in a measured child process. Prints the figures and the targets beside them; never asserts.
 *
 *   npx tsx bench/features/run.ts [--entities 1000000] [--events 20000000] [--threads 2] [--memory 1GB] [--repeat 3] [--keep]
 */
import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchData } from './generate-data';
import { type BenchResult, type BenchSpec, RESULT_MARKER } from './scenario';

const MiB = 1024 * 1024;
/** The targets, on this machine (2 cores): preparation plus features, and the peak resident memory. */
const TARGET_SECONDS = 60;
const TARGET_RSS = 1.5e9;

const { values: args } = parseArgs({
  options: {
    entities: { type: 'string', default: '1000000' },
    events: { type: 'string', default: '20000000' },
    threads: { type: 'string', default: '2' },
    memory: { type: 'string', default: '1GB' },
    repeat: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
  },
});

function measure(spec: BenchSpec): Promise<BenchResult> {
  const loader = process.execArgv.length > 0 ? process.execArgv : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...loader, '--expose-gc', new URL('./measure.ts', import.meta.url).pathname, JSON.stringify(spec)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARKER));
      if (code !== 0 || !line) reject(new Error(`measure exited with ${code}: ${out}`));
      else resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as BenchResult);
    });
  });
}

const s = (x: number) => `${x.toFixed(2)} s`;
const mib = (x: number) => `${Math.round(x / MiB).toLocaleString('en')} MiB`;
const n = (x: number) => Math.round(x).toLocaleString('en');
const met = (ok: boolean) => (ok ? 'met' : 'MISSED');

function report(r: BenchResult, runs: BenchResult[]): void {
  const { preparation: p, features: f } = r.phases;
  const events = r.events;
  console.log(
    `features: ${n(r.entities)} entities, ${n(events)} events (${n(r.rowsIn)} rows read with the churn events), ${r.features} served features at ${r.snapshots.length} observation times; ` +
      `DuckDB ${r.threads} thread(s), memory limit ${r.memoryLimit} per phase` +
      (runs.length > 1 ? ` (median of ${runs.length}: ${runs.map((x) => x.seconds.toFixed(2)).join(', ')} s)` : ''),
  );
  const rows: Array<[string, string, string, string, string, string]> = [
    ['phase', 'wall', 'CPU (user+sys)', 'rows/s', 'peak RSS (sampled)', 'target'],
    ['preparation', s(p.seconds), s(p.cpuSeconds), n(r.rowsIn / p.seconds), mib(p.peakRss), ''],
    ['features', s(f.seconds), s(f.cpuSeconds), n(r.rowsPrepared / f.seconds), mib(f.peakRss), ''],
    ['total', s(r.seconds), s(r.cpuSeconds), n(r.rowsIn / r.seconds), mib(r.peakRss), `< ${TARGET_SECONDS} s, < ${mib(TARGET_RSS)}`],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) console.log(`  ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`);
  console.log(`  rows/s: rows read by the phase (preparation: the valid records; features: the prepared rows) over its wall time`);
  console.log(`  memory: baseline ${mib(r.baselineRss)}, peak sampled every 50 ms ${mib(r.peakRss)}, VmHWM ${mib(r.vmHwm)} (setup included), kernel maxRSS ${mib(r.maxRssKernel)}`);
  console.log(`  load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} CPUs`);
  console.log(`  output: ${n(r.rowsPrepared)} prepared rows (${mib(r.bytes.prepared)} Parquet, recipe ${(r.bytes.recipe / 1024).toFixed(0)} KiB), ${n(r.featureRows)} feature rows (${mib(r.bytes.features)}), ${n(r.labelRows)} labelled rows`);
  console.log(`  snapshots: ${r.snapshots.map((x) => `${x.timestamp.slice(0, 10)} ${n(x.rows)}${x.positives === null ? '' : ` (${n(x.positives)} churn)`}`).join(', ')}`);
  console.log(`  preparation steps (ms): ${Object.entries(r.preparationSteps).sort(([, a], [, b]) => b - a).map(([k, v]) => `${k} ${n(v)}`).join(', ')}`);
  console.log('  slowest preparation statements:');
  for (const st of r.slowest) console.log(`    ${String(st.ms).padStart(7)} ms  ${st.sql}`);
  const rss = Math.max(r.peakRss, r.vmHwm);
  console.log(`  target: preparation + features under ${TARGET_SECONDS} s: ${met(r.seconds < TARGET_SECONDS)} (${s(r.seconds)}); peak RSS under ${mib(TARGET_RSS)} (1.5 GB): ${met(rss < TARGET_RSS)} (${mib(rss)})`);
  console.log(JSON.stringify({ bench: 'features', ...r, targets: { seconds: TARGET_SECONDS, rssBytes: TARGET_RSS, met: r.seconds < TARGET_SECONDS && rss < TARGET_RSS } }));
}

async function main(): Promise<void> {
  const entities = Number(args.entities);
  const events = Number(args.events);
  const cache = join(tmpdir(), 'churn-bench-features');
  await mkdir(cache, { recursive: true });
  const data = await benchData(cache, entities, events, (line) => console.log(line));
  const spec: BenchSpec = { dataDir: data.dir, entities, events: data.events, threads: Number(args.threads), memoryLimit: args.memory!, workDir: join(cache, 'run'), trace: args.trace };
  const runs: BenchResult[] = [];
  try {
    for (let i = 0; i < Number(args.repeat); i += 1) runs.push(await measure(spec));
  } finally {
    if (!args.keep) await rm(spec.workDir, { recursive: true, force: true });
  }
  runs.sort((a, b) => a.seconds - b.seconds);
  report(runs[Math.floor(runs.length / 2)]!, runs);
  if (args.keep) console.log(`  kept: ${spec.workDir} (project, lake with the recipe, prepared datasets and features)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
