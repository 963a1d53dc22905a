import type { ColumnRole } from '@churn/project';
import { lit, num } from '@churn/duckdb';
import type { PreparedType, SourceType } from './recipe-types';

/** The DuckDB type a validated column is read as. */
export function sourceSqlType(type: SourceType): PreparedType {
  switch (type) {
    case 'integer':
      return 'BIGINT';
    case 'number':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMP';
    default:
      return 'VARCHAR';
  }
}

/**
 * The type of a prepared value: numeric DOUBLE, boolean INTEGER 0/1, categorical and text VARCHAR, date DATE
 * (TIMESTAMP for a timestamp column), id as validated.
 */
export function preparedType(role: ColumnRole, source: SourceType): PreparedType {
  switch (role) {
    case 'numeric':
      return 'DOUBLE';
    case 'boolean':
      return 'INTEGER';
    case 'categorical':
    case 'text':
      return 'VARCHAR';
    case 'date':
      return source === 'timestamp' ? 'TIMESTAMP' : 'DATE';
    default:
      return sourceSqlType(source);
  }
}

export const isNumericType = (type: PreparedType): boolean => type === 'DOUBLE' || type === 'INTEGER' || type === 'BIGINT';

/** A recipe value as a SQL literal of `type` (NULL for null). */
export function typedLiteral(value: string | number | boolean | null, type: PreparedType): string {
  if (value === null) return `NULL::${type}`;
  if (typeof value === 'number') return `CAST(${num(value)} AS ${type})`;
  return `CAST(${lit(value)} AS ${type})`;
}

/** Default boolean texts (lowercased), read as 1 and as 0. */
export const DEFAULT_TRUE = ['yes', 'y', 'true', '1', 't'] as const;
export const DEFAULT_FALSE = ['no', 'n', 'false', '0', 'f'] as const;

/** The boolean rule of a column: declared true values (any other present value is 0) or the defaults. */
export function booleanRule(trueValues: ReadonlyArray<string | number> | undefined): { trueValues: string[]; falseValues?: string[] } {
  if (trueValues !== undefined) return { trueValues: [...new Set(trueValues.map((v) => String(v).trim().toLowerCase()))].sort() };
  return { trueValues: [...DEFAULT_TRUE], falseValues: [...DEFAULT_FALSE] };
}

/** A boolean value read by a rule in JavaScript (for constants): 1, 0 or undefined when it is neither. */
export function booleanOf(value: string | number | boolean, rule: { trueValues: string[]; falseValues?: string[] }): 0 | 1 | undefined {
  const text = String(value).trim().toLowerCase();
  if (rule.trueValues.includes(text)) return 1;
  if (rule.falseValues === undefined || rule.falseValues.includes(text)) return 0;
  return undefined;
}
