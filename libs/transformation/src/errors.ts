import { PlatformError } from '@churn/core';

/** Error codes of the transformer. */
export const TRANSFORMATION_ERROR_CODES = [
  'CHURN_TRANSFORMATION_DATASET_MISSING',
  'CHURN_TRANSFORMATION_DATASET_CHANGED',
  'CHURN_TRANSFORMATION_DATASET_COLUMNS',
  'CHURN_TRANSFORMATION_COLUMN_TYPE',
  'CHURN_TRANSFORMATION_DUPLICATE_ENTITY',
  'CHURN_TRANSFORMATION_EMPTY_POPULATION',
  'CHURN_TRANSFORMATION_INVALID_FEATURE',
  'CHURN_TRANSFORMATION_INVALID_VIEW',
  'CHURN_TRANSFORMATION_INVALID_OPTIONS',
  'CHURN_TRANSFORMATION_QUERY_FAILED',
] as const;

export type TransformationErrorCode = (typeof TRANSFORMATION_ERROR_CODES)[number];

const error = (code: TransformationErrorCode, message: string, context: Record<string, unknown>, options: { retriable?: boolean; cause?: unknown } = {}) =>
  new PlatformError(code, message, { retriable: options.retriable ?? false, context, ...(options.cause === undefined ? {} : { cause: options.cause }) });

/**
 * The transformer's errors. Nearly all are problems of its input (a dataset, a column or a declaration that is not
 * what the project says), so they are not retriable: retrying would read the same data again.
 */
export const transformationErrors = {
  datasetMissing: (missing: string[], present: string[]) =>
    error(
      'CHURN_TRANSFORMATION_DATASET_MISSING',
      `preparation.completed lacks the prepared dataset(s) ${missing.join(', ')} that the feature view reads; present: ${present.join(', ') || 'none'}`,
      { missing, present },
    ),
  datasetChanged: (dataset: string, key: string, expected: string, actual: string) =>
    error('CHURN_TRANSFORMATION_DATASET_CHANGED', `prepared dataset ${dataset} at ${key} does not have the sha256 its event announced`, { dataset, key, expected, actual }),
  columnsMissing: (dataset: string, missing: string[], present: string[]) =>
    error('CHURN_TRANSFORMATION_DATASET_COLUMNS', `prepared dataset ${dataset} lacks the column(s) ${missing.join(', ')} that the features read`, { dataset, missing, present }),
  columnType: (dataset: string, column: string, type: string, expected: string) =>
    error('CHURN_TRANSFORMATION_COLUMN_TYPE', `column ${column} of prepared dataset ${dataset} is ${type}; ${expected}`, { dataset, column, type }),
  duplicateEntity: (dataset: string, key: string, duplicates: number, example: string) =>
    error('CHURN_TRANSFORMATION_DUPLICATE_ENTITY', `the entity dataset ${dataset} has ${duplicates} repeated ${key} value(s) (e.g. ${example}): one row per entity is required`, {
      dataset,
      key,
      duplicates,
      example,
    }),
  emptyPopulation: (asOf: string, serving: string) =>
    error('CHURN_TRANSFORMATION_EMPTY_POPULATION', `no entity is in the population at the serving time ${serving} (as of ${asOf})`, { asOf, serving }),
  invalidFeature: (feature: string, entityKey: string, eventTimestamp: string, value: string, reason: string) =>
    error('CHURN_TRANSFORMATION_INVALID_FEATURE', `feature ${feature} of ${entityKey} at ${eventTimestamp} is ${value}: ${reason}`, { feature, entityKey, eventTimestamp, value, reason }),
  invalidView: (view: string, reason: string) => error('CHURN_TRANSFORMATION_INVALID_VIEW', `feature view ${view}: ${reason}`, { view, reason }),
  invalidOptions: (message: string, context: Record<string, unknown>) => error('CHURN_TRANSFORMATION_INVALID_OPTIONS', message, context),
  /** DuckDB refused or failed a step; only I/O failures are worth another attempt. */
  queryFailed: (step: string, cause: unknown) => {
    const message = cause instanceof Error ? cause.message : String(cause);
    return error('CHURN_TRANSFORMATION_QUERY_FAILED', `feature computation failed at ${step}: ${message}`, { step }, { retriable: /^IO Error/i.test(message), cause });
  },
};
