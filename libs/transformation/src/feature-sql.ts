import { ident, num, str } from '@churn/duckdb';
import { identifiersOf, parseExpression, toSql } from '@churn/expression';
import type { ConcreteFeature, Project } from '@churn/project';
import { requireColumns, requireTimeColumn, tableOf, type DatasetTable } from './dataset-tables';
import type { FeaturePlan } from './feature-plan';
import { WORK } from './population-sql';
import { col, daysBetweenSql, T_SQL } from './sql-text';
import type { EpochDay } from './calendar';
import { windowTableName, windowValueSql } from './window-sql';

/** Aggregations that are 0, not NULL, over no rows. */
const ZERO_WITHOUT_EVENTS = new Set(['count', 'sum', 'distinct_count', 'trend']);
const TENURE_DAYS = { days: 1, months: 30.44, years: 365.25 } as const;

/** The working table of the features before derived ones, and the view holding every feature. */
export const BASE_TABLE = 'features_base';
export const OUTPUT_TABLE = 'features_out';
const levelView = (n: number) => `features_level_${n}`;

/** A feature's final value: its default replaces NULL, then it is rounded (as Math.round does), as a DOUBLE. */
export function finalizeSql(f: ConcreteFeature, raw: string): string {
  const fallback = f.default ?? (f.kind === 'window' && ZERO_WITHOUT_EVENTS.has(f.agg) ? 0 : undefined);
  let sql = `CAST(${raw} AS DOUBLE)`;
  if (fallback !== undefined) sql = `coalesce(${sql}, ${num(fallback)})`;
  if (f.round !== undefined) {
    const inner = sql;
    sql = toSql(parseExpression(`round(__value, ${f.round})`), () => inner);
  }
  return sql;
}

/** The raw value of an attribute or tenure feature, from the entity's row `e` at T. */
function entityFeatureSql(entity: DatasetTable, f: FeaturePlan['entity'][number]): string {
  if (f.kind === 'tenure') {
    requireTimeColumn(entity, f.column, `tenure ${f.name}`);
    const days = daysBetweenSql(col('e', f.column), T_SQL);
    const unit = TENURE_DAYS[f.unit ?? 'days'];
    return unit === 1 ? days : `(${days} / ${num(unit)})`;
  }
  const expr = parseExpression(f.expr);
  requireColumns(entity, [...identifiersOf(expr)].filter((n) => n !== 'T'));
  return toSql(expr, (name) => (name === 'T' ? T_SQL : col('e', name)));
}

/**
 * `features_base` (a view): one row per population member (entity, T) with every attribute, tenure and window
 * feature, final (defaults and rounding applied). Window tables join on the entity and give T's values; an entity
 * without rows before T gets NULL, hence the default.
 */
export function baseTableSql(project: Project, tables: Map<string, DatasetTable>, plan: FeaturePlan, times: EpochDay[]): string {
  const entity = tableOf(tables, project.manifest.entity.dataset);
  const columns = plan.entity.map((f) => `${finalizeSql(f, entityFeatureSql(entity, f))} AS ${ident(f.name)}`);
  const joins: string[] = [];
  [...plan.windows.entries()].forEach(([dataset, features], i) => {
    const w = `w${i}`;
    joins.push(`LEFT JOIN ${windowTableName(dataset)} ${w} ON ${w}.entity_key = p.entity_key`);
    features.forEach((f, j) => columns.push(`${finalizeSql(f, windowValueSql(w, j, times))} AS ${ident(f.name)}`));
  });
  return (
    `CREATE VIEW ${BASE_TABLE} AS SELECT p.entity_key, p.event_timestamp${columns.map((c) => `, ${c}`).join('')} ` +
    `FROM ${WORK.population} p JOIN ${WORK.entities} e ON e.__entity_key = p.entity_key ${joins.join(' ')}`
  );
}

/** One view per level of derived features, each adding its features to the previous level's columns. */
export function derivedLevelsSql(plan: FeaturePlan): string[] {
  return plan.derivedLevels.map((level, i) => {
    const from = i === 0 ? BASE_TABLE : levelView(i);
    const columns = level.map((d) => `${finalizeSql(d.feature, toSql(d.expr, (name) => ident(name)))} AS ${ident(d.feature.name)}`);
    return `CREATE VIEW ${levelView(i + 1)} AS SELECT *, ${columns.join(', ')} FROM ${from}`;
  });
}

/** `features_out` (a view): entity_key, event_timestamp and the served features as DOUBLE, in order. */
export function outputTableSql(plan: FeaturePlan): string {
  const from = plan.derivedLevels.length === 0 ? BASE_TABLE : levelView(plan.derivedLevels.length);
  const columns = plan.served.map((f) => `CAST(${ident(f.name)} AS DOUBLE) AS ${ident(f.name)}`);
  return `CREATE VIEW ${OUTPUT_TABLE} AS SELECT CAST(entity_key AS VARCHAR) AS entity_key, CAST(event_timestamp AS TIMESTAMP) AS event_timestamp${columns
    .map((c) => `, ${c}`)
    .join('')} FROM ${from}`;
}

/** The first value of a served feature in `relation` (the written features) that no feature may hold (NaN, infinite, a fraction for an int), if any. */
export function invalidValuesSql(plan: FeaturePlan, relation: string): string | undefined {
  const checks = plan.served.map((f, i) => {
    const c = ident(f.name);
    const fraction = f.dtype === 'int' ? ` OR ${c} <> trunc(${c})` : '';
    return `SELECT ${i} AS position, ${str(f.name)} AS feature, entity_key, event_timestamp, ${c} AS value FROM ${relation} WHERE isnan(${c}) OR isinf(${c})${fraction}`;
  });
  return checks.length === 0 ? undefined : `SELECT * FROM (${checks.join(' UNION ALL ')}) ORDER BY event_timestamp, entity_key, position LIMIT 1`;
}
