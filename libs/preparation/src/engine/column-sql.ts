import { inList, num, str } from '@churn/duckdb';
import { isNumericType, sourceSqlType } from './column-types';
import type { RecipeColumn, RecipeOutliers, RecipeOutputColumn, SourceType } from './recipe-types';

/**
 * SQL expressions of single columns. Every value-level rule of preparation is here, as text for DuckDB:
 * reading a validated value, the role's conversion, clipping, flags, encodings and scaling.
 */

/**
 * How a column of the records is read as its schema type: the expression, and whether it can turn a present value
 * into NULL (a value that is not of its type). A column that already has the type's DuckDB type (the validator's
 * typed Parquet, a typed table) is read as it is; text (NDJSON) is parsed.
 */
export function typedReader(type: SourceType, columnType: string): { expr: (x: string) => string; canFail: boolean } {
  if (columnType === sourceSqlType(type)) return { expr: (x) => x, canFail: false };
  if (type === 'timestamp' && columnType === 'TIMESTAMP WITH TIME ZONE') return { expr: (x) => `timezone('UTC', ${x})`, canFail: false };
  if (type === 'string') return { expr: (x) => typedExpr(x, type), canFail: false };
  return { expr: (x) => typedExpr(x, type), canFail: true };
}

/**
 * Whether the role's conversion of a typed value (roleExpr) can give NULL for a present value: numbers from
 * anything but numbers, booleans and dates; booleans read with the default true and false values from anything but
 * booleans; dates from anything but dates and timestamps.
 */
export function roleCanFail(type: SourceType, column: Pick<RecipeColumn, 'role' | 'boolean'>): boolean {
  switch (column.role) {
    case 'numeric':
      return !['integer', 'number', 'boolean'].includes(type);
    case 'boolean':
      return column.boolean?.falseValues !== undefined && type !== 'boolean';
    case 'date':
      return type !== 'date' && type !== 'timestamp';
    default:
      return false;
  }
}

/** A validated value (text from NDJSON, or typed from Parquet or a caller's table) as its schema type; NULL when it is not one. */
export function typedExpr(x: string, type: SourceType): string {
  switch (type) {
    case 'integer':
      return `TRY_CAST(${x} AS BIGINT)`;
    case 'number':
      return `TRY_CAST(${x} AS DOUBLE)`;
    case 'boolean':
      return `TRY_CAST(${x} AS BOOLEAN)`;
    case 'date':
      return `TRY_CAST(${x} AS DATE)`;
    case 'timestamp': {
      // ISO-8601 text with an offset (or a TIMESTAMPTZ, whose text has one): the UTC time. Without one (or a
      // TIMESTAMP): as written. Either way TIMESTAMP in UTC, whatever the session's time zone.
      const text = `CAST(${x} AS VARCHAR)`;
      return `CASE WHEN regexp_matches(${text}, '\\d{2}:\\d{2}(:\\d{2}(\\.\\d*)?)?\\s*([zZ]|[+-]\\d{2}(:?\\d{2})?)$') THEN timezone('UTC', TRY_CAST(${text} AS TIMESTAMPTZ)) ELSE TRY_CAST(${text} AS TIMESTAMP) END`;
    }
    default:
      return `CAST(${x} AS VARCHAR)`;
  }
}

/** The text a boolean rule compares: lowercased, trimmed, `1` for the number 1.0. */
function booleanText(typed: string, type: SourceType): string {
  const text = type === 'number' ? `regexp_replace(CAST(${typed} AS VARCHAR), '\\.0$', '')` : `CAST(${typed} AS VARCHAR)`;
  return `lower(trim(${text}))`;
}

/** The role's value of a typed column: DOUBLE, 0/1, text, or the typed value; NULL when the role cannot read it. */
export function roleExpr(typed: string, type: SourceType, column: RecipeColumn): string {
  switch (column.role) {
    case 'numeric':
      return `TRY_CAST(${typed} AS DOUBLE)`;
    case 'boolean': {
      const rule = column.boolean!;
      const text = booleanText(typed, type);
      if (rule.falseValues === undefined) return `CASE WHEN ${typed} IS NULL THEN NULL WHEN ${text} IN ${inList(rule.trueValues)} THEN 1 ELSE 0 END`;
      return `CASE WHEN ${text} IN ${inList(rule.trueValues)} THEN 1 WHEN ${text} IN ${inList(rule.falseValues)} THEN 0 END`;
    }
    case 'categorical':
    case 'text':
      return `CAST(${typed} AS VARCHAR)`;
    case 'date':
      return type === 'timestamp' || type === 'date' ? typed : `TRY_CAST(${typed} AS DATE)`;
    default:
      return typed;
  }
}

/** The value clipped to winsorizing bounds (NULL stays NULL: DuckDB's greatest/least skip NULLs). */
export function clipExpr(x: string, outliers: RecipeOutliers | undefined): string {
  if (outliers?.method !== 'winsorize' || (outliers.lower === null && outliers.upper === null)) return x;
  let e = x;
  if (outliers.lower !== null) e = `greatest(${e}, ${num(outliers.lower)})`;
  if (outliers.upper !== null) e = `least(${e}, ${num(outliers.upper)})`;
  return `CASE WHEN ${x} IS NULL THEN NULL ELSE ${e} END`;
}

/** 1 when a value lies outside the bounds, else 0. */
export function outsideExpr(x: string, lower: number | null, upper: number | null): string {
  const tests = [...(lower === null ? [] : [`${x} < ${num(lower)}`]), ...(upper === null ? [] : [`${x} > ${num(upper)}`])];
  return tests.length === 0 ? '0' : `CASE WHEN ${tests.join(' OR ')} THEN 1 ELSE 0 END`;
}

/** Every category a one-hot encoding names (for `<column>__other`). */
const allCategories = (column: RecipeColumn): string[] => (column.encode?.kind === 'one_hot' ? column.encode.categories : []);

/** The SQL of one prepared column over the imputed table; `x` is the imputed value, `missing` its was-missing flag. */
export function outputExpr(out: RecipeOutputColumn, column: RecipeColumn | undefined, x: string, missing: string | undefined): string {
  if (column === undefined) return x;
  switch (out.part) {
    case 'value':
      return isNumericType(column.type) ? clipExpr(x, column.outliers) : x;
    case 'missing':
      return `CAST(${missing ?? 'FALSE'} AS INTEGER)`;
    case 'outlier': {
      const o = column.outliers!;
      return o.method === 'flag' ? outsideExpr(x, o.lower, o.upper) : '0';
    }
    case 'code': {
      const order = column.encode?.kind === 'ordinal' ? column.encode.order : [];
      const cases = order.map((v, i) => `WHEN ${str(v)} THEN ${i}`).join(' ');
      return `CASE WHEN ${x} IS NULL THEN NULL ${order.length > 0 ? `ELSE CASE ${x} ${cases} ELSE -1 END` : 'ELSE -1'} END`;
    }
    case 'one_hot': {
      const values = column.encode?.kind === 'one_hot' ? (column.encode.columns.find((c) => c.name === out.name)?.values ?? []) : [];
      const other = column.encode?.kind === 'one_hot' && column.encode.other === out.name ? ` OR (${x} IS NOT NULL AND ${x} NOT IN ${inList(allCategories(column))})` : '';
      return `CASE WHEN ${x} IN ${inList(values)}${other} THEN 1 ELSE 0 END`;
    }
    case 'other': {
      const known = allCategories(column);
      return known.length === 0 ? `CASE WHEN ${x} IS NOT NULL THEN 1 ELSE 0 END` : `CASE WHEN ${x} IS NOT NULL AND ${x} NOT IN ${inList(known)} THEN 1 ELSE 0 END`;
    }
    case 'scaled': {
      const s = column.scale!;
      return `(${clipExpr(x, column.outliers)} - ${num(s.center)}) / ${num(s.scale)}`;
    }
  }
}
