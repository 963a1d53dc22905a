import { ident, inList, num } from '@churn/duckdb';
import type { EventLabel, Project, StatusLabel } from '@churn/project';
import type { EpochDay } from './calendar';
import { tableOf, requireColumns, requireTimeColumn, type DatasetTable } from './dataset-tables';
import { col, textSql, timestampSql } from './sql-text';

/** Names of the working tables every step shares. */
export const WORK = {
  times: 'times',
  entities: 'entity_rows',
  churn: 'churn_events',
  population: 'population',
  labels: 'labels',
} as const;

const DEFAULT_TRUE_VALUES = ['yes', 'y', 'true', '1', 't'];

/** `times(event_timestamp)`: one row per observation time. */
export function timesSql(days: EpochDay[]): string {
  return `CREATE TABLE ${WORK.times} AS SELECT * FROM (VALUES ${days.map((d) => `(${timestampSql(d)})`).join(', ')}) t(event_timestamp)`;
}

/** The churn events of an event label: `(__entity_key, __time)`, rows without either left out. */
export function churnEventsSql(label: EventLabel, tables: Map<string, DatasetTable>, rowsSql: string): string {
  requireTimeColumn(tableOf(tables, label.dataset), label.time, 'the label time');
  return `CREATE TABLE ${WORK.churn} AS SELECT __entity_key, ${ident(label.time)} AS __time FROM (${rowsSql}) WHERE __entity_key IS NOT NULL AND ${ident(label.time)} IS NOT NULL`;
}

/**
 * `population(entity_key, event_timestamp)`. Event label: at each time T, the entities known before T
 * (`since` < T) with no churn event in [since, T): an entity that churned and came back (a later `since`) is in
 * again. Status label: every entity, at the one (serving) time.
 */
export function populationSql(project: Project, tables: Map<string, DatasetTable>): string {
  const { entity, label } = project.manifest;
  const select = `SELECT e.__entity_key AS entity_key, t.event_timestamp FROM ${WORK.entities} e CROSS JOIN ${WORK.times} t WHERE e.__entity_key IS NOT NULL`;
  if (label.kind === 'status') return `CREATE TABLE ${WORK.population} AS ${select}`;
  const since = col('e', entity.since!);
  requireTimeColumn(tableOf(tables, entity.dataset), entity.since!, 'entity.since');
  return (
    `CREATE TABLE ${WORK.population} AS ${select} AND ${since} < t.event_timestamp AND NOT EXISTS (` +
    `SELECT 1 FROM ${WORK.churn} c WHERE c.__entity_key = e.__entity_key AND c.__time >= ${since} AND c.__time < t.event_timestamp)`
  );
}

/**
 * The text values of a status column that mean "churned". A boolean column is 0/1 once prepared: a positive among
 * its true values (declared `trueValues`, else yes, y, true, 1, t; case-insensitive, as the preparer reads them)
 * means `1`, any other `0`.
 */
function positiveTexts(project: Project, label: StatusLabel): string[] {
  const dataset = project.datasets.find((d) => d.name === project.manifest.entity.dataset);
  const prep = dataset?.columns[label.column];
  const texts = label.positive.map(String);
  if (prep?.role !== 'boolean') return texts;
  const norm = (v: string | number) => String(v).trim().toLowerCase();
  const truthy = new Set((prep.trueValues ?? DEFAULT_TRUE_VALUES).map(norm));
  return [...new Set(texts.map((t) => (truthy.has(norm(t)) ? '1' : '0')))];
}

/**
 * `labels(entity_key, event_timestamp, label)` for the training times. Event: 1 when a churn event of the entity
 * falls in [T, T + horizonDays). Status: 1 when the status column's value, as text, is one of `positive`.
 */
export function labelsSql(project: Project, tables: Map<string, DatasetTable>, training: EpochDay[]): string {
  const { label } = project.manifest;
  const at = `p.event_timestamp IN (${training.map(timestampSql).join(', ')})`;
  if (label.kind === 'event') {
    const end = `(p.event_timestamp + INTERVAL (${num(label.horizonDays)}) DAY)`;
    return (
      `CREATE TABLE ${WORK.labels} AS SELECT p.entity_key, p.event_timestamp, CAST(EXISTS (SELECT 1 FROM ${WORK.churn} c ` +
      `WHERE c.__entity_key = p.entity_key AND c.__time >= p.event_timestamp AND c.__time < ${end}) AS INTEGER) AS label ` +
      `FROM ${WORK.population} p WHERE ${at}`
    );
  }
  const table = tableOf(tables, project.manifest.entity.dataset);
  requireColumns(table, [label.column]);
  const text = textSql(col('e', label.column), table.columns.get(label.column)!);
  return (
    `CREATE TABLE ${WORK.labels} AS SELECT p.entity_key, p.event_timestamp, CAST(coalesce(${text} IN ${inList(positiveTexts(project, label))}, FALSE) AS INTEGER) AS label ` +
    `FROM ${WORK.population} p JOIN ${WORK.entities} e ON e.__entity_key = p.entity_key WHERE ${at}`
  );
}

/** The first entity key listed twice in the entity dataset, with how many keys repeat (none: undefined). */
export const duplicateEntitiesSql = (): string =>
  `SELECT min(__entity_key) AS example, count(*) AS duplicates FROM (SELECT __entity_key FROM ${WORK.entities} WHERE __entity_key IS NOT NULL GROUP BY 1 HAVING count(*) > 1)`;

