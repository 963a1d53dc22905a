import type { ColumnSpec, ColumnType } from './suite-types';

/** What a column's bounds are suggested from: its type and the observed min and max of its present values. */
interface ObservedRange {
  type: ColumnType;
  min: number | string | null;
  max: number | string | null;
}

const DAY_MS = 86_400_000;

/** Rounds a widened number bound outward to the order of magnitude of the margin (no 0.30000000000000004 in a suite). */
function roundOutward(value: number, margin: number, side: 'min' | 'max'): number {
  const step = 10 ** Math.floor(Math.log10(margin));
  const rounded = Number(((side === 'min' ? Math.floor(value / step) : Math.ceil(value / step)) * step).toPrecision(12));
  return side === 'min' ? Math.min(rounded, value) : Math.max(rounded, value);
}

// Days a yyyy-mm-dd bound can spell.
const FIRST_DAY = Date.parse('0000-01-01T00:00:00Z');
const LAST_DAY = Date.parse('9999-12-31T00:00:00Z');
const dayOf = (ms: number): string => new Date(Math.min(Math.max(ms, FIRST_DAY), LAST_DAY)).toISOString().slice(0, 10);

/** min/max widened by a quarter of the observed span (numbers: at least 1 or a quarter of the value; days: at least 30). */
export function widenedRange(o: ObservedRange): Pick<ColumnSpec, 'min' | 'max'> {
  if (o.min === null || o.max === null) return {};
  if (o.type === 'integer' || o.type === 'number') {
    const [lo, hi] = [o.min as number, o.max as number];
    const margin = hi > lo ? (hi - lo) / 4 : Math.max(Math.abs(hi) / 4, 1);
    let min = roundOutward(lo - margin, margin, 'min');
    // Non-negative quantities (amounts, counts, years) stay non-negative.
    if (lo >= 0) min = Math.max(0, min);
    let max = roundOutward(hi + margin, margin, 'max');
    if (o.type === 'integer') [min, max] = [Math.floor(min), Math.ceil(max)];
    return { min, max };
  }
  const ms = (v: number | string) => (typeof v === 'number' ? v : Date.parse(`${v}T00:00:00Z`));
  const [lo, hi] = [ms(o.min), ms(o.max)];
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return {};
  const margin = Math.max(Math.ceil((hi - lo) / DAY_MS / 4), 30) * DAY_MS;
  // Day bounds serve timestamp columns too: a min day is its first instant, a max day its last millisecond.
  return { min: dayOf(lo - margin), max: dayOf(hi + margin) };
}
