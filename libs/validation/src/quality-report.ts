import { DistinctCounter } from './distinct-counter';
import type { RowValidationResult } from './row-validator';
import { RunningStats } from './running-stats';
import type { ColumnKind } from './schemas/source-schema';
import type { HeaderProblem } from './validation-issue';

/** Numeric statistics of one column over the values of valid rows. `stddev` is the sample one (n - 1). */
export interface NumericStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  stddev: number | null;
}

/** Quality of one column. Missing/invalid count over checked rows (superseded ones aside); distinct and numeric over valid rows. */
export interface ColumnQuality {
  column: string;
  kind: ColumnKind;
  /** Empty or absent cells. */
  missing: number;
  /** Share of checked rows with a value, 0..1 (null when no row was checked). */
  completeness: number | null;
  /** Errors on this column, all rules together. */
  invalid: number;
  invalidByRule: Record<string, number>;
  /** Distinct non-missing values among valid rows; exact while `distinctExact`, else an estimate. */
  distinct: number;
  distinctExact: boolean;
  numeric: NumericStats | null;
}

/** Outcome of validating one source: rowsIn = rowsValid + rowsQuarantined + rowsSuperseded. */
export interface QualityReport {
  source: string;
  startedAt: string;
  finishedAt: string;
  rowsIn: number;
  rowsValid: number;
  rowsQuarantined: number;
  /** Older versions of keys that a later increment re-delivered: not checked, neither valid nor quarantined. */
  rowsSuperseded: number;
  /** Rows quarantined with rule duplicate-key (their key repeats within one delivery). */
  duplicateKeys: number;
  headerProblems: HeaderProblem[];
  /** Number of errors by rule, over all columns (a row may carry several). */
  failuresByRule: Record<string, number>;
  /** Warnings by rule (they quarantine nothing): `missing-optional` (null in a nullable column), `late-arriving`. */
  warningsByRule: Record<string, number>;
  columns: ColumnQuality[];
}

/** Options of the accumulator. */
export interface QualityAccumulatorOptions {
  /** Distinct values counted exactly per column before switching to an estimate. Default 10,000. */
  distinctCap?: number;
  /** Clock, for tests. */
  now?: () => Date;
}

interface ColumnState {
  missing: number;
  invalidByRule: Record<string, number>;
  distinct: DistinctCounter;
  stats: RunningStats | null;
}

/** Folds row outcomes into a {@link QualityReport} with memory bounded by the number of columns. */
export class QualityAccumulator {
  private readonly startedAt: Date;
  private readonly now: () => Date;
  private readonly state = new Map<string, ColumnState>();
  private rowsChecked = 0;
  private rowsValid = 0;
  private rowsSuperseded = 0;
  private duplicateKeys = 0;
  private readonly failuresByRule: Record<string, number> = {};
  private readonly warningsByRule: Record<string, number> = {};
  private readonly headerProblems: HeaderProblem[] = [];

  constructor(
    private readonly source: string,
    private readonly kinds: Readonly<Record<string, ColumnKind>>,
    options: QualityAccumulatorOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.startedAt = this.now();
    for (const [column, kind] of Object.entries(kinds)) {
      this.state.set(column, {
        missing: 0,
        invalidByRule: {},
        distinct: new DistinctCounter(options.distinctCap),
        stats: kind === 'string' ? null : new RunningStats(),
      });
    }
  }

  /** Adds header problems; one already reported (by another part of the source) is not repeated. */
  addHeaderProblems(problems: readonly HeaderProblem[]): void {
    for (const p of problems) {
      if (!this.headerProblems.some((q) => q.rule === p.rule && q.column === p.column)) this.headerProblems.push(p);
    }
  }

  /** Counts a row that was not checked because a later delivery replaced its key. */
  supersede(): void {
    this.rowsSuperseded += 1;
  }

  /** Records one checked row (`raw`: its cells as text, absent when missing) and what validation made of it. */
  observe(raw: Record<string, string | undefined>, result: RowValidationResult): void {
    this.rowsChecked += 1;
    for (const w of result.warnings) this.warningsByRule[w.rule] = (this.warningsByRule[w.rule] ?? 0) + 1;
    for (const [column, s] of this.state) {
      const text = raw[column];
      if (text === undefined || text === '') s.missing += 1;
    }
    if (result.ok) {
      this.rowsValid += 1;
      for (const [column, s] of this.state) {
        const value = result.record[column];
        if (value === null || value === undefined) continue;
        s.distinct.add(String(value));
        if (s.stats && typeof value === 'number') s.stats.add(value);
      }
      return;
    }
    for (const e of result.errors) {
      this.failuresByRule[e.rule] = (this.failuresByRule[e.rule] ?? 0) + 1;
      if (e.rule === 'duplicate-key') this.duplicateKeys += 1;
      const s = e.column === null ? undefined : this.state.get(e.column);
      if (s) s.invalidByRule[e.rule] = (s.invalidByRule[e.rule] ?? 0) + 1;
    }
  }

  /** The report so far, stamped with the current time as `finishedAt`. */
  finish(): QualityReport {
    const columns: ColumnQuality[] = [];
    for (const [column, s] of this.state) {
      columns.push({
        column,
        kind: this.kinds[column] ?? 'string',
        missing: s.missing,
        completeness: this.rowsChecked === 0 ? null : (this.rowsChecked - s.missing) / this.rowsChecked,
        invalid: Object.values(s.invalidByRule).reduce((a, b) => a + b, 0),
        invalidByRule: { ...s.invalidByRule },
        distinct: s.distinct.count(),
        distinctExact: s.distinct.isExact,
        numeric: s.stats?.summary() ?? null,
      });
    }
    return {
      source: this.source,
      startedAt: this.startedAt.toISOString(),
      finishedAt: this.now().toISOString(),
      rowsIn: this.rowsChecked + this.rowsSuperseded,
      rowsValid: this.rowsValid,
      rowsQuarantined: this.rowsChecked - this.rowsValid,
      rowsSuperseded: this.rowsSuperseded,
      duplicateKeys: this.duplicateKeys,
      headerProblems: [...this.headerProblems],
      failuresByRule: { ...this.failuresByRule },
      warningsByRule: { ...this.warningsByRule },
      columns,
    };
  }
}
