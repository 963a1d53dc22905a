import type { ColumnMapping } from '../engine/column-mapping';
import type { CheckResult, ColumnProfile, ReferenceProfile, SuiteRunResult } from '../engine/engine-types';
import { referenceOf } from '../engine/reference-of';
import type { CheckResultView, ColumnProfileView } from '../reports';

/**
 * A source's stored quality report: the engine's result in the shape the report
 * routes and renderers read (checks pass/warn/fail, profile as a list), plus
 * what the next run of the source compares with (`reference`, `rowsIn`).
 */
export interface StoredEngineReport {
  source: string;
  asOf: string;
  runId: string;
  /** Manifests validated, newest first. */
  manifests: string[];
  status: SuiteRunResult['status'];
  rowsIn: number;
  rowsValid: number;
  rowsQuarantined: number;
  rowsSuperseded: number;
  rowsFlagged: number;
  headerProblems: SuiteRunResult['headerProblems'];
  /** The source's column mapping the raw data was read with (sources.json `columns`), when it has one. */
  columnMapping?: ColumnMapping;
  /** Checks that ran; `skipped` ones (no previous run, no reference...) are listed apart with why. */
  checks: Array<CheckResult & CheckResultView>;
  skippedChecks: Array<Pick<CheckResult, 'name' | 'check' | 'column' | 'severity' | 'note'>>;
  profile: Array<ColumnProfileView & { details: ColumnProfile }>;
  /** PSI reference for the next run of this source (the histograms of this run's valid rows). */
  reference: ReferenceProfile;
  engine: SuiteRunResult['engine'];
}

function profileView(column: string, p: ColumnProfile): ColumnProfileView & { details: ColumnProfile } {
  const rows = p.count + p.missing;
  const numeric = typeof p.min === 'number' || typeof p.mean === 'number';
  return {
    column,
    kind: p.type,
    missing: p.missing,
    completeness: rows === 0 ? null : p.count / rows,
    invalid: Object.values(p.invalid).reduce((a, n) => a + n, 0),
    distinct: p.distinct,
    distinctExact: false,
    numeric: numeric
      ? { count: p.count, min: (p.min as number | null) ?? null, max: (p.max as number | null) ?? null, mean: p.mean ?? null, stddev: p.stddev ?? null }
      : null,
    details: p,
  };
}

/** Builds the stored report of one source's engine run. */
export function engineReport(result: SuiteRunResult, run: { runId: string; manifests: string[]; columns?: ColumnMapping }): StoredEngineReport {
  const ran = result.checks.filter((c): c is CheckResult & { status: 'pass' | 'warn' | 'fail' } => c.status !== 'skipped');
  return {
    source: result.source,
    asOf: result.asOf,
    runId: run.runId,
    manifests: run.manifests,
    status: result.status,
    rowsIn: result.rowsIn,
    rowsValid: result.rowsValid,
    rowsQuarantined: result.rowsQuarantined,
    rowsSuperseded: result.rowsSuperseded,
    rowsFlagged: result.rowsFlagged,
    headerProblems: result.headerProblems,
    ...(run.columns ? { columnMapping: run.columns } : {}),
    checks: ran,
    skippedChecks: result.checks
      .filter((c) => c.status === 'skipped')
      .map(({ name, check, column, severity, note }) => ({ name, check, severity, ...(column ? { column } : {}), ...(note ? { note } : {}) })),
    profile: Object.entries(result.profile).map(([column, p]) => profileView(column, p)),
    reference: referenceOf(result),
    engine: result.engine,
  };
}

/** The checks that stop the batch: failed error-level checks that are not about single rows. */
export function stoppingChecks(report: Pick<StoredEngineReport, 'checks'>): CheckResult[] {
  return report.checks.filter((c) => c.status === 'fail' && c.level !== 'row');
}

/** Warnings (failed warn checks, flagging row rules) by check name -> failing count (1 for a check that counts no rows). */
export function warningsOf(report: Pick<StoredEngineReport, 'checks'>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of report.checks) if (c.status === 'warn') out[c.name] = c.failingCount ?? 1;
  return out;
}

/** `observed vs expected` of a check, for messages. */
export function describeCheck(c: CheckResult): string {
  return `${c.name}${c.column ? ` (${c.column})` : ''}: observed ${c.observed === null ? 'nothing' : String(c.observed)}, expected ${c.expected}`;
}
