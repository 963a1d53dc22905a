import { identifiersOf, parseExpression, toSql } from '@churn/expression';
import type { ConcreteWindowFeature } from '@churn/project';
import type { EpochDay } from './calendar';
import { requireColumns, requireTimeColumn, type DatasetTable } from './dataset-tables';
import { transformationErrors } from './errors';
import { col, daysBetweenSql, timestampSql } from './sql-text';

/**
 * Sums are exact: each value is read as a DECIMAL(38, 12) (a value with more than 12 decimals rounded to 12) and
 * added as an integer, so the result does not depend on the order rows are added in (threads, spilling, row
 * groups); it is rounded to a DOUBLE once. A value that is not finite, or beyond ±1e26, cannot be added exactly:
 * the computation fails (CHURN_TRANSFORMATION_INVALID_FEATURE, see {@link RowColumns.unsummableSql}).
 */
export const EXACT_SUM_TYPE = 'DECIMAL(38, 12)';

/** A value summed exactly: the feature, the time it is computed for and the value as a DOUBLE. */
interface SummedValue {
  feature: string;
  t: EpochDay;
  double: string;
}

/**
 * The per-row columns the aggregates of one dataset read, computed once per row in the subquery `r` they
 * aggregate: window columns as TIMESTAMP, values, and each window's condition at each time (the times are literals,
 * so everything an aggregate needs of a row is a column). Identical expressions are computed once.
 */
export class RowColumns {
  private readonly bySql = new Map<string, string>();
  private readonly summed: SummedValue[] = [];

  constructor(private readonly table: DatasetTable) {}

  /** The column computing `sql` over the row `r` (added on first use), as the aggregates read it: `r.__c<n>`. */
  add(sql: string): string {
    sql = this.expand(sql);
    let alias = this.bySql.get(sql);
    if (alias === undefined) {
      alias = `__c${this.bySql.size}`;
      this.bySql.set(sql, alias);
    }
    return `r.${alias}`;
  }

  /** A date or timestamp column of the dataset as TIMESTAMP (implicit comparisons with T cast it the same way). */
  time(column: string): string {
    return this.add(`CAST(${col('r', column)} AS TIMESTAMP)`);
  }

  /** An expression over the row and T, compiled for the time `t`. */
  expression(text: string, t: EpochDay): string {
    const expr = parseExpression(text);
    requireColumns(this.table, [...identifiersOf(expr)].filter((n) => n !== 'T'));
    return this.add(toSql(expr, (name) => (name === 'T' ? timestampSql(t) : col('r', name))));
  }

  /** A value of `feature` at `t` as an exact sum adds it. */
  exact(feature: string, t: EpochDay, value: string): string {
    const double = `CAST(${this.expand(value)} AS DOUBLE)`;
    this.summed.push({ feature, t, double });
    return this.add(`CAST(${double} AS ${EXACT_SUM_TYPE})`);
  }

  /** A condition over the row: the conjunction of the given columns and expressions. */
  condition(parts: string[]): string {
    return this.add(parts.map((p) => `(${p})`).join(' AND '));
  }

  /** `, <sql> AS __c<n>` for each column, in order of first use. */
  selectList(): string {
    return [...this.bySql].map(([sql, alias]) => `, ${sql} AS ${alias}`).join('');
  }

  /**
   * The first row of `from` (aliased `r`) where `where` holds with a summed value that cannot be added exactly, as
   * `feature, entity_key, event_timestamp, value`; undefined when nothing is summed.
   */
  unsummableSql(from: string, where: string): string | undefined {
    if (this.summed.length === 0) return undefined;
    const checks = this.summed.map(
      (s, i) =>
        `SELECT ${i} AS position, '${s.feature.replace(/'/g, "''")}' AS feature, r.__entity_key AS entity_key, ${timestampSql(s.t)} AS event_timestamp, CAST(${s.double} AS VARCHAR) AS value ` +
        `FROM ${from} r WHERE ${where} AND ${s.double} IS NOT NULL AND TRY_CAST(${s.double} AS ${EXACT_SUM_TYPE}) IS NULL`,
    );
    return `SELECT * FROM (${checks.join(' UNION ALL ')}) ORDER BY position, entity_key LIMIT 1`;
  }

  /** `sql` with the columns it reads written out: the subquery computes each column from the row alone. */
  private expand(sql: string): string {
    return sql.replace(/\br\.(__c\d+)\b/g, (ref, alias: string) => {
      for (const [definition, a] of this.bySql) if (a === alias) return `(${definition})`;
      return ref;
    });
  }
}

/**
 * The aggregate of one window feature at the observation time `t`, over the rows of its entity: rows whose event
 * time is before t (always: that keeps every value point-in-time), whose window column lies in the window, where
 * the feature's filter holds. `keyOrder` (the dataset's key columns) breaks ties of `latest`.
 */
export function windowAggregateSql(table: DatasetTable, shared: RowColumns, f: ConcreteWindowFeature, times: readonly EpochDay[], i: number, keyOrder: string): string {
  const eventTime = table.declaration.eventTime!;
  const column = f.window.column ?? eventTime;
  requireTimeColumn(table, column, `the window of ${f.name}`);
  const t = times[i]!;
  if (isCumulative(f, eventTime)) return cumulativeAggregateSql(shared, f, eventTime, times, i, keyOrder);
  const offset = f.window.offsetDays ?? 0;
  const wc = shared.time(column);
  const bounds = [`${shared.time(eventTime)} < ${timestampSql(t)}`];
  if (column !== eventTime || offset !== 0) bounds.push(`${wc} < ${timestampSql(t - offset)}`);
  if (f.window.days !== undefined) bounds.push(`${wc} >= ${timestampSql(t - offset - f.window.days)}`);
  if (f.filter !== undefined) bounds.push(shared.expression(f.filter, t));
  const where = shared.condition(bounds);
  const value = f.expr === undefined ? undefined : shared.expression(f.expr, t);
  const needValue = (): string => {
    if (value === undefined) throw transformationErrors.invalidView(f.name, `${f.agg} needs an expression to aggregate`);
    return value;
  };
  // `agg(CASE WHEN cond THEN x END)` rather than `agg(x) FILTER (WHERE cond)`: the same values (aggregates skip
  // NULLs), computed without a selection per aggregate (a fifth less CPU over a dataset's rows).
  const when = (cond: string, x: string) => `CASE WHEN ${cond} THEN ${x} END`;
  const sum = (cond: string) => `sum(${when(cond, shared.exact(f.name, t, needValue()))})`;
  switch (f.agg) {
    case 'count':
      return `count(${when(where, '1')})`;
    case 'sum':
      return `CAST(${sum(where)} AS DOUBLE)`;
    case 'mean':
      return `(CAST(${sum(where)} AS DOUBLE) / NULLIF(count(${when(where, needValue())}), 0))`;
    case 'min':
    case 'max':
      return `${f.agg}(${when(where, needValue())})`;
    case 'distinct_count':
      return `count(DISTINCT ${when(where, needValue())})`;
    case 'latest': {
      // The newest row by window column among those with a value; equal times: the greatest key.
      const has = shared.condition([where, `${needValue()} IS NOT NULL`]);
      return `arg_max(${when(has, needValue())}, ${when(has, shared.add(`row(${col('r', column)}, ${keyOrder})`))})`;
    }
    case 'days_since_last':
      return daysBetweenSql(`max(${when(where, wc)})`, timestampSql(t));
    case 'trend': {
      if (f.window.days === undefined) throw transformationErrors.invalidView(f.name, 'trend needs window days');
      const later = `${wc} >= ${timestampSql(t - offset - f.window.days / 2)}`;
      const recent = `coalesce(${sum(shared.condition([where, later]))}, 0)`;
      const earlier = `coalesce(${sum(shared.condition([where, `NOT (${later})`]))}, 0)`;
      // Exact up to the division: the difference and the total are rounded to DOUBLE once each.
      return `(CAST(${recent} - ${earlier} AS DOUBLE) / NULLIF(CAST(${recent} + ${earlier} AS DOUBLE), 0))`;
    }
    default:
      throw transformationErrors.invalidView(f.name, `unknown aggregation ${String(f.agg)}`);
  }
}

/** Aggregations whose value over all rows before T combines their values over the rows between consecutive times. */
const COMBINABLE = new Set(['count', 'sum', 'mean', 'min', 'max', 'latest', 'days_since_last']);

const readsT = (text: string | undefined) => text !== undefined && identifiersOf(parseExpression(text)).has('T');

/** A feature over every row before T (no window days or offset, on the event time) whose filter and value do not read T. */
function isCumulative(f: ConcreteWindowFeature, eventTime: string): boolean {
  return (
    COMBINABLE.has(f.agg) &&
    f.window.days === undefined &&
    (f.window.offsetDays ?? 0) === 0 &&
    (f.window.column ?? eventTime) === eventTime &&
    !readsT(f.filter) &&
    !readsT(f.expr)
  );
}

/**
 * A cumulative feature (see isCumulative) at times[i], combined from its aggregates over the rows of each interval
 * between consecutive times (before times[0], then [times[k-1], times[k])): each row is aggregated once, not once
 * per time it precedes. Sums are exact, so adding the intervals' sums gives the same value; the latest row is in the
 * latest interval that has one (intervals are in event-time order and the window column is the event time).
 */
function cumulativeAggregateSql(shared: RowColumns, f: ConcreteWindowFeature, eventTime: string, times: readonly EpochDay[], i: number, keyOrder: string): string {
  const et = shared.time(eventTime);
  const filter = f.filter === undefined ? [] : [shared.expression(f.filter, times[i]!)];
  const within = (k: number) => shared.condition([...(k > 0 ? [`${et} >= ${timestampSql(times[k - 1]!)}`] : []), `${et} < ${timestampSql(times[k]!)}`, ...filter]);
  const value = f.expr === undefined ? undefined : shared.expression(f.expr, times[i]!);
  const needValue = (): string => {
    if (value === undefined) throw transformationErrors.invalidView(f.name, `${f.agg} needs an expression to aggregate`);
    return value;
  };
  const ks = Array.from({ length: i + 1 }, (_, k) => k);
  const when = (cond: string, x: string) => `CASE WHEN ${cond} THEN ${x} END`;
  // NULL when no interval has a value, else the total (a NULL interval adds nothing).
  const total = (parts: string[]) => `(CASE WHEN ${parts.map((p) => `${p} IS NULL`).join(' AND ')} THEN NULL ELSE ${parts.map((p) => `coalesce(${p}, 0)`).join(' + ')} END)`;
  const exactSum = () => total(ks.map((k) => `sum(${when(within(k), shared.exact(f.name, times[i]!, needValue()))})`));
  const count = (x: string) => `(${ks.map((k) => `count(${when(within(k), x)})`).join(' + ')})`;
  switch (f.agg) {
    case 'count':
      return count('1');
    case 'sum':
      return `CAST(${exactSum()} AS DOUBLE)`;
    case 'mean':
      return `(CAST(${exactSum()} AS DOUBLE) / NULLIF(${count(needValue())}, 0))`;
    case 'min':
    case 'max':
      return `${f.agg === 'min' ? 'least' : 'greatest'}(${ks.map((k) => `${f.agg}(${when(within(k), needValue())})`).join(', ')})`;
    case 'latest': {
      const order = shared.add(`row(${col('r', eventTime)}, ${keyOrder})`);
      const latest = (k: number) => {
        const has = shared.condition([within(k), `${needValue()} IS NOT NULL`]);
        return `arg_max(${when(has, needValue())}, ${when(has, order)})`;
      };
      return `coalesce(${[...ks].reverse().map(latest).join(', ')})`;
    }
    default:
      return daysBetweenSql(`greatest(${ks.map((k) => `max(${when(within(k), shared.time(eventTime))})`).join(', ')})`, timestampSql(times[i]!));
  }
}
