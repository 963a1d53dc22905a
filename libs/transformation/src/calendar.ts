/** Days since 1970-01-01 (UTC). Observation times are midnights, so they are whole epoch days too. */
export type EpochDay = number;

export const DAY_MS = 86_400_000;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch day of a `yyyy-mm-dd` date; null when it is not a real calendar day. */
export function parseDay(value: unknown): EpochDay | null {
  if (typeof value !== 'string') return null;
  const match = ISO_DAY.exec(value.trim());
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

/** ISO timestamp of the midnight (UTC) that starts an epoch day. */
export function isoOfDay(day: EpochDay): string {
  return new Date(day * DAY_MS).toISOString();
}
