import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleCompany, type DefectEntry, type SampleCompany } from '@churn/sample-data';
import { type Caught, compareWithLedger } from '../test-ledger-check';
import { recordKey, type SourceSchema } from '../schemas/source-schema';
import { ndjsonPages, recordsOf } from '../test-raw-lake';
import type { ValidationIssue } from '../validation-issue';
import { loadExpectationSuites, suiteOf } from '../suites/load-expectation-suites';
import type { ExpectationSuite } from '../suites/suite-types';
import type { SuiteInput, SuiteRunResult } from './engine-types';
import { runSuite } from './run-suite';

const SOURCES = ['crm_customers', 'billing_invoices', 'support_tickets', 'cancellations', 'product_usage'] as const;
type Source = (typeof SOURCES)[number];
const suites = loadExpectationSuites(fileURLToPath(new URL('../../../../projects/sample-company/expectations.json', import.meta.url)));
const company: SampleCompany = createSampleCompany({ customers: 1500, seed: 7 });
const ledger = new Map<string, DefectEntry[]>();
for (const e of company.ledger()) ledger.set(e.source, [...(ledger.get(e.source) ?? []), e]);

// The rule a defect kind must be reported under (besides being on its column).
const RULE_OF: Record<string, string> = {
  malformed_date: 'format',
  malformed_number: 'type',
  unknown_category: 'enum',
  outlier: 'range',
  'missing (required)': 'required',
};

/** What compareWithLedger needs of a schema, from a suite: columns, key and which columns are nullable. */
function schemaOf(suite: ExpectationSuite): SourceSchema {
  const properties = Object.fromEntries(Object.entries(suite.columns).map(([c, s]) => [c, { type: s.required ? 'string' : ['string', 'null'] }]));
  return { source: suite.source, columns: Object.keys(suite.columns), keyColumns: suite.key, schema: { type: 'object', required: Object.keys(suite.columns), properties } };
}

let dir: string;
const inputs = new Map<Source, SuiteInput[]>();
const results = new Map<Source, { result: SuiteRunResult; caught: Caught[] }>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'engine-ledger-'));
  await pipeline(company.crmCsv(), createWriteStream(join(dir, 'crm_customers.csv')));
  inputs.set('crm_customers', [{ path: join(dir, 'crm_customers.csv'), format: 'csv' }]);
  const pages = async (source: Source, records: Iterable<Record<string, unknown> | undefined>, perPage: number) => {
    const files: SuiteInput[] = [];
    let n = 0;
    for (const page of ndjsonPages(records, perPage)) {
      const path = join(dir, `${source}-${String((n += 1)).padStart(4, '0')}.ndjson`);
      await writeFile(path, page.body);
      files.push({ path, format: 'ndjson' });
    }
    inputs.set(source, files);
  };
  await pages('billing_invoices', recordsOf(company.collections.billing_invoices), 500);
  await pages('support_tickets', recordsOf(company.collections.support_tickets), 500);
  await pages('cancellations', recordsOf(company.collections.cancellations), 500);
  await pages('product_usage', company.usageRows(), 5000);
  for (const source of SOURCES) {
    const suite = suiteOf(suites, source)!;
    const outDir = join(dir, `out-${source}`);
    const result = await runSuite({
      suite,
      asOf: company.options.asOf,
      inputs: inputs.get(source)!,
      outDir,
      ...(source === 'crm_customers' ? {} : { referencedKeys: { 'crm_customers.customer_id': { path: join(dir, 'out-crm_customers', 'valid.ndjson'), format: 'ndjson' as const, column: 'customer_id' } } }),
    });
    const lines = (await readFile(result.outputs.quarantine, 'utf8')).split('\n').filter(Boolean);
    const caught = lines.map((l) => {
      const q = JSON.parse(l) as { raw: Record<string, unknown> | string; errors: ValidationIssue[] };
      return { key: typeof q.raw === 'string' ? '?' : (recordKey({ keyColumns: suite.key }, q.raw) ?? '?'), errors: q.errors };
    });
    results.set(source, { result, caught });
  }
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runSuite against the generator ledger (1,500 customers, default defect rates)', () => {
  it.each(SOURCES)('%s: quarantines every must-fail defect under its rule, nothing clean', (source) => {
    const suite = suiteOf(suites, source)!;
    const { result, caught } = results.get(source)!;
    const comparison = compareWithLedger(schemaOf(suite), caught, ledger.get(source) ?? []);
    expect(comparison.misses).toEqual([]);
    expect(comparison.unexplained).toEqual([]);
    expect(comparison.falseAlarms).toEqual([]);
    for (const [kind, stats] of Object.entries(comparison.mustCatch)) {
      expect([kind, stats.caught]).toEqual([kind, stats.expected]);
      if (RULE_OF[kind]) expect(Object.keys(stats.rules)).toEqual([RULE_OF[kind]]);
    }
    expect(Object.values(comparison.mustCatch).reduce((a, s) => a + s.expected, 0)).toBeGreaterThan(source === 'cancellations' ? 5 : 30);
    expect(result.rowsQuarantined).toBe(caught.length);
    expect(result.rowsIn).toBe(result.rowsValid + result.rowsQuarantined);
  });

  it.each(SOURCES)('%s: the report counts each defect type exactly', (source) => {
    const { result } = results.get(source)!;
    const suite = suiteOf(suites, source)!;
    const entries = ledger.get(source) ?? [];
    // A duplicated record carries its defects in every copy.
    const copies = new Map<string, number>();
    for (const e of entries) if (e.defect === 'duplicate') copies.set(e.key, (copies.get(e.key) ?? 1) + Number(e.value));
    const expected: Record<string, number> = {};
    for (const e of entries) {
      const kind = e.defect === 'missing' ? (suite.columns[e.column!]!.required ? 'missing (required)' : null) : e.defect;
      if (kind === 'duplicate') expected['key.duplicate-key'] = (expected['key.duplicate-key'] ?? 0) + Number(e.value);
      else if (kind && RULE_OF[kind]) expected[`${e.column}.${RULE_OF[kind]}`] = (expected[`${e.column}.${RULE_OF[kind]}`] ?? 0) + (copies.get(e.key) ?? 1);
    }
    const reported = Object.fromEntries(result.checks.filter((c) => c.level === 'row' && (c.failingCount ?? 0) > 0).map((c) => [c.name, c.failingCount]));
    expect(reported).toEqual(expected);
    // Late records are kept and flagged by the late_updates check, never quarantined.
    const late = entries.filter((e) => e.defect === 'late_arriving').length;
    const lateCheck = result.checks.find((c) => c.name === 'late_updates')!;
    expect(late).toBeGreaterThan(0);
    expect(lateCheck.status).toBe('warn');
    expect(lateCheck.failingCount).toBeGreaterThan(0);
    expect(lateCheck.failingCount).toBeLessThanOrEqual(late);
  });

  it('checks every other source against the CRM keys', () => {
    for (const source of SOURCES.slice(1)) {
      const check = results.get(source)!.result.checks.find((c) => c.name === 'customer_in_crm')!;
      expect(check).toMatchObject({ level: 'cross-source', status: expect.stringMatching(/pass|warn/) });
      expect(Number(check.observed)).toBeGreaterThan(0.9);
    }
  });
});
