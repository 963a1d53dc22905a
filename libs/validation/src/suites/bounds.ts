import { isIsoDate, isoTimestampMs } from './iso-time';
import type { Bound, ColumnType } from './suite-types';

/** A bound made concrete for one run: a number, a day (`yyyy-mm-dd`) or an instant. */
export type ResolvedBound =
  | { kind: 'number'; value: number }
  | { kind: 'date'; value: string }
  | { kind: 'timestamp'; value: number; text: string };

const AS_OF_YEAR = /^\$\{asOfYear\}\s*(?:([+-])\s*(\d+))?$/;
const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** `asOf` as a checked `yyyy-mm-dd`, or a reason. */
export function asOfProblem(asOf: string): string | undefined {
  return isIsoDate(asOf) ? undefined : `asOf "${asOf}" is not a yyyy-mm-dd date`;
}

/**
 * Resolves a bound for a column of `type` on the as-of day `asOf`, or returns
 * a reason it cannot be one. A timestamp bound given as a day means its first
 * instant (min) or its last millisecond (max).
 */
export function resolveBound(bound: Bound, type: ColumnType, side: 'min' | 'max', asOf: string): ResolvedBound | string {
  if (type === 'integer' || type === 'number') {
    if (typeof bound === 'number') return { kind: 'number', value: bound };
    const m = AS_OF_YEAR.exec(bound);
    if (!m) return `must be a number (or "\${asOfYear}" plus or minus n), got ${JSON.stringify(bound)}`;
    const offset = m[2] === undefined ? 0 : Number(m[2]) * (m[1] === '-' ? -1 : 1);
    return { kind: 'number', value: Number(asOf.slice(0, 4)) + offset };
  }
  if (type !== 'date' && type !== 'timestamp') return `a ${type} column has no range`;
  if (typeof bound !== 'string') return `must be a ${type === 'date' ? 'yyyy-mm-dd date' : 'ISO-8601 timestamp or a date'}, got ${bound}`;
  const unknown = [...bound.matchAll(PLACEHOLDER)].map((p) => p[1]).filter((p) => p !== 'asOf');
  if (unknown.length > 0) return `unknown placeholder \${${unknown[0]}} (only \${asOf} is allowed here)`;
  const text = bound.replaceAll('${asOf}', asOf);
  if (type === 'date') return isIsoDate(text) ? { kind: 'date', value: text } : `must be a yyyy-mm-dd date, got ${JSON.stringify(bound)}`;
  if (isIsoDate(text)) {
    const start = isoTimestampMs(`${text}T00:00:00Z`)!;
    return side === 'min' ? { kind: 'timestamp', value: start, text: `${text}T00:00:00Z` } : { kind: 'timestamp', value: start + 86_399_999, text: `${text}T23:59:59.999Z` };
  }
  const ms = isoTimestampMs(text);
  return ms === undefined ? `must be an ISO-8601 timestamp with a zone or a date, got ${JSON.stringify(bound)}` : { kind: 'timestamp', value: ms, text };
}

/** The value of a resolved bound as a number (days compare as their first instant). */
export function boundValue(b: ResolvedBound): number {
  return b.kind === 'date' ? isoTimestampMs(`${b.value}T00:00:00Z`)! : b.value;
}
