import type { StoredQualityReport } from '../write-quality-report';
import type { QualityReportView } from './report-view';

/** A report as the validator stores it today: rule counts per column, no `checks`. */
export function storedReport(overrides: Partial<StoredQualityReport> = {}): StoredQualityReport {
  return {
    source: 'crm_customers',
    startedAt: '2026-10-31T10:00:00.000Z',
    finishedAt: '2026-10-31T10:00:01.000Z',
    rowsIn: 1010,
    rowsValid: 990,
    rowsQuarantined: 15,
    rowsSuperseded: 5,
    duplicateKeys: 3,
    headerProblems: [{ column: 'nickname', rule: 'unknown-column', message: 'column nickname is not in the schema' }],
    failuresByRule: { type: 4, format: 8, 'duplicate-key': 3 },
    warningsByRule: { 'missing-optional': 7 },
    columns: [
      {
        column: 'customer_id',
        kind: 'string',
        missing: 0,
        completeness: 1,
        invalid: 0,
        invalidByRule: {},
        distinct: 990,
        distinctExact: true,
        numeric: null,
      },
      {
        column: 'email',
        kind: 'string',
        missing: 2,
        completeness: 0.998,
        invalid: 8,
        invalidByRule: { format: 8 },
        distinct: 980,
        distinctExact: true,
        numeric: null,
      },
      {
        column: 'monthly_charges',
        kind: 'number',
        missing: 0,
        completeness: 1,
        invalid: 4,
        invalidByRule: { type: 4 },
        distinct: 20_000,
        distinctExact: false,
        numeric: { count: 990, min: 18.25, max: 118.75, mean: 64.7617, stddev: 30.09 },
      },
    ],
    asOf: '2026-10-31',
    runId: 'run-1',
    manifests: ['raw/source=crm_customers/type=csv/ingest_date=2026-10-31/run=ir-1/_manifest.json'],
    ...overrides,
  };
}

/** A richer report: explicit checks with statuses, examples and a profile. */
export function checkedReport(overrides: Partial<QualityReportView> = {}): QualityReportView {
  return {
    source: 'billing_invoices',
    runId: 'run-2',
    asOf: '2026-10-31',
    rowsIn: 500,
    rowsValid: 497,
    rowsQuarantined: 3,
    rowsSuperseded: 0,
    checks: [
      { name: 'amount_range', check: 'range', column: 'amount', severity: 'error', status: 'fail', observed: { min: -5 }, expected: { min: 0 }, failingCount: 3, examples: [{ line: 7, value: -5 }] },
      { name: 'row_count', check: 'row-count', column: null, severity: 'warn', status: 'warn', observed: 500, expected: '450..480', failingCount: null },
      { name: 'invoice_id_unique', check: 'unique', column: 'invoice_id', severity: 'error', status: 'pass', observed: 0, expected: 0, failingCount: 0 },
    ],
    profile: [{ column: 'amount', kind: 'number', missing: 0, completeness: 1, distinct: 480, distinctExact: true, numeric: { min: -5, max: 990.5, mean: 120.25, stddev: 80.5 } }],
    ...overrides,
  };
}
