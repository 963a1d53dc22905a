import type { ColumnPreparation } from '@churn/project';
import type { ColumnSpec } from '@churn/validation';
import { isId } from './column-names';
import type { ColumnProfile } from './profile-types';

const ONE_HOT_MAX = 20;
const INDICATOR_ABOVE = 0.01;
const BOOLEAN_PAIRS: ReadonlyArray<[string, string]> = [
  ['yes', 'no'],
  ['y', 'n'],
  ['true', 'false'],
  ['t', 'f'],
  ['1', '0'],
];
// What preparation reads as true when a boolean column declares no trueValues.
const DEFAULT_TRUE = new Set(['Yes', 'yes', 'Y', 'true', '1', 't']);

/** The value read as true when a column holds exactly a Yes/No, Y/N, true/false, T/F or 1/0 pair (any case). */
export function booleanTrueValue(c: ColumnProfile): string | undefined {
  if (c.distinct !== 2 || c.values === null) return undefined;
  const lower = c.values.map((v) => v.toLowerCase());
  const pair = BOOLEAN_PAIRS.find(([yes, no]) => lower.includes(yes) && lower.includes(no));
  return pair ? c.values[lower.indexOf(pair[0])] : undefined;
}

/** What a column is, as init reads it. */
export interface ColumnFacts {
  /** Key, entity link or id-like name: an identifier, not a feature. */
  id: boolean;
  /** The status label's column: kept as it is, never imputed. */
  label: boolean;
}

/**
 * How a column is prepared: identifiers `id`; dates `date`; two-valued yes/no columns `boolean` (mode); integers and
 * numbers `numeric` (median); text with an enum in the suite `categorical` (mode, one-hot up to 20 values); other
 * text `text`. Imputed columns get a missing indicator when more than 1 % of the sample is missing.
 */
export function prepareColumn(c: ColumnProfile, spec: ColumnSpec, rows: number, facts: ColumnFacts): ColumnPreparation {
  const indicator = (rows - c.present) / rows > INDICATOR_ABOVE ? { indicator: true } : {};
  const numeric = spec.type === 'integer' || spec.type === 'number';
  if (facts.label) return { role: numeric ? 'numeric' : 'categorical' };
  if (facts.id || isId(c.name)) return { role: 'id' };
  if (spec.type === 'date' || spec.type === 'timestamp') return { role: 'date' };
  const yes = booleanTrueValue(c);
  if (yes !== undefined) return { role: 'boolean', impute: { strategy: 'mode', ...indicator }, ...(DEFAULT_TRUE.has(yes) ? {} : { trueValues: [yes] }) };
  if (numeric) return { role: 'numeric', impute: { strategy: 'median', ...indicator } };
  if (spec.type === 'string' && spec.enum) {
    return { role: 'categorical', impute: { strategy: 'mode', ...indicator }, ...(spec.enum.length <= ONE_HOT_MAX ? { encode: { kind: 'one_hot' as const } } : {}) };
  }
  return { role: 'text' };
}
