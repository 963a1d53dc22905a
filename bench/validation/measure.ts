/**
 * Child process: measures ONE runSuite of the prepared table and prints its
 * figures as a JSON line. Started by run.ts; one process per measurement so the
 * peak memory is this run's alone (DuckDB's memory is native: RSS shows it).
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runSuite } from '../../libs/validation/src/engine/run-suite';
import type { ReferenceProfile } from '../../libs/validation/src/engine/engine-types';
import { startMemorySampler } from '../ingestion/memory-sampler';
import { benchSuite, specSuite } from './bench-suite';
import { type BenchResult, type BenchSpec, RESULT_MARKER } from './scenario';

const customerIds = (n: number): string[] => Array.from({ length: n }, (_, i) => `C${String(i).padStart(7, '0')}`);

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as BenchSpec;
  const reference = JSON.parse(await readFile(spec.referencePath, 'utf8')) as ReferenceProfile;
  const keys = customerIds(spec.customers);
  await rm(spec.outDir, { recursive: true, force: true });
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 200));
  const baselineRss = process.memoryUsage().rss;
  const sampler = startMemorySampler(50);
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const result = await runSuite({
    suite: spec.suite === 'spec' ? specSuite : benchSuite,
    asOf: '2026-10-31',
    inputs: [{ path: spec.csvPath, format: 'csv' }],
    outDir: spec.outDir,
    validFormats: spec.validFormats,
    threads: spec.threads,
    ...(spec.memoryLimit ? { memoryLimit: spec.memoryLimit } : {}),
    previous: { rowsIn: spec.rows },
    reference,
    referencedKeys: { 'bench_customers.customer_id': keys },
  });
  // The report is part of the window: the JSON a reports stage would store.
  const report = JSON.stringify(result);
  await writeFile(join(spec.outDir, 'report.json'), report);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const peaks = sampler.stop();
  const checkStatus: Record<string, number> = {};
  for (const c of result.checks) checkStatus[c.status] = (checkStatus[c.status] ?? 0) + 1;
  const out: BenchResult = {
    rows: result.rowsIn,
    bytes: spec.bytes,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rowsValid: result.rowsValid,
    rowsQuarantined: result.rowsQuarantined,
    baselineRss,
    peakRss: peaks.rss,
    maxRssKernel: process.resourceUsage().maxRSS * 1024,
    phases: result.engine.phases,
    rowRules: result.checks.filter((c) => c.level === 'row').length,
    checks: result.checks.filter((c) => c.level !== 'row').length,
    checkStatus,
    profiledColumns: Object.keys(result.profile).length,
    reportBytes: Buffer.byteLength(report),
    failing: result.checks.filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => `${c.name}=${c.failingCount ?? c.observed}`),
  };
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(out)}\n`);
}

main().catch((err) => {
  process.stderr.write(`measure failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
