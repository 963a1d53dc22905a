import { checksOf, overallStatus, type QualityReportView } from '../reports';

const cell = (v: unknown): string =>
  v === null || v === undefined ? '' : (typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(4) : typeof v === 'object' ? JSON.stringify(v) : String(v)).replace(/\|/g, '\\|');

/** A short Markdown rendering of a stored report: totals, every check, skipped checks and header problems. */
export function qualityReportToMarkdown(report: QualityReportView & { skippedChecks?: ReadonlyArray<{ name: string; note?: string }> }): string {
  const { checks } = checksOf(report);
  const lines = [
    `# Data quality: ${report.source}`,
    '',
    `- Status: **${overallStatus(checks)}**${report.asOf ? ` (as of ${report.asOf}, run ${report.runId ?? '?'})` : ''}`,
    `- Rows in: ${report.rowsIn ?? '?'}`,
    `- Valid: ${report.rowsValid ?? '?'}`,
    `- Quarantined: ${report.rowsQuarantined ?? '?'}`,
    `- Superseded by a later delivery: ${report.rowsSuperseded ?? 0}`,
    '',
    '## Checks',
    '',
    '| check | kind | column | severity | status | observed | expected | failing |',
    '|---|---|---|---|---|---:|---|---:|',
    ...checks.map(
      (c) => `| ${cell(c.name)} | ${cell(c.check)} | ${cell(c.column)} | ${cell(c.severity)} | ${c.status} | ${cell(c.observed)} | ${cell(c.expected)} | ${cell(c.failingCount)} |`,
    ),
  ];
  if (report.skippedChecks && report.skippedChecks.length > 0) lines.push('', '## Skipped checks', '', ...report.skippedChecks.map((c) => `- ${c.name}: ${c.note ?? 'skipped'}`));
  if (report.headerProblems && report.headerProblems.length > 0) lines.push('', '## Header problems', '', ...report.headerProblems.map((p) => `- ${p.rule}: ${p.column}${p.rawColumn ? ` (raw column ${p.rawColumn})` : ''}${p.message ? `: ${p.message}` : ''}`));
  return `${lines.join('\n')}\n`;
}
