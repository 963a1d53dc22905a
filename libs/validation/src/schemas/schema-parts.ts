/** Building blocks shared by the company source schemas (JSON Schema draft-07 fragments). */

/** Date bounds of one validation run, derived from its as-of date. */
export interface SchemaBounds {
  /** Earliest plausible business date (`yyyy-mm-dd`). */
  minDay: string;
  /** The as-of date (`yyyy-mm-dd`): no event may happen after it. */
  maxDay: string;
  /** Last second of the as-of date, ISO-8601 UTC. */
  maxTimestamp: string;
  /** Latest plausible birth year (customers are at least 16). */
  maxBirthYear: number;
}

/** Bounds of an as-of date (`yyyy-mm-dd`). */
export function boundsOf(asOf: string): SchemaBounds {
  return {
    minDay: '2000-01-01',
    maxDay: asOf,
    maxTimestamp: `${asOf}T23:59:59Z`,
    maxBirthYear: Number(asOf.slice(0, 4)) - 16,
  };
}

const nullableType = (type: string, nullable: boolean): string | string[] => (nullable ? [type, 'null'] : type);

/** A string restricted to `values` (null allowed when nullable). */
export function enumOf(values: readonly string[], nullable = true) {
  return { type: nullableType('string', nullable), enum: nullable ? [...values, null] : [...values] };
}

/** A calendar day `yyyy-mm-dd` within [min, max] (max omitted: no upper bound). */
export function day(nullable: boolean, min: string, max?: string) {
  return {
    type: nullableType('string', nullable),
    format: 'date',
    formatMinimum: min,
    ...(max === undefined ? {} : { formatMaximum: max }),
  };
}

/** An ISO-8601 timestamp with zone within [min, max] (max omitted: no upper bound). */
export function timestamp(nullable: boolean, min: string, max?: string) {
  return {
    type: nullableType('string', nullable),
    format: 'date-time',
    formatMinimum: `${min}T00:00:00Z`,
    ...(max === undefined ? {} : { formatMaximum: max }),
  };
}

/** A number (or integer) within [minimum, maximum]; `exclusiveMin` rejects the minimum itself. */
export function numberIn(kind: 'number' | 'integer', nullable: boolean, minimum: number, maximum: number, exclusiveMin = false) {
  return {
    type: nullableType(kind, nullable),
    ...(exclusiveMin ? { exclusiveMinimum: minimum } : { minimum }),
    maximum,
  };
}

/** `C0000001`: ids grow past seven digits beyond 9,999,999 customers. */
export const customerIdField = { type: 'string', pattern: '^C[0-9]{7,}$' } as const;

/** The change timestamp every source carries; no upper bound, late records are a warning, not a failure. */
export const updatedAtField = (b: SchemaBounds) => timestamp(false, b.minDay);
