import { PlatformError } from '@churn/core';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function badValue(column: string, value: string, expected: string): PlatformError {
  return new PlatformError('CHURN_PREPARATION_BAD_VALUE', `${column}: expected ${expected}, got ${JSON.stringify(value)}`, {
    retriable: false,
    context: { column, value },
  });
}

/** Midnight UTC of a calendar day `yyyy-mm-dd`, in ms; anything else (or an impossible date) fails. */
export function dayToUtcMs(column: string, day: string): number {
  const m = DAY_RE.exec(day);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || new Date(ms).getUTCDate() !== Number(m[3])) throw badValue(column, day, 'a date yyyy-mm-dd');
  return ms;
}

/** Whole days from `from` to `to` (calendar days `yyyy-mm-dd`); negative when `to` is earlier. */
export function daysBetween(from: { column: string; day: string }, to: { column: string; day: string }): number {
  return Math.round((dayToUtcMs(to.column, to.day) - dayToUtcMs(from.column, from.day)) / DAY_MS);
}

/** Hours from one ISO-8601 timestamp to another (fractional); negative when `to` is earlier. */
export function hoursBetween(from: { column: string; at: string }, to: { column: string; at: string }): number {
  return (timestampMs(to.column, to.at) - timestampMs(from.column, from.at)) / HOUR_MS;
}

function timestampMs(column: string, at: string): number {
  // Date.parse accepts far more than ISO-8601; the date part check keeps it to timestamps.
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(at) ? Date.parse(at) : Number.NaN;
  if (!Number.isFinite(ms)) throw badValue(column, at, 'an ISO-8601 timestamp');
  return ms;
}
