import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformError } from '@churn/core';
import { loadExpectationSuites } from '../suites/load-expectation-suites';
import { columnMappingProblems, resolveMapping, type ColumnMapping } from './column-mapping';
import { runSuite } from './run-suite';

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'column-mapping-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const suite = loadExpectationSuites({
  suites: [
    {
      source: 'customers',
      key: ['customer_id'],
      columns: {
        customer_id: { type: 'string', required: true, pattern: '^C[0-9]+$' },
        senior_citizen: { type: 'integer', enum: [0, 1] },
        total_charges: { type: 'number', min: 0 },
        churn: { type: 'string', required: true, enum: ['Yes', 'No'] },
      },
      checks: [],
    },
  ],
}).suites[0]!;

const MAPPING: ColumnMapping = {
  rename: { customerID: 'customer_id', SeniorCitizen: 'senior_citizen', TotalCharges: 'total_charges', Churn: 'churn' },
  drop: ['Notes'],
};

async function run(format: 'csv' | 'ndjson', body: string, columns: ColumnMapping | null = MAPPING) {
  const path = join(dir, `${(n += 1)}-input.${format}`);
  await writeFile(path, body);
  return runSuite({ suite, asOf: '2026-10-31', inputs: [{ path, format }], outDir: join(dir, `out-${n}`), validFormats: ['ndjson', 'parquet'], ...(columns !== null ? { columns } : {}) });
}

const lines = async (path: string) => (await readFile(path, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PlatformError);
  return err as PlatformError;
}

describe('column mappings: the rules', () => {
  it('refuses a rename target a suite cannot hold, two raw columns renamed to one name, and a column both renamed and dropped', () => {
    expect(columnMappingProblems(MAPPING)).toEqual([]);
    expect(columnMappingProblems({ rename: { 'Tenure in Months': 'Tenure', a: 'x', b: 'x', c: 'c' }, drop: ['keep', 'c'] })).toEqual([
      { path: ['rename', 'Tenure in Months'], reason: '"Tenure" is not a column name a suite can hold (must match ^[a-z][a-z0-9_]*$)' },
      { path: ['rename', 'b'], reason: 'renames to "x" as "a" does: two raw columns cannot become one' },
      { path: ['drop', 1], reason: '"c" is both renamed and dropped' },
    ]);
  });

  it('maps raw names to platform names and back', () => {
    const m = resolveMapping({ rename: { customerID: 'customer_id', old: 'new' }, drop: ['Notes'] });
    expect([m.nameOf('customerID'), m.nameOf('Notes'), m.nameOf('gender')]).toEqual(['customer_id', undefined, 'gender']);
    expect([m.rawOf('customer_id'), m.rawOf('gender'), m.rawOf('old'), m.rawOf('Notes')]).toEqual(['customerID', 'gender', undefined, undefined]);
    expect(m.active).toBe(true);
    expect(resolveMapping({ rename: { a: 'a' } }).active).toBe(false);
  });

  it('refuses to run with a bad mapping, naming each problem', async () => {
    const err = await failure(run('csv', 'customerID,Churn\nC1,No\n', { rename: { customerID: 'customer_id', Churn: 'customer_id' }, drop: ['Churn'] }));
    expect(err.code).toBe('CHURN_VALIDATION_INVALID_OPTIONS');
    expect(err.message).toContain('columns.rename.Churn: renames to "customer_id" as "customerID" does');
    expect(err.message).toContain('columns.drop.0: "Churn" is both renamed and dropped');
  });
});

describe('column mappings: CSV', () => {
  const header = 'customerID,SeniorCitizen,Notes,TotalCharges,Churn';

  it('renames headers and ignores dropped columns before the header check and the rules; outputs and quarantine use the platform names', async () => {
    const result = await run('csv', `${header},Region\nC1,0,vip,29.85,No,north\nC2,2,x,,Yes,south\nX3,1,,10,Maybe,east\nC4,1,a,b\n`);
    expect(result.headerProblems).toEqual([{ column: 'Region', rule: 'unknown-column', message: 'unexpected column "Region"' }]);
    expect([result.rowsIn, result.rowsValid, result.rowsQuarantined]).toEqual([4, 1, 3]);
    expect(await lines(result.outputs.valid.ndjson!)).toEqual([{ customer_id: 'C1', senior_citizen: 0, total_charges: 29.85, churn: 'No' }]);

    const quarantine = await lines(result.outputs.quarantine);
    expect(quarantine[0]).toEqual({
      line: 3,
      raw: { customer_id: 'C2', senior_citizen: '2', total_charges: '', churn: 'Yes', Region: 'south' },
      errors: [{ column: 'senior_citizen', rawColumn: 'SeniorCitizen', rule: 'enum', message: 'senior_citizen must be one of 0, 1', value: '2' }],
    });
    expect(quarantine[1]!.errors).toEqual([
      { column: 'customer_id', rawColumn: 'customerID', rule: 'pattern', message: 'customer_id must match "^C[0-9]+$"', value: 'X3' },
      { column: 'churn', rawColumn: 'Churn', rule: 'enum', message: 'churn must be one of "Yes", "No"', value: 'Maybe' },
    ]);
    // A row with too few fields: its cells named by platform name, the dropped column's cell left out.
    expect(quarantine[2]).toMatchObject({ line: 5, raw: { customer_id: 'C4', senior_citizen: '1', total_charges: 'b' }, errors: [{ rule: 'column-count' }] });
    expect(quarantine[2]!.raw).not.toHaveProperty('Notes');
    expect(result.checks.find((c) => c.name === 'senior_citizen.enum')).toMatchObject({ column: 'senior_citizen', failingCount: 1 });
    expect(Object.keys(result.profile)).toEqual(['customer_id', 'senior_citizen', 'total_charges', 'churn']);
  });

  it('reads the raw file unchanged without a mapping: the suite names must then be the headers', async () => {
    const err = await failure(run('csv', `${header}\nC1,0,,1,No\n`, null));
    expect(err.code).toBe('CHURN_VALIDATION_BAD_HEADER');
    expect(err.message).toContain('required column "customer_id" is missing');
  });

  it('names the raw column of a missing renamed column; a raw column named like a rename target is ignored, not read twice', async () => {
    const missing = await failure(run('csv', 'customer_id,SeniorCitizen,TotalCharges,Churn\nC1,0,1,No\n'));
    expect(missing.code).toBe('CHURN_VALIDATION_BAD_HEADER');
    expect(missing.message).toContain('required column "customer_id" (raw "customerID") is missing');

    const shadowed = await run('csv', `${header},customer_id\nC1,0,,1,No,other\n`);
    expect(shadowed.headerProblems).toEqual([
      { column: 'customer_id', rule: 'unknown-column', message: 'column "customer_id" is ignored: customer_id is read from "customerID" (columns.rename)' },
    ]);
    expect(await lines(shadowed.outputs.valid.ndjson!)).toEqual([{ customer_id: 'C1', senior_citizen: 0, total_charges: 1, churn: 'No' }]);

    const dropped = await failure(run('csv', 'customerID,SeniorCitizen,TotalCharges\nC1,0,1\n', { ...MAPPING, rename: { ...MAPPING.rename, Churn: 'churn_flag' }, drop: ['churn'] }));
    expect(dropped.message).toContain('required column "churn" is missing: the source\'s columns.drop leaves out "churn"');
  });
});

describe('column mappings: NDJSON', () => {
  it('reads renamed properties, ignores dropped ones, reports the rest with their raw names, and quarantines records under the platform names', async () => {
    const body = [
      { customerID: 'C1', SeniorCitizen: 1, Notes: 'vip', TotalCharges: 12.5, Churn: 'No' },
      { customerID: 'C2', SeniorCitizen: 5, Notes: 'x', Churn: 'Yes', Tenure: 3, 'a/b~c': 1 },
      { customerID: 'C3', customer_id: 'shadow', Churn: 'No' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const result = await run('ndjson', `${body}\n`, { rename: { ...MAPPING.rename, 'a/b~c': 'odd_key' }, drop: ['Notes'] });
    expect(result.headerProblems).toEqual([
      { column: 'Tenure', rule: 'unknown-column', message: 'unexpected property "Tenure"' },
      { column: 'odd_key', rawColumn: 'a/b~c', rule: 'unknown-column', message: 'unexpected property "odd_key" (raw "a/b~c")' },
      { column: 'customer_id', rule: 'unknown-column', message: 'property "customer_id" is ignored: customer_id is read from "customerID" (columns.rename)' },
    ]);
    expect(await lines(result.outputs.valid.ndjson!)).toEqual([
      { customer_id: 'C1', senior_citizen: 1, total_charges: 12.5, churn: 'No' },
      { customer_id: 'C3', senior_citizen: null, total_charges: null, churn: 'No' },
    ]);
    const [bad] = await lines(result.outputs.quarantine);
    expect(bad).toEqual({
      line: 2,
      raw: { customer_id: 'C2', senior_citizen: 5, churn: 'Yes', Tenure: 3, odd_key: 1 },
      errors: [{ column: 'senior_citizen', rawColumn: 'SeniorCitizen', rule: 'enum', message: 'senior_citizen must be one of 0, 1', value: '5' }],
    });
  });
});
