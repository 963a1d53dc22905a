import { ident, num, str } from '@churn/duckdb';
import { isoOfDay, type EpochDay } from './calendar';

/** The observation time of the row being computed (the population's column). */
export const T_SQL = 'p.event_timestamp';

/** A TIMESTAMP literal of an epoch day's midnight (UTC). */
export const timestampSql = (day: EpochDay): string => `TIMESTAMP ${str(isoOfDay(day).slice(0, 19).replace('T', ' '))}`;

/** `time - n days` (n whole days; the time itself for 0). */
export const daysBefore = (time: string, days: number): string => (days === 0 ? time : `(${time} - INTERVAL (${num(days)}) DAY)`);

/** Fractional days from `from` to `to` (dates or timestamps), as days_between does. */
export const daysBetweenSql = (from: string, to: string): string => `((epoch(CAST(${to} AS TIMESTAMP)) - epoch(CAST(${from} AS TIMESTAMP))) / 86400.0)`;

/** A qualified, quoted column. */
export const col = (alias: string, name: string): string => `${alias}.${ident(name)}`;

const FLOATING = /^(DOUBLE|FLOAT|REAL|DECIMAL.*)$/;

/**
 * A value as text, the way JavaScript's String() writes it for whole numbers and booleans (`1`, not `1.0`;
 * `true`): entity keys compare as text across datasets, and status labels compare with the declared values.
 */
export function textSql(expr: string, type: string): string {
  if (FLOATING.test(type)) {
    return `(CASE WHEN ${expr} = trunc(${expr}) AND abs(${expr}) < 9e15 THEN CAST(CAST(${expr} AS BIGINT) AS VARCHAR) ELSE CAST(${expr} AS VARCHAR) END)`;
  }
  return type === 'VARCHAR' ? expr : `CAST(${expr} AS VARCHAR)`;
}

const TIME_TYPES = /^(DATE|TIMESTAMP(_S|_MS|_NS)?|TIMESTAMP WITH TIME ZONE)$/;

/** True for DuckDB types that can bound a window or order events in time. */
export const isTimeType = (type: string): boolean => TIME_TYPES.test(type);
