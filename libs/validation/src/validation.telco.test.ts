import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '@churn/project';
import { openSession } from './engine/duckdb-session';
import { validatedKeys } from './lake-layout';
import { ingestedSource, landRun } from './test-raw-lake';
import { startTestValidator } from './test-validator';
import { validationService } from './validation.service';

// The public IBM Telco export as it is published (real headers, 11 blank TotalCharges), validated through the
// project's own sources.json mapping and expectations.json: no copy of the file was edited.
const TELCO_DIR = fileURLToPath(new URL('../../../projects/telco', import.meta.url));
const TELCO_CSV = `${TELCO_DIR}/data/telco_customer_churn.csv`;
type Validator = Awaited<ReturnType<typeof startTestValidator>>;

describe('validator service: the Telco project', () => {
  let v: Validator;
  let raw: Buffer;
  beforeAll(async () => {
    v = await startTestValidator({ PROJECT_DIR: TELCO_DIR });
    raw = await readFile(TELCO_CSV);
  }, 60_000);
  afterAll(async () => v?.ctx.close());

  it('validates the export unedited: headers renamed by columns.rename, blank TotalCharges missing, no error-level failure', async () => {
    const runId = 'run-telco';
    const manifest = await landRun(v.artifacts, { source: 'telco_customers', kind: 'csv', ingestionRunId: 'ir-telco', runId, parts: [{ name: 'telco_customer_churn.csv', body: raw, records: 7043 }] });
    const { completed, failed, halted } = await v.validateRun(runId, [ingestedSource('telco_customers', 'csv', [manifest], 7043)]);
    expect(failed?.payload.error).toBeUndefined();
    expect(halted?.payload).toBeUndefined();
    const [source] = completed!.payload.sources;
    expect(source).toMatchObject({ source: 'telco_customers', rowsIn: 7043, rowsValid: 7043, rowsQuarantined: 0 });

    const report = JSON.parse((await v.ctx.storage.getBuffer(source!.report.key)).toString()) as {
      status: string;
      headerProblems: unknown[];
      columnMapping: { rename: Record<string, string> };
      checks: Array<{ name: string; status: string; severity: string }>;
      profile: Array<{ column: string; missing: number }>;
    };
    expect(source!.warnings ?? {}).toEqual({});
    expect(report.headerProblems).toEqual([]);
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(report.columnMapping.rename['TotalCharges']).toBe('total_charges');
    expect(report.profile.find((p) => p.column === 'total_charges')!.missing).toBe(11);

    // The raw zone holds the file byte for byte; the valid records carry the platform names.
    const valid = (await v.readNdjson(source!.valid.key)) as Array<Record<string, unknown>>;
    expect(Object.keys(valid[0]!)).toEqual(Object.keys(JSON.parse(await readFile(`${TELCO_DIR}/expectations.json`, 'utf8')).suites[0].columns));
    expect(valid[0]).toMatchObject({ customer_id: '7590-VHVEG', senior_citizen: 0, tenure: 1, monthly_charges: 29.85, total_charges: 29.85, churn: 'No' });
    expect(valid.filter((r) => r['total_charges'] === null)).toHaveLength(11);
    const part = (JSON.parse((await v.ctx.storage.getBuffer(manifest.key)).toString()) as { parts: Array<{ key: string }> }).parts[0]!;
    expect((await v.ctx.storage.getBuffer(part.key)).equals(raw)).toBe(true);

    // valid.parquet: the same rows, typed.
    expect(source!.validParquet?.key).toBe(validatedKeys('telco_customers', runId).validParquet);
    const dir = await mkdtemp(join(tmpdir(), 'telco-parquet-'));
    const session = await openSession();
    try {
      const path = join(dir, 'valid.parquet');
      await writeFile(path, await v.ctx.storage.getBuffer(source!.validParquet!.key));
      const [row] = await session.rows<{ n: number; blank: number; t: string }>(
        `SELECT count(*) AS n, count(*) FILTER (WHERE total_charges IS NULL) AS blank, typeof(any_value(total_charges)) AS t FROM read_parquet('${path}')`,
      );
      expect(row).toEqual({ n: 7043, blank: 11, t: 'DOUBLE' });
    } finally {
      session.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('reads the export with the delimiter its source declares (the same file exported with semicolons)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'telco-semicolons-'));
    await cp(TELCO_DIR, dir, { recursive: true });
    const sources = JSON.parse(await readFile(join(dir, 'sources.json'), 'utf8')) as { sources: Array<{ csv: { delimiter: string } }> };
    sources.sources[0]!.csv.delimiter = ';';
    await writeFile(join(dir, 'sources.json'), JSON.stringify(sources));
    // No Telco value holds a comma or a semicolon, so swapping them is a faithful re-export.
    const semicolons = Buffer.from(raw.toString('utf8').replaceAll(',', ';'));
    const other = await startTestValidator({ PROJECT_DIR: dir });
    try {
      const runId = 'run-telco-semicolons';
      const manifest = await landRun(other.artifacts, { source: 'telco_customers', kind: 'csv', ingestionRunId: 'ir-semi', runId, parts: [{ name: 'telco.csv', body: semicolons, records: 7043 }] });
      const { completed } = await other.validateRun(runId, [ingestedSource('telco_customers', 'csv', [manifest], 7043)]);
      expect(completed!.payload.sources[0]).toMatchObject({ rowsIn: 7043, rowsValid: 7043, rowsQuarantined: 0 });
    } finally {
      await other.ctx.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses to start on a column mapping it cannot apply, naming the source and the field', () => {
    const project = loadProject(TELCO_DIR);
    const [telco] = project.sources;
    const bad = { ...project, sources: [{ ...telco!, columns: { rename: { ...telco!.columns!.rename, gender: 'Gender', Churn: 'customer_id' }, drop: ['tenure', 'Churn'] } }] };
    expect(() => validationService.validate!({} as never, {}, bad)).toThrowError(
      expect.objectContaining({
        code: 'CHURN_PROJECT_INVALID',
        context: expect.objectContaining({
          problems: expect.arrayContaining([
            'sources.json sources[0].columns.rename.Churn: renames to "customer_id" as "customerID" does: two raw columns cannot become one',
            'sources.json sources[0].columns.rename.gender: "Gender" is not a column name a suite can hold (must match ^[a-z][a-z0-9_]*$)',
            'sources.json sources[0].columns.drop[1]: "Churn" is both renamed and dropped',
          ]),
        }),
      }),
    );
    expect(() => validationService.validate!({} as never, {}, project)).not.toThrow();
  });
});
