import { PlatformError } from '@churn/core';

type Value = string | number | boolean | null | undefined;

/** Empty cells count as missing, whatever the record's origin (typed JSON or re-read CSV). */
export function isMissing(value: Value): value is null | undefined | '' {
  return value === null || value === undefined || value === '';
}

const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function badValue(column: string, value: Value, expected: string): PlatformError {
  return new PlatformError('CHURN_PREPARATION_BAD_VALUE', `${column}: expected ${expected}, got ${JSON.stringify(value)}`, {
    retriable: false,
    context: { column, value },
  });
}

/** A present value as a finite number; numeric strings are accepted, anything else fails (not retriable). */
export function toNumber(column: string, value: Exclude<Value, null | undefined | ''>): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && NUMBER_RE.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw badValue(column, value, 'a number');
  return n;
}

/** A present value as 1/0: Yes/No, 1/0 (number or string) and booleans are accepted. */
export function toBinary(column: string, value: Exclude<Value, null | undefined | ''>): 0 | 1 {
  if (value === 'Yes' || value === 1 || value === '1' || value === true) return 1;
  if (value === 'No' || value === 0 || value === '0' || value === false) return 0;
  throw badValue(column, value, 'Yes/No or 1/0');
}

/** Category text of a present value. */
export function toCategory(value: Exclude<Value, null | undefined | ''>): string {
  return String(value);
}

/** `Bank transfer (automatic)` -> `bank_transfer_automatic`; never empty. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return slug === '' ? 'blank' : slug;
}

/** One-hot column names `<column>__<slug>` for categories in order; colliding slugs get `_2`, `_3`, ... */
export function oneHotColumnNames(column: string, categories: readonly string[]): string[] {
  const used = new Set<string>();
  return categories.map((category) => {
    const base = `${column}__${slugify(category)}`;
    let name = base;
    for (let i = 2; used.has(name); i += 1) name = `${base}_${i}`;
    used.add(name);
    return name;
  });
}

/** Code-unit order: deterministic and locale-independent. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A present value as text, null when missing. */
export function textOrNull(value: Value): string | null {
  return isMissing(value) ? null : String(value);
}

/** A present value as a finite number (see {@link toNumber}), null when missing. */
export function numberOrNull(column: string, value: Value): number | null {
  return isMissing(value) ? null : toNumber(column, value);
}
