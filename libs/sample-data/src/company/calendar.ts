/** Days since 1970-01-01 (UTC); the generator does all date arithmetic on these integers. */
export type EpochDay = number;

const DAY_MS = 86_400_000;

/** Parses `yyyy-mm-dd` (already validated) to an epoch day. */
export function parseDay(date: string): EpochDay {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

const dayCache = new Map<EpochDay, string>();

/** `yyyy-mm-dd` of an epoch day (memoised: the generator formats the same few thousand days millions of times). */
export function formatDay(day: EpochDay): string {
  let text = dayCache.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayCache.size < 100_000) dayCache.set(day, text);
  }
  return text;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `yyyy-mm-ddThh:mm:ssZ` of an epoch day plus seconds into it. */
export function formatTimestamp(day: EpochDay, seconds: number): string {
  const s = Math.floor(seconds);
  const extraDays = Math.floor(s / 86_400);
  const rest = s - extraDays * 86_400;
  return `${formatDay(day + extraDays)}T${pad2(Math.floor(rest / 3600))}:${pad2(Math.floor(rest / 60) % 60)}:${pad2(rest % 60)}Z`;
}

/** True when `date` is a real calendar day written as `yyyy-mm-dd`. */
export function isIsoDay(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  return formatDay(parseDay(date)) === date;
}

/**
 * Days of daily usage before the as-of date: enough for a 30-day lookback at
 * three monthly observation dates before the as-of date (point-in-time training rows).
 */
export const USAGE_WINDOW_DAYS = 120;

/** The 12-month history window ending with the as-of month, plus the usage window. */
export interface Calendar {
  asOf: string;
  asOfDay: EpochDay;
  /** First day of each of the 12 months, oldest first; month 11 holds the as-of date. */
  monthStarts: EpochDay[];
  /** `yyyy-mm` of each month. */
  periods: string[];
  windowStart: EpochDay;
  /** First day with usage rows (as-of minus USAGE_WINDOW_DAYS - 1). */
  usageStart: EpochDay;
  /** Pre-formatted `yyyy-mm-dd` of each usage day, for speed. */
  usageDays: string[];
  /** Position (0..USAGE_WINDOW_DAYS - 1) of each usage day string. */
  usageDayIndex: Map<string, number>;
}

/** Builds the calendar of an as-of date. */
export function createCalendar(asOf: string): Calendar {
  const asOfDay = parseDay(asOf);
  const [y, m] = asOf.split('-').map(Number) as [number, number];
  const monthStarts: EpochDay[] = [];
  const periods: string[] = [];
  for (let k = 11; k >= 0; k -= 1) {
    const start = Math.round(Date.UTC(y, m - 1 - k, 1) / DAY_MS);
    monthStarts.push(start);
    periods.push(formatDay(start).slice(0, 7));
  }
  const usageStart = asOfDay - (USAGE_WINDOW_DAYS - 1);
  const usageDays = Array.from({ length: USAGE_WINDOW_DAYS }, (_, i) => formatDay(usageStart + i));
  const usageDayIndex = new Map(usageDays.map((d, i) => [d, i]));
  return { asOf, asOfDay, monthStarts, periods, windowStart: monthStarts[0]!, usageStart, usageDays, usageDayIndex };
}

/** Index (0..11) of the window month holding `day`, -1 before the window. */
export function monthOf(calendar: Calendar, day: EpochDay): number {
  for (let k = 11; k >= 0; k -= 1) if (day >= calendar.monthStarts[k]!) return k;
  return -1;
}
