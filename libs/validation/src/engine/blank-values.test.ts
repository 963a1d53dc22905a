import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExpectationSuites } from '../suites/load-expectation-suites';
import { runSuite } from './run-suite';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'blank-values-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const suite = loadExpectationSuites({
  suites: [
    {
      source: 'accounts',
      key: ['id'],
      columns: {
        id: { type: 'string', required: true },
        total: { type: 'number', min: 0 },
        count: { type: 'integer' },
        active: { type: 'boolean' },
        opened: { type: 'date' },
        seen_at: { type: 'timestamp' },
        note: { type: 'string' },
        fee: { type: 'number', required: true },
      },
      checks: [{ name: 'total_complete', check: 'completeness', column: 'total', atLeast: 0.5 }],
    },
  ],
}).suites[0]!;

async function run(format: 'csv' | 'ndjson', body: string) {
  const path = join(dir, `input-${format}.${format}`);
  await writeFile(path, body);
  return runSuite({ suite, asOf: '2026-10-31', inputs: [{ path, format }], outDir: join(dir, `out-${format}`) });
}
const lines = async (path: string) => (await readFile(path, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('whitespace-only values are missing, whatever the type', () => {
  it('CSV: a blank optional cell is null in the valid rows (not a type error); a blank required cell fails required', async () => {
    const result = await run('csv', 'id,total,count,active,opened,seen_at,note,fee\nA1, ,\t, ,  , , ,1\nA2,29.85,3,true,2026-10-01,2026-10-01T09:00:00Z,x,2\nA3,1,1,false,,,,  \n');
    expect([result.rowsValid, result.rowsQuarantined]).toEqual([2, 1]);
    const [first] = await lines(result.outputs.valid.ndjson!);
    expect(first).toEqual({ id: 'A1', total: null, count: null, active: null, opened: null, seen_at: null, note: null, fee: 1 });
    const [bad] = await lines(result.outputs.quarantine);
    expect(bad!.errors).toEqual([{ column: 'fee', rule: 'required', message: 'fee is required', value: '  ' }]);
    expect(result.profile.total).toMatchObject({ count: 1, missing: 1 });
    expect(result.checks.filter((c) => c.level === 'row' && c.status !== 'pass').map((c) => c.name)).toEqual(['fee.required']);
  });

  it('NDJSON: a string of whitespace is missing too', async () => {
    const result = await run('ndjson', `${JSON.stringify({ id: 'A1', total: ' ', note: '\t', fee: 1 })}\n${JSON.stringify({ id: 'A2', fee: ' ' })}\n`);
    expect([result.rowsValid, result.rowsQuarantined]).toEqual([1, 1]);
    expect((await lines(result.outputs.valid.ndjson!))[0]).toMatchObject({ id: 'A1', total: null, note: null });
    expect((await lines(result.outputs.quarantine))[0]!.errors).toEqual([{ column: 'fee', rule: 'required', message: 'fee is required', value: ' ' }]);
  });
});
