const numbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const MAX_TEXT = 300;

/** A number for people: thousands separated, at most three decimals. */
export function formatNumber(value: number): string {
  return Number.isFinite(value) ? numbers.format(value) : String(value);
}

/** A share 0..1 as a percentage with one decimal; empty when unknown. */
export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined ? '' : `${(share * 100).toFixed(1)}%`;
}

/**
 * Any observed or expected value as one line of text: numbers formatted,
 * strings as they are, lists joined, objects as compact JSON, long text cut.
 * The result is plain text: escape it before putting it in markup.
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value);
  const text =
    typeof value === 'string'
      ? value
      : Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')
        ? value.map((v) => (typeof v === 'number' ? formatNumber(v) : String(v))).join(', ')
        : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}
