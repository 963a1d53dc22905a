import { DistinctCounter } from './distinct-counter';
import type { HeaderProblem, RowValidationResult } from './row-validator';
import { RunningStats } from './running-stats';
import type { ColumnKind } from './source-schemas';

/** Numeric statistics of one column over the values of valid rows. `stddev` is the sample one (n - 1). */
export interface NumericStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  stddev: number | null;
}

/** Quality of one column. Missing/invalid count over all input rows; distinct and numeric over valid rows. */
export interface ColumnQuality {
  column: string;
  kind: ColumnKind;
  /** Empty or absent cells. */
  missing: number;
  /** Share of input rows with a value, 0..1 (null when there were no rows). */
  completeness: number | null;
  /** Errors on this column, all rules together. */
  invalid: number;
  invalidByRule: Record<string, number>;
  /** Distinct non-missing values among valid rows; exact while `distinctExact`, else an estimate. */
  distinct: number;
  distinctExact: boolean;
  numeric: NumericStats | null;
}

/** Outcome of validating one source file. */
export interface QualityReport {
  source: string;
  startedAt: string;
  finishedAt: string;
  rowsIn: number;
  rowsValid: number;
  rowsQuarantined: number;
  /** Rows quarantined because their key was already seen on a valid row. */
  duplicateKeys: number;
  headerProblems: HeaderProblem[];
  /** Number of errors by rule, over all columns (a row may carry several). */
  failuresByRule: Record<string, number>;
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
  private rowsIn = 0;
  private rowsValid = 0;
  private duplicateKeys = 0;
  private readonly failuresByRule: Record<string, number> = {};
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

  addHeaderProblems(problems: readonly HeaderProblem[]): void {
    this.headerProblems.push(...problems);
  }

  /** Records one input row and what validation made of it. */
  observe(raw: Record<string, string | undefined>, result: RowValidationResult): void {
    this.rowsIn += 1;
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
        completeness: this.rowsIn === 0 ? null : (this.rowsIn - s.missing) / this.rowsIn,
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
      rowsIn: this.rowsIn,
      rowsValid: this.rowsValid,
      rowsQuarantined: this.rowsIn - this.rowsValid,
      duplicateKeys: this.duplicateKeys,
      headerProblems: [...this.headerProblems],
      failuresByRule: { ...this.failuresByRule },
      columns,
    };
  }
}
