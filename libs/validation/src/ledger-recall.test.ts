import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createSampleCompany, type DefectEntry, type SampleCompany } from '@churn/sample-data';
import { type Caught, compareWithLedger, type LedgerComparison } from './ledger-check';
import type { QualityReport } from './quality-report';
import { type CompanySourceName, createCompanySourceSchemas } from './schemas/company-source-schemas';
import { recordKey } from './schemas/source-schema';
import { ndjsonPages, recordsOf } from './test-raw-lake';
import { validateCsvStream } from './validate-csv';
import { validateNdjsonStream } from './validate-ndjson';
import { ValidationRun } from './validation-run';

const company: SampleCompany = createSampleCompany({ customers: 1500, seed: 7 });
const schemas = createCompanySourceSchemas({ asOf: company.options.asOf });
const lateAfter = `${company.options.asOf}T23:59:59Z`;
const ledger = new Map<string, DefectEntry[]>();
for (const e of company.ledger()) ledger.set(e.source, [...(ledger.get(e.source) ?? []), e]);

async function validate(source: CompanySourceName): Promise<{ report: QualityReport; result: LedgerComparison }> {
  const schema = schemas[source];
  const caught: Caught[] = [];
  const run = new ValidationRun({ schema, lateAfter });
  const sink = {
    onValid: () => undefined,
    onQuarantined: (q: { raw: Record<string, unknown> | string; errors: Caught['errors'] }) =>
      void caught.push({ key: typeof q.raw === 'string' ? '?' : (recordKey(schema, q.raw) ?? '?'), errors: q.errors }),
  };
  if (source === 'crm_customers') {
    await validateCsvStream(company.crmCsv(), run, sink);
  } else {
    const records = source === 'product_usage' ? company.usageRows() : recordsOf(company.collections[source]);
    // Records as NDJSON chunks of 500 lines, as a connector stores them.
    const chunks = function* () {
      for (const page of ndjsonPages(records, 500)) yield page.body;
    };
    await validateNdjsonStream(Readable.from(chunks()), run, sink);
  }
  const report = run.finish();
  return { report, result: compareWithLedger(schema, caught, ledger.get(source) ?? []) };
}

const SOURCES: CompanySourceName[] = ['crm_customers', 'billing_invoices', 'support_tickets', 'cancellations', 'product_usage'];

describe('company schemas against the generator ledger (1,500 customers, default defect rates)', () => {
  it.each(SOURCES)('%s: catches every must-fail defect, quarantines nothing clean', async (source) => {
    const { report, result } = await validate(source);
    expect(result.misses).toEqual([]);
    expect(result.unexplained).toEqual([]);
    expect(result.falseAlarms).toEqual([]);
    for (const stats of Object.values(result.mustCatch)) expect(stats.caught).toBe(stats.expected);
    // Enough defects for the comparison to mean something.
    const expected = Object.values(result.mustCatch).reduce((a, s) => a + s.expected, 0);
    expect(expected).toBeGreaterThan(source === 'cancellations' ? 5 : 30);
    expect(report.rowsQuarantined).toBe(result.quarantinedRecords);
    // Not failures, but visible as warnings.
    expect(report.warningsByRule['late-arriving'] ?? 0).toBeGreaterThanOrEqual(result.notFailures.lateArriving);
    expect(report.warningsByRule['missing-optional'] ?? 0).toBeGreaterThanOrEqual(result.notFailures.missingNullable);
    expect(result.notFailures.lateArriving).toBeGreaterThan(0);
  });

  it('covers every must-fail kind somewhere', async () => {
    const kinds = new Set<string>();
    for (const entries of ledger.values()) for (const e of entries) kinds.add(e.defect);
    expect([...kinds].sort()).toEqual(['duplicate', 'late_arriving', 'malformed_date', 'malformed_number', 'missing', 'outlier', 'unknown_category']);
  });
});
