import { PlatformError } from '@churn/core';

/** Error codes of the feature store. */
export const FEATURE_STORE_ERROR_CODES = ['CHURN_FEATURE_STORE_UNKNOWN_VIEW', 'CHURN_FEATURE_STORE_UNKNOWN_FEATURE_SET'] as const;

export const featureStoreErrors = {
  /** A feature set names a view the loaded project does not declare (another project's run?). */
  unknownView: (view: string, known: string[]) =>
    new PlatformError('CHURN_FEATURE_STORE_UNKNOWN_VIEW', `the project declares no feature view ${view} (known: ${known.join(', ')})`, {
      retriable: false,
      context: { view, known },
      statusCode: 404,
    }),
};
