import type { CheckResultView, CheckStatus, QualityReportView } from './report-view';

/** Header problems that do not stop validation (the column is ignored); the others are fatal when they occur. */
const HARMLESS_HEADER_RULES = new Set(['unknown-column']);

const byName = ([a]: [string, number], [b]: [string, number]) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A report's checks: its own `checks` when it has them; otherwise (today's
 * rule-count reports) one failed row per column and rule, one per rule not tied
 * to a column (duplicate keys, malformed lines), one warning per warning rule
 * and header problem, and a single passing `schema` row when nothing failed.
 * Derived failing counts are errors of that rule (a row may carry several).
 */
export function checksOf(report: QualityReportView): { checks: CheckResultView[]; derived: boolean } {
  if (report.checks) return { checks: [...report.checks], derived: false };
  const checks: CheckResultView[] = [];
  const perColumn: Record<string, number> = {};
  for (const c of report.columns ?? report.profile ?? []) {
    const invalidByRule = (c as { invalidByRule?: Record<string, number> }).invalidByRule ?? {};
    for (const [rule, n] of Object.entries(invalidByRule).sort(byName)) {
      if (n <= 0) continue;
      perColumn[rule] = (perColumn[rule] ?? 0) + n;
      checks.push({ check: rule, column: c.column, severity: 'error', status: 'fail', failingCount: n, expected: 0, observed: n });
    }
  }
  for (const [rule, n] of Object.entries(report.failuresByRule ?? {}).sort(byName)) {
    const rest = n - (perColumn[rule] ?? 0);
    if (rest > 0) checks.push({ check: rule, column: null, severity: 'error', status: 'fail', failingCount: rest, expected: 0, observed: rest });
  }
  for (const p of report.headerProblems ?? []) {
    const harmless = HARMLESS_HEADER_RULES.has(p.rule);
    checks.push({
      check: `header:${p.rule}`,
      column: p.column,
      severity: harmless ? 'warn' : 'error',
      status: harmless ? 'warn' : 'fail',
      ...(p.message ? { observed: p.message } : {}),
    });
  }
  for (const [rule, n] of Object.entries(report.warningsByRule ?? {}).sort(byName)) {
    if (n > 0) checks.push({ check: rule, column: null, severity: 'warn', status: 'warn', failingCount: n, observed: n });
  }
  if (!checks.some((c) => c.status === 'fail')) {
    checks.unshift({ check: 'schema', column: null, severity: 'error', status: 'pass', failingCount: 0, expected: 0, observed: 0 });
  }
  return { checks, derived: true };
}

/** Checks by status. */
export function statusCounts(checks: readonly CheckResultView[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, warn: 0 };
  for (const c of checks) counts[c.status] += 1;
  return counts;
}

/** The report's verdict: failed if any check failed, warn if any warned, else pass. */
export function overallStatus(checks: readonly CheckResultView[]): CheckStatus {
  const counts = statusCounts(checks);
  return counts.fail > 0 ? 'fail' : counts.warn > 0 ? 'warn' : 'pass';
}

/** The profile to show: a richer report's `profile`, else today's `columns`. */
export function profileOf(report: QualityReportView) {
  return report.profile ?? report.columns ?? [];
}

const STATUS_ORDER: Record<CheckStatus, number> = { fail: 0, warn: 1, pass: 2 };

/** The verdict in words, for a report's title. */
export const VERDICT: Record<CheckStatus, string> = { pass: 'passed', warn: 'passed with warnings', fail: 'failed' };

/** Checks failures first, then warnings, then passes; otherwise in report order. */
export function byStatus(checks: readonly CheckResultView[]): CheckResultView[] {
  return [...checks].sort((a, b) => (STATUS_ORDER[a.status] ?? 0) - (STATUS_ORDER[b.status] ?? 0));
}

/** The run facts under a report's title (run, as-of, start, finish), those the report has. */
export function reportMeta(report: QualityReportView): string[] {
  return [
    report.runId ? `run ${report.runId}` : '',
    report.asOf ? `as of ${report.asOf}` : '',
    report.startedAt ? `started ${report.startedAt}` : '',
    report.finishedAt ? `finished ${report.finishedAt}` : '',
  ].filter((m) => m !== '');
}
