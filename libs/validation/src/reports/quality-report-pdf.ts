import PDFDocument from 'pdfkit';
import { formatNumber, formatShare, formatValue } from './format-value';
import { badge, COLORS, FONT, line, rule, shareBar, statusColors, type PdfDoc } from './pdf-canvas';
import { drawTable, ensureSpace, type CellBox, type PdfColumn, type PdfPager } from './pdf-table';
import { byStatus, checksOf, overallStatus, profileOf, reportMeta, statusCounts, VERDICT } from './report-checks';
import type { CheckResultView, ColumnProfileDetails, ColumnProfileView, QualityReportView } from './report-view';

export interface QualityReportPdfOptions {
  /** Examples shown per check at most. Default 20, as in the HTML. */
  maxExamples?: number;
  /** Deflate the content streams (default true); tests turn it off to read the drawing operators. */
  compress?: boolean;
}

// A4 landscape: the checks table has eight columns.
const MARGIN = 36;
const FOOTER = 16;
const ROW = 14;
const PROFILE_ROW_WITH_CHART = 30;
const TOP_VALUES_SHOWN = 3;

const count = (n: number | null | undefined) => (n === null || n === undefined ? '' : formatNumber(n));
const text = (value: unknown) => formatValue(value);

/**
 * The report's own time, so the same report always gives the same bytes
 * (pdfkit would stamp the current time, and derive the file ID from it).
 */
export function reportDate(report: QualityReportView): Date {
  for (const candidate of [report.finishedAt, report.startedAt, report.asOf ? `${report.asOf}T00:00:00.000Z` : undefined]) {
    const date = candidate ? new Date(candidate) : undefined;
    if (date && Number.isFinite(date.getTime())) return date;
  }
  return new Date(0);
}

function heading(pager: PdfPager, title: string): void {
  ensureSpace(pager, 24 + ROW * 2);
  pager.y += 10;
  line(pager.doc, title, pager.left, pager.y, pager.width, { font: FONT.bold, size: 12 });
  pager.y += 16;
  rule(pager.doc, pager.left, pager.y, pager.width);
  pager.y += 4;
}

function note(pager: PdfPager, message: string): void {
  ensureSpace(pager, 12);
  line(pager.doc, message, pager.left, pager.y, pager.width, { size: 7, color: COLORS.muted });
  pager.y += 12;
}

function title(pager: PdfPager, report: QualityReportView, verdict: CheckResultView['status']): void {
  const { doc, left, width } = pager;
  const label = `Data quality: ${report.source}`;
  const titleWidth = line(doc, label, left, pager.y, width - 140, { font: FONT.bold, size: 18 });
  badge(doc, VERDICT[verdict] ?? verdict, verdict, left + titleWidth + 10, pager.y + 3, 8);
  pager.y += 24;
  const meta = reportMeta(report);
  line(doc, meta.join('  ·  '), left, pager.y, width, { size: 9, color: COLORS.muted });
  pager.y += 14;
}

function summary(pager: PdfPager, report: QualityReportView, checks: CheckResultView[]): void {
  heading(pager, 'Summary');
  const counts = statusCounts(checks);
  const share = (n: number | undefined) => (n === undefined || !report.rowsIn ? '' : formatShare(n / report.rowsIn));
  const cards: Array<[string, string, string?]> = [
    ['Rows in', count(report.rowsIn) || '—'],
    ['Valid', count(report.rowsValid) || '—', share(report.rowsValid)],
    ['Quarantined', count(report.rowsQuarantined) || '—', share(report.rowsQuarantined)],
    ['Superseded', count(report.rowsSuperseded) || '—'],
    ['Flagged', count(report.rowsFlagged) || '—', share(report.rowsFlagged)],
    ['Checks passed', count(counts.pass)],
    ['Checks failed', count(counts.fail)],
    ['Warnings', count(counts.warn)],
  ];
  const gap = 6;
  const cardWidth = (pager.width - gap * (cards.length - 1)) / cards.length;
  const height = 42;
  ensureSpace(pager, height);
  cards.forEach(([label, value, extra], i) => {
    const x = pager.left + i * (cardWidth + gap);
    pager.doc.roundedRect(x, pager.y, cardWidth, height, 4).lineWidth(0.5).strokeColor(COLORS.line).stroke();
    line(pager.doc, label, x + 7, pager.y + 5, cardWidth - 14, { size: 7, color: COLORS.muted });
    line(pager.doc, value, x + 7, pager.y + 15, cardWidth - 14, { font: FONT.bold, size: 13 });
    if (extra) line(pager.doc, extra, x + 7, pager.y + 31, cardWidth - 14, { size: 7, color: COLORS.muted });
  });
  pager.y += height + 4;
}

const statusCell = (doc: PdfDoc, c: CheckResultView, box: CellBox) => {
  badge(doc, c.status, c.status, box.x, box.y + 2.5, 6);
};

const CHECK_COLUMNS: PdfColumn<CheckResultView>[] = [
  { header: 'check', width: 150, text: (c) => c.name ?? c.check },
  { header: 'level', width: 58, text: (c) => c.level ?? (c.name && c.name !== c.check ? c.check : '') },
  { header: 'column', width: 95, text: (c) => text(c.column) },
  { header: 'severity', width: 45, text: (c) => text(c.severity) },
  { header: 'status', width: 42, draw: statusCell },
  { header: 'observed', width: 160, text: (c) => text(c.observed) },
  { header: 'expected', width: 160, text: (c) => text(c.expected) },
  { header: 'failing', width: 60, align: 'right', text: (c) => count(c.failingCount) },
];

function checksTable(pager: PdfPager, checks: CheckResultView[], derived: boolean): void {
  heading(pager, 'Checks');
  if (derived) note(pager, 'This report counts failures by rule: one row per rule and column that failed; the failing count is errors of that rule.');
  drawTable(pager, CHECK_COLUMNS, byStatus(checks), { rowHeight: ROW, accent: (c) => statusColors(c.status).fg });
}

/** One example on one line: `line 7: value` for the engine's examples, JSON for anything else. */
function exampleText(example: unknown): string {
  if (typeof example === 'string') return example;
  if (example !== null && typeof example === 'object' && 'value' in example) {
    const { input, line: at, value } = example as { input?: unknown; line?: unknown; value: unknown };
    const where = [typeof input === 'number' ? `input ${input}` : '', typeof at === 'number' ? `line ${at}` : ''].filter((w) => w !== '').join(', ');
    const shown = typeof value === 'string' ? JSON.stringify(value) : text(value) || 'null';
    return where ? `${where}: ${shown}` : shown;
  }
  return JSON.stringify(example) ?? String(example);
}

function examples(pager: PdfPager, checks: CheckResultView[], max: number): void {
  const withExamples = byStatus(checks).filter((c) => (c.examples?.length ?? 0) > 0);
  if (withExamples.length === 0) return;
  heading(pager, 'Failing examples');
  const { doc, left, width } = pager;
  for (const c of withExamples) {
    const all = c.examples!;
    // The check's title and its first example stay together.
    ensureSpace(pager, 16 + 11);
    pager.y += 4;
    const badgeWidth = badge(doc, c.status, c.status, left, pager.y, 6);
    const label = `${c.name ?? c.check}${c.column ? ` — ${c.column}` : ''}  (${formatNumber(all.length)} example${all.length === 1 ? '' : 's'})`;
    line(doc, label, left + badgeWidth + 6, pager.y + 1, width - badgeWidth - 6, { font: FONT.bold, size: 8 });
    pager.y += 13;
    const shown = all.slice(0, max);
    for (const e of shown) {
      ensureSpace(pager, 11);
      line(doc, exampleText(e), left + 12, pager.y, width - 12, { font: FONT.mono, size: 7.5 });
      pager.y += 10;
    }
    if (all.length > shown.length) note(pager, `and ${formatNumber(all.length - shown.length)} more`);
  }
}

/** Up to three most frequent values with their share of present values, as small bars. */
function topShares(details: ColumnProfileDetails | undefined): Array<{ label: string; share: number }> {
  const h = details?.histogram;
  if (h?.kind === 'categorical' && h.shares && typeof h.shares === 'object') {
    return Object.entries(h.shares)
      .filter(([, s]) => typeof s === 'number')
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, TOP_VALUES_SHOWN)
      .map(([label, share]) => ({ label, share }));
  }
  const top = details?.topValues ?? [];
  const total = top.reduce((sum, t) => sum + (Number.isFinite(t.count) ? t.count : 0), 0);
  return total > 0 ? top.slice(0, TOP_VALUES_SHOWN).map((t) => ({ label: t.value, share: t.count / total })) : [];
}

/**
 * Bars of a numeric histogram over the value range. The engine's bins are deciles (equal
 * frequency), so equal heights would say nothing: each bar is as wide as its bin and as high
 * as its density (share / width), which shows where the values crowd.
 */
function numericBars(edges: readonly number[], shares: readonly number[]): Array<{ from: number; width: number; height: number }> {
  const clean = shares.map((s) => (Number.isFinite(s) ? Math.max(0, s) : 0));
  const range = (edges[edges.length - 1] ?? 0) - (edges[0] ?? 0);
  const spans = edges.length === clean.length + 1 && Number.isFinite(range) && range > 0 ? clean.map((_, b) => (edges[b + 1]! - edges[b]!) / range) : undefined;
  const bars = clean.map((share, b) => {
    const from = spans ? (edges[b]! - edges[0]!) / range : b / clean.length;
    const width = spans ? spans[b]! : 1 / clean.length;
    return { from, width, height: width > 0 ? share / width : 0 };
  });
  const highest = Math.max(...bars.map((b) => b.height), 1e-12);
  return bars.map((b) => ({ ...b, height: b.height / highest }));
}

function distribution(doc: PdfDoc, c: ColumnProfileView, box: CellBox): void {
  const h = c.details?.histogram;
  if (h?.kind === 'numeric' && Array.isArray(h.shares) && h.shares.length > 0) {
    const chartWidth = box.width - 4;
    const chartHeight = box.height - 8;
    for (const bar of numericBars(Array.isArray(h.edges) ? h.edges : [], h.shares)) {
      const height = Math.max(0.5, bar.height * chartHeight);
      doc.rect(box.x + bar.from * chartWidth, box.y + 4 + chartHeight - height, Math.max(0.5, bar.width * chartWidth - 0.5), height).fill(COLORS.histogram);
    }
    rule(doc, box.x, box.y + 4 + chartHeight, chartWidth);
    return;
  }
  topShares(c.details).forEach(({ label, share }, i) => {
    const y = box.y + 2 + i * 9;
    line(doc, label, box.x, y, 55, { size: 6 });
    shareBar(doc, share, box.x + 58, y + 1, box.width - 58 - 30, 5, COLORS.histogram);
    line(doc, formatShare(share), box.x + box.width - 28, y, 28, { size: 6, color: COLORS.muted, align: 'right' });
  });
}

function completeness(doc: PdfDoc, c: ColumnProfileView, box: CellBox): void {
  if (c.completeness === null || c.completeness === undefined) return;
  shareBar(doc, c.completeness, box.x, box.y + 5, 45, 4);
  line(doc, formatShare(c.completeness), box.x + 48, box.y + 4, box.width - 48, { size: 7.5 });
}

const extreme = (numeric: number | null | undefined, detail: number | string | null | undefined) =>
  numeric !== null && numeric !== undefined ? count(numeric) : text(detail);

const PROFILE_COLUMNS: PdfColumn<ColumnProfileView>[] = [
  { header: 'column', width: 105, text: (c) => c.column },
  { header: 'type', width: 50, text: (c) => text(c.kind) },
  { header: 'missing', width: 45, align: 'right', text: (c) => count(c.missing) },
  { header: 'completeness', width: 85, draw: completeness },
  { header: 'invalid', width: 40, align: 'right', text: (c) => count(c.invalid) },
  { header: 'distinct', width: 50, align: 'right', text: (c) => `${c.distinctExact === false && c.distinct !== undefined ? '~' : ''}${count(c.distinct)}` },
  { header: 'min', width: 95, align: 'right', text: (c) => extreme(c.numeric?.min, c.details?.min) },
  { header: 'max', width: 95, align: 'right', text: (c) => extreme(c.numeric?.max, c.details?.max) },
  { header: 'mean', width: 60, align: 'right', text: (c) => count(c.numeric?.mean) },
  { header: 'top values / histogram', width: 145, draw: distribution },
];

function profileTable(pager: PdfPager, columns: readonly ColumnProfileView[]): void {
  if (columns.length === 0) return;
  heading(pager, 'Column profile');
  const charts = columns.some((c) => c.details?.histogram || (c.details?.topValues?.length ?? 0) > 0);
  drawTable(pager, PROFILE_COLUMNS, columns, { rowHeight: charts ? PROFILE_ROW_WITH_CHART : ROW });
  pager.y += 4;
  note(pager, 'Missing and invalid count the checked rows; distinct (~ an estimate) and the numeric statistics count valid rows.');
}

function footers(doc: PdfDoc, report: QualityReportView): void {
  const { start, count: pages } = doc.bufferedPageRange();
  const label = `Data quality: ${report.source}${report.runId ? ` · run ${report.runId}` : ''}`;
  for (let i = start; i < start + pages; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN - FOOTER + 6;
    const width = doc.page.width - 2 * MARGIN;
    line(doc, label, MARGIN, y, width - 80, { size: 7, color: COLORS.muted });
    line(doc, `page ${i - start + 1} of ${pages}`, MARGIN + width - 80, y, 80, { size: 7, color: COLORS.muted, align: 'right' });
  }
}

/**
 * A quality report as a PDF: title with the verdict, summary figures, every
 * check (the header repeated on each page of the table), failing examples and
 * the column profile, from the same view model as the HTML. Only the standard
 * fonts are used (nothing is embedded or fetched); text they cannot show is
 * replaced and long text is cut. The same report gives the same bytes.
 */
export async function renderQualityReportPdf(report: QualityReportView, options: QualityReportPdfOptions = {}): Promise<Buffer> {
  const { checks, derived } = checksOf(report);
  const verdict = overallStatus(checks);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    compress: options.compress ?? true,
    info: {
      Title: `Data quality: ${report.source}${report.runId ? ` (${report.runId})` : ''}`,
      Subject: `Data-quality report, ${VERDICT[verdict]}`,
      Producer: 'churn-platform validator',
      Creator: 'churn-platform validator',
      CreationDate: reportDate(report),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const pager: PdfPager = {
    doc,
    left: MARGIN,
    top: MARGIN,
    bottom: doc.page.height - MARGIN - FOOTER,
    width: doc.page.width - 2 * MARGIN,
    y: MARGIN,
  };
  title(pager, report, verdict);
  summary(pager, report, checks);
  checksTable(pager, checks, derived);
  examples(pager, checks, options.maxExamples ?? 20);
  profileTable(pager, profileOf(report));
  footers(doc, report);
  doc.end();
  return done;
}
