import { ident } from '@churn/duckdb';
import { identifiersOf, parseExpression, toSql } from '@churn/expression';
import type { ConcreteWindowFeature } from '@churn/project';
import { requireColumns, requireTimeColumn, type DatasetTable } from './dataset-tables';
import { transformationErrors } from './errors';
import { WORK } from './population-sql';
import type { EpochDay } from './calendar';
import { col, daysBefore, daysBetweenSql, T_SQL, timestampSql } from './sql-text';

/** Compiles an expression over a dataset's row (`r`) and the observation time `T`. */
function rowExpression(table: DatasetTable, text: string): string {
  const expr = parseExpression(text);
  requireColumns(table, [...identifiersOf(expr)].filter((n) => n !== 'T'));
  return toSql(expr, (name) => (name === 'T' ? T_SQL : col('r', name)));
}

/** The window column of a feature and the bounds, relative to T, that its rows must fall within. */
function windowOf(table: DatasetTable, f: ConcreteWindowFeature) {
  const column = f.window.column ?? table.declaration.eventTime!;
  requireTimeColumn(table, column, `the window of ${f.name}`);
  const offset = f.window.offsetDays ?? 0;
  const wc = col('r', column);
  const bounds = [`${wc} < ${daysBefore(T_SQL, offset)}`];
  if (f.window.days !== undefined) bounds.push(`${wc} >= ${daysBefore(T_SQL, offset + f.window.days)}`);
  return { column, wc, offset, condition: bounds.join(' AND ') };
}

/**
 * The aggregate of one window feature over the rows of its entity joined at T: rows in its window where its filter
 * holds. Sums add up one row after the other in key order (`sum(x ORDER BY key)`), as a loop over the rows sorted by
 * key would: a plain float sum changes in its last bits with the thread count, the memory limit (spilling) or the
 * file's row groups, and with it the bytes of a feature set whose id says it is the same. (An exact DECIMAL sum is
 * about 3 times faster but rounds differently, at the last digit, from that sequential sum.)
 */
function aggregateSql(table: DatasetTable, f: ConcreteWindowFeature, keyOrder: string): string {
  const w = windowOf(table, f);
  const where = f.filter === undefined ? w.condition : `${w.condition} AND (${rowExpression(table, f.filter)})`;
  const value = f.expr === undefined ? undefined : rowExpression(table, f.expr);
  const needValue = (): string => {
    if (value === undefined) throw transformationErrors.invalidView(f.name, `${f.agg} needs an expression to aggregate`);
    return value;
  };
  const sum = (cond: string) => `sum(CAST(${needValue()} AS DOUBLE) ORDER BY ${keyOrder}) FILTER (WHERE ${cond})`;
  switch (f.agg) {
    case 'count':
      return `count(*) FILTER (WHERE ${where})`;
    case 'sum':
      return sum(where);
    case 'mean':
      return `(${sum(where)} / NULLIF(count(${needValue()}) FILTER (WHERE ${where}), 0))`;
    case 'min':
    case 'max':
      return `${f.agg}(${needValue()}) FILTER (WHERE ${where})`;
    case 'distinct_count':
      return `count(DISTINCT ${needValue()}) FILTER (WHERE ${where})`;
    case 'latest':
      // The newest row by window column among those with a value; equal times: the greatest key.
      return `arg_max(${needValue()}, row(${w.wc}, ${keyOrder})) FILTER (WHERE ${where} AND (${needValue()}) IS NOT NULL)`;
    case 'days_since_last':
      return daysBetweenSql(`max(${w.wc}) FILTER (WHERE ${where})`, T_SQL);
    case 'trend': {
      if (f.window.days === undefined) throw transformationErrors.invalidView(f.name, 'trend needs window days');
      const later = `${w.wc} >= ${daysBefore(T_SQL, w.offset + f.window.days / 2)}`;
      const recent = `coalesce(${sum(`${where} AND ${later}`)}, 0)`;
      const earlier = `coalesce(${sum(`${where} AND NOT (${later})`)}, 0)`;
      return `((${recent} - ${earlier}) / NULLIF(${recent} + ${earlier}, 0))`;
    }
    default:
      throw transformationErrors.invalidView(f.name, `unknown aggregation ${String(f.agg)}`);
  }
}

/** Quoted name of the table of a dataset's window features. */
export const windowTableName = (dataset: string): string => ident(`win_${dataset}`);

/** Quoted name of the view of a dataset's rows with their entity key. */
export const rowsViewName = (dataset: string): string => ident(`rows_${dataset}`);

/**
 * `win_<dataset>(entity_key, event_timestamp, <feature>...)`: every window feature of one dataset, for each
 * (entity, T) of the population that has rows, in one pass over the rows joined to the population. A row joins T
 * only when its event time is before T, whatever the window says: that is what keeps every value point-in-time.
 * One statement per observation time: the aggregates of one time at once stay in memory, not those of all.
 */
export function windowTableSql(table: DatasetTable, features: ConcreteWindowFeature[], times: EpochDay[]): string[] {
  const eventTime = table.declaration.eventTime;
  if (eventTime === undefined) throw transformationErrors.invalidView(table.name, `${table.name} has no eventTime: window features need one`);
  requireTimeColumn(table, eventTime, 'eventTime');
  requireColumns(table, table.declaration.key);
  const keyOrder = table.declaration.key.map((k) => col('r', k)).join(', ');
  const et = col('r', eventTime);
  const aggregates = features.map((f) => `${aggregateSql(table, f, keyOrder)} AS ${ident(f.name)}`);
  // When every window is bounded and on the event time, rows older than the widest window need not join at all.
  const bounded = features.every((f) => f.window.days !== undefined && (f.window.column ?? eventTime) === eventTime);
  const widest = Math.max(...features.map((f) => (f.window.offsetDays ?? 0) + (f.window.days ?? 0)));
  const lower = bounded ? ` AND ${et} >= ${daysBefore(T_SQL, widest)}` : '';
  const select = (day: EpochDay) =>
    `SELECT p.entity_key, p.event_timestamp, ${aggregates.join(', ')} ` +
    `FROM ${WORK.population} p JOIN ${rowsViewName(table.name)} r ON r.__entity_key = p.entity_key AND ${et} < p.event_timestamp${lower} ` +
    `WHERE p.event_timestamp = ${timestampSql(day)} GROUP BY p.entity_key, p.event_timestamp`;
  const name = windowTableName(table.name);
  return times.map((day, i) => (i === 0 ? `CREATE TABLE ${name} AS ${select(day)}` : `INSERT INTO ${name} ${select(day)}`));
}

/** How a dataset's rows were used: all of them, those that reach no entity of the entity dataset, those without an event time. */
export function datasetReadsSql(table: DatasetTable): string {
  const eventTime = table.declaration.eventTime;
  const noTime = eventTime === undefined ? '0' : `count(*) FILTER (WHERE ${col('r', eventTime)} IS NULL)`;
  return (
    `SELECT count(*) AS rows, count(*) FILTER (WHERE e.__entity_key IS NULL) AS unknown_entity, ${noTime} AS no_event_time ` +
    `FROM ${rowsViewName(table.name)} r LEFT JOIN (SELECT DISTINCT __entity_key FROM ${WORK.entities} WHERE __entity_key IS NOT NULL) e ON e.__entity_key = r.__entity_key`
  );
}
