import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createSampleCompany, type DefectEntry, type RecordCollection, type SampleCompany } from '@churn/sample-data';
import { type CompanySourceName, createCompanySourceSchemas, recordKey } from './company-source-schemas';
import { type Caught, compareWithLedger, type LedgerComparison } from './ledger-check';
import { validateCsvStreamFor } from './validate-csv-for';
import { validateNdjsonStream } from './validate-ndjson';
import type { CompanyQualityReport } from './validation-run';

const company: SampleCompany = createSampleCompany({ customers: 1500, seed: 7 });
const schemas = createCompanySourceSchemas({ asOf: company.options.asOf });
const lateAfter = `${company.options.asOf}T23:59:59Z`;
const ledger = new Map<string, DefectEntry[]>();
for (const e of company.ledger()) ledger.set(e.source, [...(ledger.get(e.source) ?? []), e]);

/** Records as NDJSON chunks of 500 lines, as a connector stores them. */
function* ndjson(records: Iterable<Record<string, unknown> | undefined>): Generator<Buffer> {
  let lines: string[] = [];
  for (const r of records) {
    if (r === undefined) continue;
    lines.push(JSON.stringify(r));
    if (lines.length === 500) {
      yield Buffer.from(lines.join('\n') + '\n');
      lines = [];
    }
  }
  if (lines.length > 0) yield Buffer.from(lines.join('\n') + '\n');
}

function* records(c: RecordCollection): Generator<Record<string, unknown> | undefined> {
  for (let i = 0; i < c.size; i += 1) yield c.get(i);
}

async function validate(source: CompanySourceName): Promise<{ report: CompanyQualityReport; result: LedgerComparison }> {
  const schema = schemas[source];
  const caught: Caught[] = [];
  const base = { schema, lateAfter, onValid: () => undefined };
  let report: CompanyQualityReport;
  if (source === 'crm_customers') {
    report = await validateCsvStreamFor(company.crmCsv(), {
      ...base,
      onQuarantined: (q) => void caught.push({ key: recordKey(schema, q.raw) ?? '?', errors: q.errors }),
    });
  } else {
    const input = source === 'product_usage' ? ndjson(company.usageRows()) : ndjson(records(company.collections[source] as RecordCollection));
    report = await validateNdjsonStream(Readable.from(input), {
      ...base,
      onQuarantined: (q) => void caught.push({ key: typeof q.raw === 'string' ? '?' : (recordKey(schema, q.raw) ?? '?'), errors: q.errors }),
    });
  }
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
