import { PlatformError } from '@churn/core';

/**
 * The transformer's errors. All are problems of its input (a dataset or a
 * column that is not there, a value no feature may hold), so none is retriable:
 * retrying would read the same data again.
 */
export const transformationErrors = {
  datasetMissing: (missing: string[], present: string[]) =>
    new PlatformError(
      'CHURN_TRANSFORMATION_DATASET_MISSING',
      `preparation.completed lacks the prepared dataset(s) ${missing.join(', ')}; present: ${present.join(', ') || 'none'}`,
      { retriable: false, context: { missing, present } },
    ),
  columnsMissing: (dataset: string, missing: string[], header: string[]) =>
    new PlatformError('CHURN_TRANSFORMATION_DATASET_COLUMNS', `prepared dataset ${dataset} lacks the column(s) ${missing.join(', ')}`, {
      retriable: false,
      context: { dataset, missing, header },
    }),
  emptyPopulation: (asOf: string) =>
    new PlatformError('CHURN_TRANSFORMATION_EMPTY_POPULATION', `no customer of the prepared customers dataset signed up before the end of ${asOf}`, {
      retriable: false,
      context: { asOf },
    }),
  invalidFeature: (feature: string, customerId: string, eventTimestamp: string, value: number) =>
    new PlatformError('CHURN_TRANSFORMATION_INVALID_FEATURE', `feature ${feature} of customer ${customerId} at ${eventTimestamp} is ${value}`, {
      retriable: false,
      context: { feature, customerId, eventTimestamp, value: String(value) },
    }),
  invalidOptions: (message: string, context: Record<string, unknown>) =>
    new PlatformError('CHURN_TRANSFORMATION_INVALID_OPTIONS', message, { retriable: false, context }),
};
