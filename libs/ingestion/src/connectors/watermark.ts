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

/** Tracks the greatest watermark value seen, starting from the run's input watermark. */
export function watermarkTracker(initial: string | undefined): { offer(value: unknown): void; current(): string | undefined } {
  let current = initial;
  return {
    offer(value) {
      let text: string;
      if (typeof value === 'string') text = value;
      else if (typeof value === 'number' || typeof value === 'bigint') text = String(value);
      else if (value instanceof Date) text = value.toISOString();
      else return;
      if (text === '') return;
      if (current === undefined || compareWatermarks(text, current) > 0) current = text;
    },
    current: () => current,
  };
}
