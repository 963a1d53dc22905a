import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import { loadExpectationSuites } from '../suites/load-expectation-suites';
import type { ExpectationSuite, SuiteCheck } from '../suites/suite-types';
import { openSession } from './duckdb-session';
import type { RunSuiteOptions, SuiteRunResult } from './engine-types';
import { referenceOf } from './reference-of';
import { runSuite } from './run-suite';

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'run-suite-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A small orders suite, loaded through the config loader (defaults applied). */
function suiteWith(checks: SuiteCheck[] = [], columns: ExpectationSuite['columns'] = {}): ExpectationSuite {
  return loadExpectationSuites({
    suites: [
      {
        source: 'orders',
        key: ['order_id'],
        columns: {
          order_id: { type: 'string', required: true, pattern: '^O[0-9]+$' },
          placed_on: { type: 'date', required: true, min: '2020-01-01', max: '${asOf}' },
          amount: { type: 'number', required: true, min: 0, exclusiveMin: true, max: 1000 },
          qty: { type: 'integer', min: 1 },
          channel: { type: 'string', enum: ['web', 'store'] },
          email: { type: 'string', format: 'email' },
          updated_at: { type: 'timestamp', required: true },
          ...columns,
        },
        checks,
      },
    ],
  }).suites[0]!;
}

const HEADER = 'order_id,placed_on,amount,qty,channel,email,updated_at';
const row = (id: number, extra: Partial<Record<'placed_on' | 'amount' | 'qty' | 'channel' | 'email' | 'updated_at', string>> = {}) => {
  const v = { placed_on: '2026-10-01', amount: '10.5', qty: '2', channel: 'web', email: `u${id}@example.com`, updated_at: '2026-10-02T10:00:00Z', ...extra };
  return `O${id},${v.placed_on},${v.amount},${v.qty},${v.channel},${v.email},${v.updated_at}`;
};

async function file(name: string, body: string | Buffer): Promise<string> {
  const path = join(dir, `${(n += 1)}-${name}`);
  await writeFile(path, body);
  return path;
}

async function run(body: string | Buffer, options: Partial<RunSuiteOptions> = {}, format: 'csv' | 'ndjson' = 'csv'): Promise<SuiteRunResult> {
  const path = await file(`input.${format}`, body);
  return runSuite({ suite: suiteWith(), asOf: '2026-10-31', inputs: [{ path, format }], outDir: join(dir, `out-${n}`), ...options });
}

async function lines(path: string): Promise<Array<Record<string, unknown>>> {
  return (await readFile(path, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).retriable).toBe(false);
    return err as PlatformError;
  }
  throw new Error('expected the run to fail');
}

const check = (r: SuiteRunResult, name: string) => r.checks.find((c) => c.name === name)!;

describe('runSuite: rows', () => {
  it('quarantines failing rows with their reasons and writes valid rows typed, in suite order', async () => {
    const csv = [
      HEADER,
      row(1),
      row(2, { placed_on: '31/10/2026', amount: '"12,5"' }),
      row(3, { qty: '', channel: '', email: '' }),
      row(4, { channel: 'phone', updated_at: '2026-10-02 10:00:00+01:00' }),
      row(5, { amount: '0' }),
      row(6, { qty: '3.0', email: 'not an email' }),
      row(7, { placed_on: '2026-11-01', updated_at: 'yesterday' }),
    ].join('\n');
    const r = await run(`${csv}\n`);
    expect([r.rowsIn, r.rowsValid, r.rowsQuarantined]).toEqual([7, 2, 5]);
    expect(await lines(r.outputs.valid.ndjson!)).toEqual([
      { order_id: 'O1', placed_on: '2026-10-01', amount: 10.5, qty: 2, channel: 'web', email: 'u1@example.com', updated_at: '2026-10-02T10:00:00Z' },
      { order_id: 'O3', placed_on: '2026-10-01', amount: 10.5, qty: null, channel: null, email: null, updated_at: '2026-10-02T10:00:00Z' },
    ]);
    const q = await lines(r.outputs.quarantine);
    expect(q.map((e) => [e['line'], (e['errors'] as Array<{ column: string; rule: string }>).map((x) => `${x.column}:${x.rule}`)])).toEqual([
      [3, ['placed_on:format', 'amount:type']],
      [5, ['channel:enum']],
      [6, ['amount:range']],
      [7, ['email:format']],
      [8, ['placed_on:range', 'updated_at:format']],
    ]);
    expect(q[0]).toMatchObject({ raw: { order_id: 'O2', placed_on: '31/10/2026', amount: '12,5' } });
    expect(q[2]!['errors']).toEqual([{ column: 'amount', rule: 'range', message: 'amount must be > 0 and <= 1000', value: '0' }]);
    expect(check(r, 'placed_on.format')).toMatchObject({ level: 'row', status: 'fail', failingCount: 1, examples: [{ line: 3, value: '31/10/2026' }] });
    expect(r.profile['qty']).toMatchObject({ type: 'integer', count: 1, missing: 1, min: 2, max: 2 });
  });

  it('keeps the first valid row of a key', async () => {
    const csv = [HEADER, row(1, { amount: 'x' }), row(1), row(1, { amount: '7' }), row(2), row(2, { amount: 'y' })].join('\n');
    const r = await run(csv);
    expect((await lines(r.outputs.valid.ndjson!)).map((v) => [v['order_id'], v['amount']])).toEqual([['O1', 10.5], ['O2', 10.5]]);
    const q = await lines(r.outputs.quarantine);
    expect(q.map((e) => [e['line'], (e['errors'] as Array<{ rule: string; message: string }>).map((x) => x.rule)])).toEqual([
      [2, ['type']],
      [4, ['duplicate-key']],
      [6, ['type', 'duplicate-key']],
    ]);
    expect((q[1]!['errors'] as Array<{ message: string }>)[0]!.message).toBe('key "O1" already seen on an earlier valid record of this delivery');
  });

  it('lets a newer delivery supersede the keys it holds validly, as with a snapshot', async () => {
    const newest = await file('newest.csv', [HEADER, row(1, { amount: '20' }), row(2, { amount: 'x' })].join('\n'));
    const older = await file('older.csv', [HEADER, row(1, { amount: '10' }), row(2, { amount: '11' }), row(3), row(3, { amount: '12' }), row(1, { amount: 'y' })].join('\n'));
    const r = await runSuite({
      suite: suiteWith(),
      asOf: '2026-10-31',
      inputs: [{ path: newest, format: 'csv' }, { path: older, format: 'csv', delivery: 1 }],
      outDir: join(dir, 'deliveries'),
    });
    expect([r.rowsIn, r.rowsValid, r.rowsQuarantined, r.rowsSuperseded]).toEqual([7, 3, 2, 2]);
    expect((await lines(r.outputs.valid.ndjson!)).map((v) => [v['order_id'], v['amount']])).toEqual([['O1', 20], ['O2', 11], ['O3', 10.5]]);
    const q = await lines(r.outputs.quarantine);
    expect(q.map((e) => [e['input'], e['line'], (e['errors'] as Array<{ rule: string }>).map((x) => x.rule)])).toEqual([
      [0, 3, ['type']],
      [1, 5, ['duplicate-key']],
    ]);
  });

  it('flags rows failing a warn column without quarantining them', async () => {
    const suite = suiteWith([], { qty: { type: 'integer', min: 1, max: 5, severity: 'warn' } });
    const path = await file('warn.csv', [HEADER, row(1, { qty: '9' }), row(2, { qty: 'many' }), row(3)].join('\n'));
    const r = await runSuite({ suite, asOf: '2026-10-31', inputs: [{ path, format: 'csv' }], outDir: join(dir, 'warn-out') });
    expect([r.rowsValid, r.rowsQuarantined, r.rowsFlagged]).toEqual([3, 0, 2]);
    expect((await lines(r.outputs.valid.ndjson!)).map((v) => v['qty'])).toEqual([9, null, 2]);
    expect(check(r, 'qty.range')).toMatchObject({ severity: 'warn', status: 'warn', failingCount: 1 });
    expect(r.status).toBe('warn');
  });

  it('reads NDJSON values typed: numbers must be JSON numbers, lines must be objects', async () => {
    const rec = (id: number, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ order_id: `O${id}`, placed_on: '2026-10-01', amount: 10.5, qty: 2, channel: 'web', email: null, updated_at: '2026-10-02T10:00:00Z', ...extra });
    const body = [rec(1), '', rec(2, { amount: '10.5' }), 'not json', '[1,2]', rec(3, { qty: 2.5, coupon: 'X' }), rec(4, { amount: 1e3, qty: 3.0 })].join('\n');
    const r = await run(`${body}\r\n`, {}, 'ndjson');
    expect(r.headerProblems).toEqual([{ column: 'coupon', rule: 'unknown-column', message: 'unexpected property "coupon"' }]);
    const q = await lines(r.outputs.quarantine);
    expect(q.map((e) => [e['line'], (e['errors'] as Array<{ rule: string }>).map((x) => x.rule)])).toEqual([
      [3, ['type']],
      [4, ['json']],
      [5, ['json']],
      [6, ['type']],
    ]);
    expect(q[1]).toMatchObject({ raw: 'not json', errors: [{ column: null, message: 'line is not valid JSON' }] });
    expect(q[2]).toMatchObject({ raw: '[1,2]', errors: [{ message: 'line holds a JSON array, not an object' }] });
    expect((await lines(r.outputs.valid.ndjson!)).map((v) => [v['order_id'], v['amount'], v['qty']])).toEqual([['O1', 10.5, 2], ['O4', 1000, 3]]);
    expect(check(r, 'row.json')).toMatchObject({ failingCount: 2 });
  });

  it('writes Parquet with typed columns on request', async () => {
    const r = await run([HEADER, row(1), row(2, { qty: '' })].join('\n'), { validFormats: ['ndjson', 'parquet'] });
    const session = await openSession();
    try {
      const rows = await session.rows(`SELECT order_id, placed_on::VARCHAR AS d, amount, qty, typeof(updated_at) AS t FROM read_parquet('${r.outputs.valid.parquet}')`);
      expect(rows).toEqual([
        { order_id: 'O1', d: '2026-10-01', amount: 10.5, qty: 2, t: 'TIMESTAMP' },
        { order_id: 'O2', d: '2026-10-01', amount: 10.5, qty: null, t: 'TIMESTAMP' },
      ]);
    } finally {
      session.close();
    }
  });
});

describe('runSuite: malformed files give a clear result, never a crash', () => {
  it('an empty file, a header only, a wrong delimiter, a missing column', async () => {
    expect((await failure(run(''))).code).toBe('CHURN_VALIDATION_BAD_HEADER');
    const headerOnly = await run(`${HEADER}\n`, { suite: suiteWith([{ name: 'rows', check: 'row_count', min: 1 }]) });
    expect([headerOnly.rowsIn, headerOnly.status, check(headerOnly, 'rows').status]).toEqual([0, 'fail', 'fail']);
    const semicolons = await failure(run([HEADER.replaceAll(',', ';'), row(1).replaceAll(',', ';')].join('\n')));
    expect(semicolons).toMatchObject({ code: 'CHURN_VALIDATION_BAD_HEADER' });
    expect(semicolons.message).toContain('";"-delimited');
    const missing = await failure(run([HEADER.replace(',email', ''), 'O1,2026-10-01,1,1,web,2026-10-02T10:00:00Z'].join('\n')));
    expect(missing.message).toContain('required column "email" is missing');
  });

  it("reads a source's declared delimiter (a semicolon export), and names the delimiter a file really uses", async () => {
    const semicolons = [HEADER.replaceAll(',', ';'), row(1).replaceAll(',', ';'), row(2).replaceAll(',', ';')].join('\n');
    const r = await run(semicolons, { csv: { delimiter: ';' } });
    expect([r.rowsIn, r.rowsValid, r.headerProblems]).toEqual([2, 2, []]);
    const commas = await failure(run([HEADER, row(1)].join('\n'), { csv: { delimiter: ';' } }));
    expect(commas.message).toContain('the file is ","-delimited, expected ";"');
  });

  it('extra header columns are reported and kept in the quarantine', async () => {
    const r = await run([`${HEADER},note`, `${row(1)},hello`, `${row(2, { amount: 'x' })},bye`].join('\n'));
    expect(r.headerProblems).toEqual([{ column: 'note', rule: 'unknown-column', message: 'unexpected column "note"' }]);
    expect(r.rowsValid).toBe(1);
    expect((await lines(r.outputs.quarantine))[0]).toMatchObject({ line: 3, raw: { order_id: 'O2', note: 'bye' } });
  });

  it('rows with too many or too few fields are quarantined; later lines stay right', async () => {
    const r = await run([HEADER, row(1), `${row(2)},surplus`, 'O3,2026-10-01', row(4, { amount: 'x' }), row(5)].join('\n'));
    expect([r.rowsIn, r.rowsValid, r.rowsQuarantined]).toEqual([5, 2, 3]);
    const q = await lines(r.outputs.quarantine);
    expect(q.map((e) => [e['line'], (e['errors'] as Array<{ rule: string }>).map((x) => x.rule)])).toEqual([
      [3, ['column-count']],
      [4, ['column-count']],
      [5, ['type']],
    ]);
    expect(q[0]).toMatchObject({ raw: { order_id: 'O2', __field_8: 'surplus' } });
  });

  it('broken quoting and wrong encodings fail with the file and line', async () => {
    const quoting = await failure(run([HEADER, row(1), `O2,"2026-10-01,1,1,web,a@b.c,2026-10-02T10:00:00Z`, row(3)].join('\n')));
    expect(quoting).toMatchObject({ code: 'CHURN_VALIDATION_MALFORMED_CSV', context: { line: 3 } });
    expect(quoting.message).toMatch(/input\.csv at line 3/);
    const latin1 = await failure(run(Buffer.concat([Buffer.from(`${HEADER}\n${row(1)}\n`), Buffer.from('O2,2026-10-01,1,1,w\xe9b,a@b.c,2026-10-02T10:00:00Z\n', 'latin1')])));
    expect(latin1).toMatchObject({ code: 'CHURN_VALIDATION_BAD_ENCODING', context: { line: 3 } });
    const utf16 = await failure(run(Buffer.from(`\ufeff${HEADER}\n${row(1)}\n`, 'utf16le')));
    expect(utf16.code).toBe('CHURN_VALIDATION_BAD_ENCODING');
    const absent = await failure(runSuite({ suite: suiteWith(), asOf: '2026-10-31', inputs: [{ path: join(dir, 'nope.csv'), format: 'csv' }], outDir: join(dir, 'x') }));
    expect(absent.code).toBe('CHURN_VALIDATION_UNREADABLE_INPUT');
    const absentNdjson = await failure(runSuite({ suite: suiteWith(), asOf: '2026-10-31', inputs: [{ path: join(dir, 'nope.ndjson'), format: 'ndjson' }], outDir: join(dir, 'x') }));
    expect(absentNdjson.code).toBe('CHURN_VALIDATION_UNREADABLE_INPUT');
    const latin1Ndjson = await failure(run(Buffer.from('{"order_id":"caf\xe9"}\n', 'latin1'), {}, 'ndjson'));
    expect(latin1Ndjson.code).toBe('CHURN_VALIDATION_BAD_ENCODING');
    expect((await failure(run(`${HEADER}\n`, { asOf: '31.10.2026' }))).code).toBe('CHURN_VALIDATION_INVALID_OPTIONS');
  });

  it('an empty NDJSON file is an empty batch', async () => {
    const r = await run('', {}, 'ndjson');
    expect([r.rowsIn, r.rowsValid]).toEqual([0, 0]);
  });
});

describe('runSuite: checks', () => {
  const checks: SuiteCheck[] = [
    { name: 'rows', check: 'row_count', min: 5, changeVsPrevious: 0.1 },
    { name: 'email_complete', check: 'completeness', column: 'email', atLeast: 0.9, severity: 'warn' },
    { name: 'email_unique', check: 'unique', columns: ['email'] },
    { name: 'web_only', check: 'allowed_values', column: 'channel', values: ['web'], minShare: 0.8 },
    { name: 'example_domain', check: 'regex', column: 'email', pattern: '@example\\.com$' },
    { name: 'amount_mean', check: 'mean_between', column: 'amount', min: 5, max: 50 },
    { name: 'amount_outliers', check: 'outliers', column: 'amount', method: 'iqr', k: 1.5, maxShare: 0.05 },
    { name: 'recent', check: 'freshness', column: 'updated_at', maxAgeHours: 24 },
    { name: 'late', check: 'max_between', column: 'updated_at', max: '${asOf}T23:59:59Z', severity: 'warn' },
    { name: 'dup_rows', check: 'duplicates', mode: 'exact', maxShare: 0 },
    { name: 'dup_keys', check: 'duplicates', mode: 'key', maxShare: 0.5 },
    { name: 'known', check: 'references', column: 'order_id', references: { source: 'ledger', column: 'order_id' }, minShare: 0.9 },
    { name: 'channel_psi', check: 'psi', column: 'channel' },
    { name: 'amount_psi', check: 'psi', column: 'amount', bins: 4 },
  ];
  const csv = [
    HEADER,
    ...Array.from({ length: 8 }, (_, i) => row(i + 1, { amount: String(10 + i), channel: i < 6 ? 'web' : 'store', updated_at: `2026-10-31T0${i}:00:00Z` })),
    row(9, { amount: '900', email: 'u1@example.com', updated_at: '2026-11-02T00:00:00Z' }),
    row(9, { amount: '900', email: 'u1@example.com', updated_at: '2026-11-02T00:00:00Z' }),
    row(10, { email: '' }),
  ].join('\n');

  it('evaluates each kind and reports observed, expected, failing count and examples', async () => {
    const suite = suiteWith(checks);
    const r = await run(csv, { suite, previous: { rowsIn: 10 }, referencedKeys: { 'ledger.order_id': ['O1', 'O2', 'O3', 'O4', 'O5', 'O6', 'O7', 'O8', 'O9'] } });
    const view = (name: string) => {
      const c = check(r, name);
      return [c.status, c.observed, c.failingCount];
    };
    expect(view('rows')).toEqual(['pass', 11, null]);
    expect(view('email_complete')).toEqual(['pass', 0.9, 1]);
    expect(view('email_unique')).toEqual(['fail', 1, 1]);
    expect(check(r, 'email_unique').examples).toEqual([{ value: 'u1@example.com' }]);
    expect(view('web_only')).toEqual(['pass', 0.8, 2]);
    expect(view('example_domain')).toEqual(['pass', 1, 0]);
    expect(view('amount_mean')).toEqual(['fail', 101.85, null]);
    expect(view('amount_outliers')).toEqual(['fail', 0.1, 1]);
    expect(check(r, 'amount_outliers').examples).toEqual([{ line: 10, value: '900' }]);
    expect(view('recent')).toEqual(['pass', -24, null]);
    expect(view('late')).toEqual(['warn', '2026-11-02T00:00:00.000Z', 1]);
    expect(view('dup_rows')).toEqual(['fail', 0.090909, 1]);
    expect(view('dup_keys')).toEqual(['pass', 0.090909, 1]);
    expect(view('known')).toEqual(['pass', 0.9, 1]);
    expect(check(r, 'known').examples).toEqual([{ value: 'O10' }]);
    expect(check(r, 'channel_psi')).toMatchObject({ status: 'skipped', note: 'no reference profile for channel' });
    expect(r.status).toBe('fail');
    expect(r.profile['channel']).toMatchObject({ topValues: [{ value: 'web', count: 8 }, { value: 'store', count: 2 }], histogram: { kind: 'categorical' } });
    expect(r.profile['amount']!.histogram).toMatchObject({ kind: 'numeric' });
    expect((r.profile['amount']!.histogram as { edges: number[] }).edges.length).toBeLessThanOrEqual(5);
  });

  it('compares with a reference profile (PSI) and the previous row count', async () => {
    const suite = suiteWith(checks.filter((c) => c.name === 'rows' || c.check === 'psi'));
    const base = await run(csv, { suite });
    expect(check(base, 'rows')).toMatchObject({ status: 'pass', note: 'no previous run given: the change was not checked' });
    const reference = referenceOf(base);
    const same = await run(csv, { suite, reference, previous: { rowsIn: 11 } });
    expect([check(same, 'channel_psi').status, check(same, 'channel_psi').observed, check(same, 'amount_psi').observed]).toEqual(['pass', 0, 0]);
    const shifted = [HEADER, ...Array.from({ length: 12 }, (_, i) => row(i + 1, { amount: String(400 + i), channel: 'store' }))].join('\n');
    const drifted = await run(shifted, { suite, reference, previous: { rowsIn: 11 } });
    expect(check(drifted, 'channel_psi').status).toBe('fail');
    expect(check(drifted, 'amount_psi').status).toBe('fail');
    expect(Number(check(drifted, 'amount_psi').observed)).toBeGreaterThan(0.25);
    expect(check(drifted, 'rows')).toMatchObject({ status: 'pass', observed: 12 });
    const grown = await run(shifted, { suite, reference, previous: { rowsIn: 6 } });
    expect(check(grown, 'rows')).toMatchObject({ status: 'fail', note: 'change 100%' });
  });
});
