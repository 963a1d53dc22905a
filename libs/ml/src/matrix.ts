import { ML_ERROR_CODES, mlError } from './errors';

/**
 * Checks that X is a non-empty rectangular matrix of finite numbers and
 * returns its column count. `expectedColumns` pins the width when a model
 * already fixes it.
 */
export function assertMatrix(X: readonly (readonly number[])[], name = 'X', expectedColumns?: number): number {
  if (!Array.isArray(X) || X.length === 0) {
    throw mlError(ML_ERROR_CODES.emptyData, `${name} has no rows`, { name });
  }
  const width = expectedColumns ?? X[0]!.length;
  if (width === 0) throw mlError(ML_ERROR_CODES.emptyData, `${name} has no columns`, { name });
  for (let i = 0; i < X.length; i += 1) {
    const row = X[i]!;
    if (row.length !== width) {
      throw mlError(ML_ERROR_CODES.dimensionMismatch, `${name} row ${i} has ${row.length} columns, expected ${width}`, {
        name,
        row: i,
        columns: row.length,
        expected: width,
      });
    }
    for (let j = 0; j < width; j += 1) {
      if (!Number.isFinite(row[j])) {
        throw mlError(ML_ERROR_CODES.invalidValue, `${name}[${i}][${j}] is not a finite number`, { name, row: i, column: j });
      }
    }
  }
  return width;
}

/** Checks that labels are 0/1 and, when `rows` is given, that there is one label per row. */
export function assertBinaryLabels(y: readonly number[], rows?: number, name = 'y'): void {
  if (!Array.isArray(y) || y.length === 0) throw mlError(ML_ERROR_CODES.emptyData, `${name} is empty`, { name });
  if (rows !== undefined && y.length !== rows) {
    throw mlError(ML_ERROR_CODES.dimensionMismatch, `${name} has ${y.length} labels for ${rows} rows`, {
      name,
      labels: y.length,
      rows,
    });
  }
  for (let i = 0; i < y.length; i += 1) {
    if (y[i] !== 0 && y[i] !== 1) {
      throw mlError(ML_ERROR_CODES.invalidValue, `${name}[${i}] must be 0 or 1`, { name, index: i, value: y[i] });
    }
  }
}

/** Throws CHURN_ML_SINGLE_CLASS unless both 0 and 1 occur in y. */
export function assertBothClasses(y: readonly number[], name = 'y'): void {
  let positives = 0;
  for (const v of y) positives += v;
  if (positives === 0 || positives === y.length) {
    throw mlError(ML_ERROR_CODES.singleClass, `${name} contains a single class`, { name, rows: y.length, positives });
  }
}
