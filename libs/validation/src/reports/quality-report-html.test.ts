import { describe, expect, it } from 'vitest';
import { renderQualityReportChecksCsv } from './quality-report-checks-csv';
import { renderQualityReportHtml } from './quality-report-html';
import { checksOf, overallStatus } from './report-checks';
import type { QualityReportView } from './report-view';
import { checkedReport, storedReport } from './test-reports';

const EVIL = '<script>alert("x")</script>';

/** The rows of the checks table, as `check|column|status` with tags stripped. */
function checkRows(html: string): string[] {
  const body = /<h2>Checks<\/h2>[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr class="(\w+)"><td>([\s\S]*?)<\/td><td>([\s\S]*?)<\/td>/g)].map(([, status, check, column]) => `${check}|${column}|${status}`);
}

describe('renderQualityReportHtml', () => {
  it('renders a self-contained page: inline CSS, no script, nothing loaded from elsewhere', () => {
    const html = renderQualityReportHtml(storedReport());
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|@import|url\(/i);
    expect(html).toContain(`default-src 'none'`);
  });

  it('summarises rows and check counts and shows the verdict', () => {
    const html = renderQualityReportHtml(checkedReport());
    for (const [label, value] of [['Rows in', '500'], ['Valid', '497'], ['Quarantined', '3'], ['Checks passed', '1'], ['Checks failed', '1'], ['Warnings', '1']]) {
      expect(html).toContain(`<small>${label}</small><b>${value}</b>`);
    }
    expect(html).toContain('<span class="status fail">failed</span>');
    expect(renderQualityReportHtml(checkedReport({ checks: [{ check: 'unique', status: 'warn' }] }))).toContain('<span class="status warn">passed with warnings</span>');
    expect(renderQualityReportHtml(checkedReport({ checks: [{ check: 'unique', status: 'pass' }] }))).toContain('<span class="status pass">passed</span>');
  });

  it('lists each check with its status colour, failures first, and its observed, expected and failing count', () => {
    const html = renderQualityReportHtml(checkedReport());
    expect(checkRows(html)).toEqual([
      'amount_range<br><span class="note">range</span>|amount|fail',
      'row_count<br><span class="note">row-count</span>||warn',
      'invoice_id_unique<br><span class="note">unique</span>|invoice_id|pass',
    ]);
    expect(html).toContain('<td class="text">{&quot;min&quot;:-5}</td><td class="text">{&quot;min&quot;:0}</td><td class="num">3</td>');
    expect(html).toContain('.status.fail { color: var(--fail)');
  });

  it('derives checks from the rule counts of a report that has none', () => {
    const html = renderQualityReportHtml(storedReport());
    expect(checkRows(html)).toEqual([
      'format|email|fail',
      'type|monthly_charges|fail',
      'duplicate-key||fail',
      'header:unknown-column|nickname|warn',
      'missing-optional||warn',
    ]);
    expect(html).toContain('This report counts failures by rule');
    const clean = storedReport({ failuresByRule: {}, warningsByRule: {}, headerProblems: [], columns: [] });
    expect(checkRows(renderQualityReportHtml(clean))).toEqual(['schema||pass']);
  });

  it('shows failing examples when the report has them, and a profile of every column', () => {
    const html = renderQualityReportHtml(checkedReport());
    expect(html).toContain('<h2>Failing examples</h2>');
    expect(html).toMatch(/<details open><summary>.*amount_range — amount.*\(1 example\)/);
    expect(html).toContain('&quot;value&quot;: -5');
    expect(renderQualityReportHtml(storedReport())).not.toContain('Failing examples');

    const profile = renderQualityReportHtml(storedReport());
    expect(profile).toContain('<h2>Column profile</h2>');
    expect(profile).toMatch(/<tr><td>email<\/td><td>string<\/td><td class="num">2<\/td><td><span class="bar"><i style="width:99.8%"><\/i><\/span>99.8%<\/td><td class="num">8<\/td><td class="num">980<\/td>/);
    // An estimated distinct count is marked; numeric statistics are shown.
    expect(profile).toContain('<td class="num">~20,000</td><td class="num">18.25</td><td class="num">118.75</td><td class="num">64.762</td><td class="num">30.09</td>');
  });

  it('escapes every value taken from the report', () => {
    const hostile: QualityReportView = {
      source: EVIL,
      runId: EVIL,
      asOf: EVIL,
      rowsIn: 1,
      checks: [
        { name: EVIL, check: EVIL, column: EVIL, severity: EVIL, status: 'fail', observed: EVIL, expected: [EVIL], failingCount: 1, examples: [EVIL, { [EVIL]: EVIL }] },
        // A status outside the contract must not become markup or a class name.
        { check: 'x', status: `"><script>alert(1)</script>` as 'fail' },
      ],
      profile: [{ column: EVIL, kind: EVIL, completeness: 0.5 }],
    };
    const html = renderQualityReportHtml(hostile);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('alert("x")');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain(`<title>Data quality: &lt;script&gt;`);
    const derived = renderQualityReportHtml(
      storedReport({ source: EVIL, failuresByRule: { [EVIL]: 1 }, warningsByRule: { [EVIL]: 2 }, headerProblems: [{ column: EVIL, rule: 'unknown-column', message: EVIL }] }),
    );
    expect(derived).not.toMatch(/<script/i);
  });
});

describe('checksOf', () => {
  it('keeps a report’s own checks and counts the derived ones exactly', () => {
    expect(checksOf(checkedReport()).derived).toBe(false);
    const { checks, derived } = checksOf(storedReport());
    expect(derived).toBe(true);
    expect(checks.filter((c) => c.status === 'fail').reduce((n, c) => n + (c.failingCount ?? 0), 0)).toBe(4 + 8 + 3);
    expect(overallStatus(checks)).toBe('fail');
  });
});

describe('renderQualityReportChecksCsv', () => {
  it('writes one row per check with raw values', () => {
    const csv = renderQualityReportChecksCsv(checkedReport()).trimEnd().split('\n');
    expect(csv).toEqual([
      'name,check,column,severity,status,observed,expected,failing_count',
      'amount_range,range,amount,error,fail,"{""min"":-5}","{""min"":0}",3',
      'row_count,row-count,,warn,warn,500,450..480,',
      'invoice_id_unique,unique,invoice_id,error,pass,0,0,0',
    ]);
    expect(renderQualityReportChecksCsv(storedReport()).split('\n')[1]).toBe('email:format,format,email,error,fail,8,0,8');
  });
});
