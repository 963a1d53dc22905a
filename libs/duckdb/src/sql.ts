/** Small helpers to write SQL text safely: every name and literal the engine puts in SQL goes through them. */

/** A quoted identifier. */
export const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** A string literal. */
export const str = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** A numeric literal (finite numbers only). */
export function num(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return Number.isInteger(value) && Math.abs(value) < 2 ** 53 ? String(value) : value.toExponential();
}

/** A literal of a string, number or boolean. */
export const lit = (value: string | number | boolean): string =>
  typeof value === 'string' ? str(value) : typeof value === 'number' ? num(value) : value ? 'TRUE' : 'FALSE';

/** `x IN (...)` list of literals. */
export const inList = (values: ReadonlyArray<string | number | boolean>): string => `(${values.map(lit).join(', ')})`;
