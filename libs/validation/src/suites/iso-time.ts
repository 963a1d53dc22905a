/**
 * ISO dates and timestamps with exactly the acceptance of ajv-formats' full
 * `date` and `date-time` formats (the validator's JSON Schemas use them), in
 * plain functions: the suite loader checks bounds with them and the engine's
 * SQL is tested against them.
 */

const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** JavaScript's \s (what ajv-formats splits a date-time on, with t and T). */
export const JS_WHITESPACE = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

const isLeapYear = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

/** True for `yyyy-mm-dd` naming a real day (ajv-formats `date`). */
export function isIsoDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && isLeapYear(year) ? 29 : DAYS[month]!);
}

// Date, one separator (t, T or a JS whitespace), time with a required zone.
const DATE_TIME = new RegExp(
  `^(\\d\\d\\d\\d-\\d\\d-\\d\\d)[tT${JS_WHITESPACE}](\\d\\d):(\\d\\d):(\\d\\d)(?:\\.(\\d+))?(?:([zZ])|([+-])(\\d\\d)(?::?(\\d\\d))?)$`,
);

/**
 * The instant of an ISO-8601 date-time in epoch milliseconds (fractions
 * truncated to the millisecond, a leap second counted as the next second), or
 * undefined when ajv-formats' `date-time` would reject the text.
 */
export function isoTimestampMs(text: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (!m || !isIsoDate(m[1]!)) return undefined;
  const [hr, min, sec] = [Number(m[2]), Number(m[3]), Number(m[4])];
  const sign = m[7] === '-' ? -1 : 1;
  const [tzH, tzM] = [Number(m[8] ?? 0), Number(m[9] ?? 0)];
  if (tzH > 23 || tzM > 59) return undefined;
  if (!(hr <= 23 && min <= 59 && sec < 60)) {
    // A leap second: only at 23:59:60 UTC.
    const utcMin = min - tzM * sign;
    const utcHr = hr - tzH * sign - (utcMin < 0 ? 1 : 0);
    if (!((utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && sec < 61)) return undefined;
  }
  const [y, mo, d] = m[1]!.split('-').map(Number) as [number, number, number];
  const ms = Number((m[5] ?? '').slice(0, 3).padEnd(3, '0'));
  // setUTCFullYear, unlike Date.UTC, keeps years 0..99 as they are; seconds = 60 roll over.
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(hr, min, sec, ms);
  return t.getTime() - sign * (tzH * 60 + tzM) * 60_000;
}
