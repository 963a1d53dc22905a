/**
 * Validation benchmark: a 1,000,000-row, 20-column CSV with defects, checked
 * by a suite of 52 row rules and 22 column/table/cross-source/drift checks
 * (PSI against a reference profile included), report included.
 *
 *   npx tsx bench/validation/run.ts [--rows 1000000] [--threads 1] [--valid parquet|ndjson|both] [--repeat 3] [--keep]
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { referenceOf } from '../../libs/validation/src/engine/reference-of';
import { runSuite } from '../../libs/validation/src/engine/run-suite';
import { benchSuite } from './bench-suite';
import { generateTable } from './generate-table';
import { type BenchResult, type BenchSpec, RESULT_MARKER } from './scenario';

const MiB = 1024 * 1024;
const TARGET_ROWS_PER_SECOND = 1_000_000;

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    threads: { type: 'string', default: '1' },
    valid: { type: 'string', default: 'parquet' },
    repeat: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    memory: { type: 'string' },
    suite: { type: 'string', default: 'full' },
  },
});

async function table(dir: string, rows: number): Promise<string> {
  const path = join(dir, `orders-${rows}.csv`);
  if (!existsSync(path)) {
    const t = performance.now();
    await generateTable(path, rows);
    console.log(`generated ${path} (${(statSync(path).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  return path;
}

/** The PSI reference: the profile of a 100,000-row table of the same shape (not measured). */
async function reference(dir: string): Promise<string> {
  const path = join(dir, 'reference.json');
  if (existsSync(path)) return path;
  const csv = await table(dir, 100_000);
  const result = await runSuite({ suite: benchSuite, asOf: '2026-10-31', inputs: [{ path: csv, format: 'csv' }], outDir: join(dir, 'reference-run') });
  await writeFile(path, JSON.stringify(referenceOf(result)));
  return path;
}

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

function suiteName(name: string | undefined): BenchSpec['suite'] {
  if (name === 'full' || name === 'spec') return name;
  throw new Error(`--suite must be "full" (54 row rules + 22 checks) or "spec" (the issue's 30 checks), not ${JSON.stringify(name)}`);
}

async function main(): Promise<void> {
  const rows = Number(args.rows);
  const dir = join(tmpdir(), 'churn-bench-validation');
  await mkdir(dir, { recursive: true });
  const csvPath = await table(dir, rows);
  const referencePath = await reference(dir);
  const validFormats = (args.valid === 'both' ? ['ndjson', 'parquet'] : [args.valid]) as BenchSpec['validFormats'];
  const spec: BenchSpec = { csvPath, rows, bytes: statSync(csvPath).size, threads: Number(args.threads), validFormats, outDir: join(dir, 'out'), referencePath, customers: 300_000, suite: suiteName(args.suite), ...(args.memory ? { memoryLimit: args.memory } : {}) };
  const runs: BenchResult[] = [];
  for (let i = 0; i < Number(args.repeat); i += 1) runs.push(await measure(spec));
  runs.sort((a, b) => a.seconds - b.seconds);
  const r = runs[Math.floor(runs.length / 2)]!;
  const rowsPerSecond = r.rows / r.seconds;
  console.log(
    `validation: ${r.rows.toLocaleString('en')} rows x 20 columns, ${(r.bytes / 1e6).toFixed(1)} MB CSV, ${spec.threads} thread(s), ${spec.suite} suite, valid rows as ${validFormats.join('+')}${spec.memoryLimit ? `, DuckDB memory limit ${spec.memoryLimit}` : ''}` +
      (runs.length > 1 ? ` (median of ${runs.length}: ${runs.map((x) => x.seconds.toFixed(2)).join(', ')} s)` : ''),
  );
  console.log(`  ${r.seconds.toFixed(2)} s: ${Math.round(rowsPerSecond).toLocaleString('en')} rows/s, ${(r.bytes / 1e6 / r.seconds).toFixed(1)} MB/s`);
  const perCpu = r.rows / r.cpuSeconds;
  console.log(
    `  CPU ${r.cpuSeconds.toFixed(2)} s (all threads): ${Math.round(perCpu).toLocaleString('en')} rows per CPU-second, ${(r.bytes / 1e6 / r.cpuSeconds).toFixed(1)} MB per CPU-second; load average ${loadavg()[0]!.toFixed(2)} on ${cpus().length} CPUs`,
  );
  console.log(`  peak RSS ${(r.peakRss / MiB).toFixed(0)} MiB (baseline ${(r.baselineRss / MiB).toFixed(0)} MiB, kernel maxRSS ${(r.maxRssKernel / MiB).toFixed(0)} MiB)`);
  console.log(`  phases (ms): ${Object.entries(r.phases).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`  rows: ${r.rowsValid.toLocaleString('en')} valid, ${r.rowsQuarantined.toLocaleString('en')} quarantined`);
  console.log(
    `  report included: yes (${r.rowRules} row rules + ${r.checks} checks, profile of ${r.profiledColumns} columns, ${(r.reportBytes / 1024).toFixed(0)} KiB JSON written in the window); statuses ${JSON.stringify(r.checkStatus)}`,
  );
  console.log(`  flagged: ${r.failing.join(', ')}`);
  console.log(`  target ${TARGET_ROWS_PER_SECOND.toLocaleString('en')} rows/s per core: ${Math.min(rowsPerSecond, perCpu) >= TARGET_ROWS_PER_SECOND ? 'met' : 'MISSED'}`);
  if (!args.keep) await rm(spec.outDir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
