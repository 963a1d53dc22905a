import { formatNumber, formatShare, formatValue } from './format-value';
import { escapeHtml } from './html-escape';
import { byStatus, checksOf, overallStatus, profileOf, reportMeta, statusCounts, VERDICT } from './report-checks';
import { REPORT_CSS } from './report-html-style';
import type { CheckResultView, ColumnProfileView, QualityReportView } from './report-view';

export interface QualityReportHtmlOptions {
  /** Examples shown per check at most. Default 20. */
  maxExamples?: number;
}

const STATUSES = new Set<string>(['pass', 'fail', 'warn']);

const text = (value: unknown) => escapeHtml(formatValue(value));
const count = (n: number | null | undefined) => (n === null || n === undefined ? '' : formatNumber(n));
// The class comes from the report: only a known status may become one.
const statusClass = (status: string) => (STATUSES.has(status) ? status : 'fail');
const badge = (status: string, label = status) => `<span class="status ${statusClass(status)}">${escapeHtml(label)}</span>`;

function card(label: string, value: string, note = ''): string {
  return `<div class="card"><small>${escapeHtml(label)}</small><b>${value}</b>${note ? `<small>${note}</small>` : ''}</div>`;
}

function summary(report: QualityReportView, checks: CheckResultView[]): string {
  const counts = statusCounts(checks);
  const share = (n: number | undefined) =>
    n === undefined || !report.rowsIn ? '' : escapeHtml(formatShare(n / report.rowsIn));
  return [
    '<h2>Summary</h2>',
    '<div class="cards">',
    card('Rows in', count(report.rowsIn) || '—'),
    card('Valid', count(report.rowsValid) || '—', share(report.rowsValid)),
    card('Quarantined', count(report.rowsQuarantined) || '—', share(report.rowsQuarantined)),
    card('Superseded', count(report.rowsSuperseded) || '—'),
    card('Checks passed', count(counts.pass)),
    card('Checks failed', count(counts.fail)),
    card('Warnings', count(counts.warn)),
    '</div>',
  ].join('\n');
}

function checksTable(checks: CheckResultView[], derived: boolean): string {
  const sorted = byStatus(checks);
  const rows = sorted.map((c) => {
    const name = c.name && c.name !== c.check ? `${text(c.name)}<br><span class="note">${text(c.check)}</span>` : text(c.check);
    return (
      `<tr class="${statusClass(c.status)}"><td>${name}</td><td>${text(c.column)}</td><td>${text(c.severity)}</td>` +
      `<td>${badge(c.status)}</td><td class="text">${text(c.observed)}</td><td class="text">${text(c.expected)}</td>` +
      `<td class="num">${count(c.failingCount)}</td></tr>`
    );
  });
  return [
    '<h2>Checks</h2>',
    derived ? '<p class="note">This report counts failures by rule: one row per rule and column that failed; the failing count is errors of that rule.</p>' : '',
    '<table><thead><tr><th>check</th><th>column</th><th>severity</th><th>status</th><th>observed</th><th>expected</th><th class="num">failing</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table>`,
  ].join('\n');
}

function examples(checks: CheckResultView[], max: number): string {
  const withExamples = checks.filter((c) => (c.examples?.length ?? 0) > 0);
  if (withExamples.length === 0) return '';
  const blocks = withExamples.map((c) => {
    const shown = c.examples!.slice(0, max);
    const more = c.examples!.length - shown.length;
    const title = `${c.name ?? c.check}${c.column ? ` — ${c.column}` : ''}`;
    return (
      `<details${c.status === 'fail' ? ' open' : ''}><summary>${badge(c.status)} ${escapeHtml(title)} ` +
      `<span class="note">(${formatNumber(c.examples!.length)} example${c.examples!.length === 1 ? '' : 's'})</span></summary>` +
      shown.map((e) => `<pre>${escapeHtml(typeof e === 'string' ? e : (JSON.stringify(e, null, 1) ?? String(e)))}</pre>`).join('') +
      (more > 0 ? `<p class="note">and ${formatNumber(more)} more</p>` : '') +
      '</details>'
    );
  });
  return ['<h2>Failing examples</h2>', ...blocks].join('\n');
}

function completenessCell(share: number | null | undefined): string {
  if (share === null || share === undefined) return '';
  // A number clamped to 0..100 is the only value that reaches the style attribute.
  const width = Math.max(0, Math.min(100, share * 100)).toFixed(1);
  return `<span class="bar"><i style="width:${width}%"></i></span>${escapeHtml(formatShare(share))}`;
}

function profileTable(columns: readonly ColumnProfileView[]): string {
  if (columns.length === 0) return '';
  const stat = (v: number | null | undefined) => count(v);
  const rows = columns.map(
    (c) =>
      `<tr><td>${text(c.column)}</td><td>${text(c.kind)}</td><td class="num">${count(c.missing)}</td>` +
      `<td>${completenessCell(c.completeness)}</td><td class="num">${count(c.invalid)}</td>` +
      `<td class="num">${c.distinctExact === false && c.distinct !== undefined ? '~' : ''}${count(c.distinct)}</td>` +
      `<td class="num">${stat(c.numeric?.min)}</td><td class="num">${stat(c.numeric?.max)}</td>` +
      `<td class="num">${stat(c.numeric?.mean)}</td><td class="num">${stat(c.numeric?.stddev)}</td></tr>`,
  );
  return [
    '<h2>Column profile</h2>',
    '<table><thead><tr><th>column</th><th>kind</th><th class="num">missing</th><th>completeness</th><th class="num">invalid</th>' +
      '<th class="num">distinct</th><th class="num">min</th><th class="num">max</th><th class="num">mean</th><th class="num">stddev</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table>`,
    '<p class="note">Missing and invalid count the checked rows; distinct (~ an estimate) and the numeric statistics count valid rows.</p>',
  ].join('\n');
}

/**
 * A quality report as one self-contained HTML page: inline CSS, no scripts,
 * nothing loaded from elsewhere (its CSP forbids it too). Every value from the
 * report is escaped, so a hostile cell value stays text.
 */
export function renderQualityReportHtml(report: QualityReportView, options: QualityReportHtmlOptions = {}): string {
  const { checks, derived } = checksOf(report);
  const verdict = overallStatus(checks);
  const meta = reportMeta(report);
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Data quality: ${escapeHtml(report.source)}${report.runId ? ` (${escapeHtml(report.runId)})` : ''}</title>`,
    `<style>${REPORT_CSS}</style></head><body>`,
    `<h1>Data quality: ${escapeHtml(report.source)} ${badge(verdict, VERDICT[verdict])}</h1>`,
    `<p class="meta">${meta.map((m) => `<span>${escapeHtml(m)}</span>`).join('')}</p>`,
    summary(report, checks),
    checksTable(checks, derived),
    examples(checks, options.maxExamples ?? 20),
    profileTable(profileOf(report)),
    '</body></html>',
    '',
  ]
    .filter((part) => part !== '')
    .join('\n');
}
