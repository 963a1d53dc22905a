const ISO_LIKE = /^\d{4}-\d{2}-\d{2}/;

/**
 * Orders two watermark values. ISO-8601 timestamps compare as instants
 * (so '...T12:00:00+02:00' < '...T11:00:00Z'), ties and sub-millisecond
 * digits fall back to text; numbers compare numerically; anything else as text.
 */
export function compareWatermarks(a: string, b: string): number {
  if (ISO_LIKE.test(a) && ISO_LIKE.test(b)) {
    const ta = Date.parse(a);
    const tb = Date.parse(b);
    if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta < tb ? -1 : 1;
  } else if (/^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b)) {
    const d = Number(a) - Number(b);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The two-digit number at `at` (digits already checked). */
function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
}

/**
 * A real instant written `yyyy-mm-ddThh:mm:ss[.f+]Z` (this runs once per
 * row). Out-of-range fields are refused because Date.parse rolls some over
 * (Nov 31 is Dec 1), where text order would differ.
 */
function isCanonicalUtc(text: string): boolean {
  if (!CANONICAL_UTC.test(text)) return false;
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (month < 1 || month > 12 || day < 1 || twoDigits(text, 11) > 23 || twoDigits(text, 14) > 59 || twoDigits(text, 17) > 59) return false;
  if (day <= 28) return true;
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month] as number));
}

/**
 * Tracks the greatest watermark value seen, starting from the run's input watermark.
 * Values called once per row: two canonical UTC timestamps of equal length
 * (the common case) compare as text, which orders them exactly as
 * {@link compareWatermarks} does, without parsing dates.
 */
export function watermarkTracker(initial: string | undefined): { offer(value: unknown): void; current(): string | undefined } {
  let current = initial;
  let currentIsCanonical = current !== undefined && isCanonicalUtc(current);
  return {
    offer(value) {
      let text: string;
      if (typeof value === 'string') text = value;
      else if (typeof value === 'number' || typeof value === 'bigint') text = String(value);
      else if (value instanceof Date) text = value.toISOString();
      else return;
      if (text === '' || text === current) return;
      let greater: boolean;
      if (current === undefined) greater = true;
      else if (currentIsCanonical && text.length === current.length && isCanonicalUtc(text)) greater = text > current;
      else greater = compareWatermarks(text, current) > 0;
      if (greater) {
        current = text;
        currentIsCanonical = isCanonicalUtc(text);
      }
    },
    current: () => current,
  };
}
