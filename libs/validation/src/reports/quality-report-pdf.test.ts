import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderQualityReportPdf, reportDate } from './quality-report-pdf';
import type { CheckResultView, QualityReportView } from './report-view';
import { checkedReport, storedReport } from './test-reports';

const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

/** The content streams of a PDF, inflated when compressed. */
function contentStreams(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of raw.matchAll(/<<([^]*?)>>\s*stream\n([^]*?)\nendstream/g)) {
    const body = Buffer.from(m[2]!, 'latin1');
    out.push(m[1]!.includes('/FlateDecode') ? inflateSync(body).toString('latin1') : body.toString('latin1'));
  }
  return out;
}

// The WinAnsi codes in 0x80-0x9f this renderer writes; the rest of WinAnsi is Latin-1.
const WIN_ANSI: Record<string, string> = { '\x85': '…', '\x96': '–', '\x97': '—', '\x80': '€' };
const decodeWinAnsi = (hex: string) => Buffer.from(hex, 'hex').toString('latin1').replace(/[\x80-\x9f]/g, (c) => WIN_ANSI[c] ?? c);

/** The text shown by `TJ` operators, one string per operator (pdfkit writes hex strings, split at kerning). */
function shownText(pdf: Buffer): string[] {
  return contentStreams(pdf).flatMap((s) => [...s.matchAll(/\[([^\]]*)\] TJ/g)].map((m) => [...m[1]!.matchAll(/<([0-9a-f]*)>/g)].map((h) => decodeWinAnsi(h[1]!)).join('')));
}

function manyChecks(n: number): CheckResultView[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `check_${String(i).padStart(3, '0')}`,
    check: 'range',
    level: 'column',
    column: 'amount',
    severity: 'error',
    status: i % 7 === 0 ? 'fail' : 'pass',
    observed: i,
    expected: '>= 0',
    failingCount: i % 7 === 0 ? i : 0,
  }));
}

describe('renderQualityReportPdf', () => {
  it('is a complete PDF document', async () => {
    const pdf = await renderQualityReportPdf(checkedReport());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pageCount(pdf)).toBe(1);
  });

  it('shows the title, the verdict, the checks, their failing examples and the profile', async () => {
    const text = shownText(await renderQualityReportPdf(checkedReport(), { compress: false })).join('\n');
    for (const expected of ['Data quality: billing_invoices', 'FAILED', 'run run-2', 'Rows in', '497', '99.4%', 'amount_range', 'row_count', 'invoice_id_unique']) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('line 7: -5');
    expect(text).toContain('Column profile');
    expect(text).toContain('990.5');
  });

  it('reads the same text from compressed streams', async () => {
    const text = shownText(await renderQualityReportPdf(checkedReport())).join('\n');
    expect(text).toContain('amount_range');
  });

  it('breaks a long checks table over pages and repeats its header on each', async () => {
    const pdf = await renderQualityReportPdf(checkedReport({ checks: manyChecks(150), profile: [] }), { compress: false });
    const text = shownText(pdf);
    // 24 rows fit below the title and summary, 35 on each further page: 24 + 35 * 3 = 129 < 150 <= 164.
    expect(pageCount(pdf)).toBe(5);
    expect(text.filter((t) => t === 'expected')).toHaveLength(5);
    for (const name of ['check_000', 'check_077', 'check_149']) expect(text).toContain(name);
    expect(text).toContain('page 5 of 5');
  });

  it('draws the profile charts: top values for categories, bars for numbers', async () => {
    const report = checkedReport({
      profile: [
        { column: 'plan', kind: 'string', missing: 0, completeness: 1, distinct: 3, details: { histogram: { kind: 'categorical', shares: { basic: 0.6, pro: 0.3, enterprise: 0.1 } } } },
        { column: 'tier', kind: 'string', distinct: 2, details: { topValues: [{ value: 'gold', count: 3 }, { value: 'silver', count: 1 }] } },
        { column: 'amount', kind: 'number', numeric: { min: 0, max: 100 }, details: { histogram: { kind: 'numeric', edges: [0, 10, 50, 100], shares: [0.5, 0.25, 0.25] } } },
      ],
    });
    const pdf = await renderQualityReportPdf(report, { compress: false });
    const text = shownText(pdf);
    expect(text).toEqual(expect.arrayContaining(['basic', '60.0%', 'enterprise', 'gold', '75.0%', 'silver']));
    // The numeric histogram's bars: filled rectangles in the chart's colour (0969da).
    expect(contentStreams(pdf).join('\n')).toMatch(/0\.0352\d* 0\.4117\d* 0\.8549\d* scn/);
  });

  it('does not crash on text the standard fonts cannot show, and cuts long values', async () => {
    const wild = ['Zürich', '東京', '😀 emoji', 'Ω≈∑', '\u0000\u001f', 'x'.repeat(100_000)];
    const report: QualityReportView = {
      source: '東京_source 😀',
      runId: 'run-ü',
      checks: wild.map((w, i) => ({ name: `${w}_${i}`, check: w, column: w, severity: 'error', status: 'fail', observed: w, expected: { w }, failingCount: 1, examples: [w, { line: 1, value: w }, { nested: [w] }] })),
      profile: wild.map((w) => ({ column: w, kind: w, details: { min: w, max: w, topValues: [{ value: w, count: 1 }] } })),
    };
    const pdf = await renderQualityReportPdf(report, { compress: false });
    const text = shownText(pdf).join('\n');
    expect(text).toContain('Zürich');
    expect(text).toContain('? emoji');
    expect(text).toContain('Data quality: ??_source ?');
    expect(text).not.toMatch(/x{400}/);
    expect(text).toMatch(/x+…/);
  });

  it('renders a report in the older rule-count shape', async () => {
    const text = shownText(await renderQualityReportPdf(storedReport(), { compress: false })).join('\n');
    expect(text).toContain('This report counts failures by rule');
    expect(text).toContain('duplicate-key');
    expect(text).toContain('monthly_charges');
  });

  it('gives the same bytes for the same report, dated by the report', async () => {
    const report = checkedReport({ finishedAt: '2026-10-31T10:00:01.000Z' });
    const first = await renderQualityReportPdf(report);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await renderQualityReportPdf(report);
    expect(second.equals(first)).toBe(true);
    expect(first.toString('latin1')).toContain('(D:20261031100001Z)');
    const other = await renderQualityReportPdf({ ...report, finishedAt: '2026-11-01T10:00:01.000Z' });
    expect(other.equals(first)).toBe(false);
  });

  it('dates a report by finish, start, as-of day, or else the epoch', () => {
    expect(reportDate({ source: 's', finishedAt: '2026-10-31T10:00:01.000Z', startedAt: '2026-10-31T10:00:00.000Z' }).toISOString()).toBe('2026-10-31T10:00:01.000Z');
    expect(reportDate({ source: 's', startedAt: 'not a date', asOf: '2026-10-30' }).toISOString()).toBe('2026-10-30T00:00:00.000Z');
    expect(reportDate({ source: 's' }).getTime()).toBe(0);
  });
});
