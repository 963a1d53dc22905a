import { ident } from '@churn/duckdb';
import type { ConcreteWindowFeature } from '@churn/project';
import { requireColumns, requireTimeColumn, type DatasetTable } from './dataset-tables';
import { transformationErrors } from './errors';
import { WORK } from './population-sql';
import type { EpochDay } from './calendar';
import { col, timestampSql } from './sql-text';
import { RowColumns, windowAggregateSql } from './window-aggregates';

/** Quoted name of the table of a dataset's window features. */
export const windowTableName = (dataset: string): string => ident(`win_${dataset}`);

/** Quoted name of the view of a dataset's rows with their entity key. */
export const rowsViewName = (dataset: string): string => ident(`rows_${dataset}`);

/** The statements of a dataset's window features, and the query that finds a value they cannot sum when they fail. */
export interface WindowStatements {
  statements: string[];
  unsummableSql: string | undefined;
}

/**
 * The value of the `feature`-th window feature of a dataset at the population row `p`, from its window table
 * aliased `alias`: its column for p's time, NULL when the entity has no row that reaches that time (as an entity
 * without events: the feature's default).
 */
export function windowValueSql(alias: string, feature: number, times: EpochDay[]): string {
  return `CASE ${times.map((t, i) => `WHEN p.event_timestamp = ${timestampSql(t)} AND ${alias}.n_${i} > 0 THEN ${alias}.a${feature}_${i}`).join(' ')} END`;
}

/**
 * `win_<dataset>(entity_key, n_<i>, a<j>_<i>...)`: every window feature j of one dataset at every observation time i,
 * one row per entity, in one pass over the dataset's rows grouped by entity: each value is a FILTERed aggregate of
 * the rows of its time (those before it: that keeps every value point-in-time), `n_<i>` the rows that reach time i.
 * The rows are read once whatever the number of times and features, and never joined to the population; the
 * features table picks each population row's time ({@link windowValueSql}).
 */
export function windowTableSql(table: DatasetTable, features: ConcreteWindowFeature[], times: EpochDay[]): WindowStatements {
  const eventTime = table.declaration.eventTime;
  if (eventTime === undefined) throw transformationErrors.invalidView(table.name, `${table.name} has no eventTime: window features need one`);
  requireTimeColumn(table, eventTime, 'eventTime');
  requireColumns(table, table.declaration.key);
  const keyOrder = table.declaration.key.map((k) => col('r', k)).join(', ');
  const shared = new RowColumns(table);
  const aggregates = features.flatMap((f, j) => times.map((_, i) => `${windowAggregateSql(table, shared, f, times, i, keyOrder)} AS a${j}_${i}`));
  // No row at or after the last time counts; when every window is bounded and on the event time, neither does a
  // row older than the widest window before its time.
  const bounded = features.every((f) => f.window.days !== undefined && (f.window.column ?? eventTime) === eventTime);
  const widest = Math.max(...features.map((f) => (f.window.offsetDays ?? 0) + (f.window.days ?? 0)));
  const et = shared.time(eventTime);
  // Rows that reach T: an (entity, T) without any gets no row, as an entity without events (its features' defaults).
  const reached = times.map((t, i) => {
    const reach = shared.condition([`${et} < ${timestampSql(t)}`, ...(bounded ? [`${et} >= ${timestampSql(t - widest)}`] : [])]);
    return `count(CASE WHEN ${reach} THEN 1 END) AS n_${i}`;
  });
  const where = [`r.__entity_key IS NOT NULL`, `${col('r', eventTime)} < ${timestampSql(Math.max(...times))}`];
  if (bounded) where.push(`${col('r', eventTime)} >= ${timestampSql(Math.min(...times) - widest)}`);
  const rows = `SELECT r.*${shared.selectList()} FROM ${rowsViewName(table.name)} r WHERE ${where.join(' AND ')}`;
  return {
    statements: [`CREATE TABLE ${windowTableName(table.name)} AS SELECT r.__entity_key AS entity_key, ${[...reached, ...aggregates].join(', ')} FROM (${rows}) r GROUP BY r.__entity_key`],
    unsummableSql: shared.unsummableSql(rowsViewName(table.name), where.join(' AND ')),
  };
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
