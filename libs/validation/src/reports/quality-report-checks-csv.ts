import { stringify } from 'csv-stringify/sync';
import { checksOf } from './report-checks';
import type { QualityReportView } from './report-view';

const HEADER = ['name', 'check', 'column', 'severity', 'status', 'observed', 'expected', 'failing_count'];

// Raw values, not formatted for people: a spreadsheet should get 1234.5, not "1,234.5".
const cell = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);

/** One CSV row per check (header included): name, check, column, severity, status, observed, expected, failing count. */
export function renderQualityReportChecksCsv(report: QualityReportView): string {
  const rows = checksOf(report).checks.map((c) => [
    c.name ?? (c.column ? `${c.column}:${c.check}` : c.check),
    c.check,
    cell(c.column),
    cell(c.severity),
    c.status,
    cell(c.observed),
    cell(c.expected),
    cell(c.failingCount),
  ]);
  return stringify([HEADER, ...rows]);
}
