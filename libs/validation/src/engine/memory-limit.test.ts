import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import { loadExpectationSuites } from '../suites/load-expectation-suites';
import { engineErrors } from './engine-errors';
import { memoryLimitProblem } from './memory-limit';
import { runSuite } from './run-suite';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'memory-limit-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const suite = loadExpectationSuites({
  suites: [
    {
      source: 'notes',
      key: ['id'],
      columns: {
        id: { type: 'string', required: true, pattern: '^N[0-9]+$' },
        body: { type: 'string', required: true },
        score: { type: 'number', min: 0 },
      },
      checks: [{ name: 'rows', check: 'row_count', min: 1 }],
    },
  ],
}).suites[0]!;

/** A CSV of `rows` rows whose text alone is more than the 128MB limit with the checked table; every 1000th score is negative. */
async function largeCsv(rows: number): Promise<string> {
  const path = join(dir, `notes-${rows}.csv`);
  const out = createWriteStream(path);
  out.write('id,body,score\n');
  const body = 'x'.repeat(180);
  for (let i = 0; i < rows; i += 1) {
    if (!out.write(`N${i},${body}${i},${i % 1000 === 0 ? -1 : i % 97}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await finished(out);
  return path;
}

describe('memory limit', () => {
  it('accepts DuckDB sizes and names what is wrong with others', () => {
    expect(memoryLimitProblem('512MB')).toBeUndefined();
    expect(memoryLimitProblem('2 GiB')).toBeUndefined();
    expect(memoryLimitProblem('lots')).toMatch(/not a size such as "512MB"/);
    expect(memoryLimitProblem('10MB')).toMatch(/below 128MB/);
  });

  it('refuses a bad limit before opening anything', async () => {
    const err = await runSuite({ suite, asOf: '2026-10-31', inputs: [{ path: join(dir, 'absent.csv'), format: 'csv' }], outDir: join(dir, 'bad'), memoryLimit: 'plenty' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).code).toBe('CHURN_VALIDATION_INVALID_OPTIONS');
  });

  // 500,000 rows of ~200 bytes: ~100 MB of text, more than the limit, so the run must spill to finish.
  it('spills to disk instead of failing when a run outgrows its limit, and cleans up after itself', async () => {
    const path = await largeCsv(500_000);
    // Spill directories go under the temporary directory: this test's own, so other tests' runs do not show.
    const spillRoot = join(dir, 'tmp');
    await mkdir(spillRoot);
    const previousTmp = process.env['TMPDIR'];
    process.env['TMPDIR'] = spillRoot;
    let result;
    try {
      result = await runSuite({ suite, asOf: '2026-10-31', inputs: [{ path, format: 'csv' }], outDir: join(dir, 'large'), memoryLimit: '128MB' });
    } finally {
      if (previousTmp === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = previousTmp;
    }
    expect(result.rowsIn).toBe(500_000);
    expect(result.rowsQuarantined).toBe(500);
    expect(result.rowsValid).toBe(499_500);
    expect(result.checks.find((c) => c.name === 'score.range')?.failingCount).toBe(500);
    expect(await readdir(spillRoot)).toEqual([]);
  }, 120_000);

  it('reports exhausted memory as a structured error naming source and limit', () => {
    const err = engineErrors.outOfMemory('notes', '128MB', new Error('Out of Memory Error: could not allocate block of size 30.5 MiB\nPossible solutions: ...'));
    expect(err.code).toBe('CHURN_VALIDATION_OUT_OF_MEMORY');
    expect(err.retriable).toBe(false);
    expect(err.message).toMatch(/validating notes needed more memory than its limit \(128MB\)/);
    expect(err.context).toMatchObject({ source: 'notes', memoryLimit: '128MB', reason: 'Out of Memory Error: could not allocate block of size 30.5 MiB' });
  });
});
