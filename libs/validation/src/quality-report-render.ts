import type { QualityReport } from './quality-report';

const pct = (share: number | null): string => (share === null ? 'n/a' : `${(share * 100).toFixed(1)}%`);
const fmt = (v: number | null | undefined): string =>
  v === null || v === undefined ? '' : Number.isInteger(v) ? String(v) : v.toFixed(3);

/** A short markdown rendering: totals, failures and warnings by rule, header problems, and a per-column table. */
export function qualityReportToMarkdown(report: QualityReport): string {
  const lines = [
    `# Data quality: ${report.source}`,
    '',
    `- Rows in: ${report.rowsIn}`,
    `- Valid: ${report.rowsValid}`,
    `- Quarantined: ${report.rowsQuarantined} (duplicate keys: ${report.duplicateKeys})`,
    `- Superseded by a later delivery: ${report.rowsSuperseded}`,
    `- Started ${report.startedAt}, finished ${report.finishedAt}`,
  ];
  const failures = Object.entries(report.failuresByRule).sort(([, a], [, b]) => b - a);
  if (failures.length > 0) {
    lines.push('', '## Failures by rule', '', ...failures.map(([rule, n]) => `- ${rule}: ${n}`));
  }
  const warnings = Object.entries(report.warningsByRule).sort(([, a], [, b]) => b - a);
  if (warnings.length > 0) {
    lines.push('', '## Warnings by rule (not quarantined)', '', ...warnings.map(([rule, n]) => `- ${rule}: ${n}`));
  }
  if (report.headerProblems.length > 0) {
    lines.push('', '## Header problems', '', ...report.headerProblems.map((p) => `- ${p.rule}: ${p.column}`));
  }
  lines.push(
    '',
    '## Columns',
    '',
    '| column | completeness | invalid | distinct | min | max | mean | stddev |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...report.columns.map(
      (c) =>
        `| ${c.column} | ${pct(c.completeness)} | ${c.invalid} | ${c.distinctExact ? '' : '~'}${c.distinct} | ` +
        `${fmt(c.numeric?.min)} | ${fmt(c.numeric?.max)} | ${fmt(c.numeric?.mean)} | ${fmt(c.numeric?.stddev)} |`,
    ),
  );
  return `${lines.join('\n')}\n`;
}
