import { PlatformError } from '@churn/core';

/** Online features of one customer, in the order asked for. */
export interface CustomerFeatures {
  values: number[];
}

const FEATURE_VIEW = 'customer_features';

/**
 * Calls the feature-store service over HTTP (Feast's get-online-features) for
 * one customer's features, in model order. Unknown customers -> 404 error;
 * missing values -> 422; an unreachable store -> retriable 503.
 */
export function createFeatureClient(options: { baseUrl: string; timeoutMs?: number }) {
  const url = new URL('/get-online-features', options.baseUrl).toString();
  return {
    async getCustomerFeatures(customerId: string, featureNames: string[]): Promise<CustomerFeatures> {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ features: featureNames.map((f) => `${FEATURE_VIEW}:${f}`), entities: { customer_id: [customerId] } }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
      } catch (err) {
        throw new PlatformError('CHURN_PREDICTION_FEATURE_STORE_UNAVAILABLE', 'feature store did not answer', {
          retriable: true,
          cause: err,
          statusCode: 503,
        });
      }
      if (!response.ok) {
        throw new PlatformError('CHURN_PREDICTION_FEATURE_STORE_ERROR', `feature store answered ${response.status}`, {
          retriable: response.status >= 500,
          statusCode: 502,
          context: { status: response.status, body: (await response.text()).slice(0, 500) },
        });
      }
      const body = (await response.json()) as { results: Array<{ values: unknown[]; statuses: string[] }> };
      const columns = body.results.slice(1);
      if (columns.every((c) => c.statuses[0] === 'NOT_FOUND')) {
        throw new PlatformError('CHURN_PREDICTION_UNKNOWN_CUSTOMER', `no features for customer ${customerId}`, {
          statusCode: 404,
          context: { customerId },
        });
      }
      const missing = featureNames.filter((_, i) => columns[i]?.statuses[0] !== 'PRESENT');
      if (missing.length > 0) {
        throw new PlatformError('CHURN_PREDICTION_MISSING_FEATURES', `customer ${customerId} lacks features: ${missing.join(', ')}`, {
          statusCode: 422,
          context: { customerId, missing },
        });
      }
      return { values: columns.map((c) => Number(c.values[0])) };
    },
  };
}

export type FeatureClient = ReturnType<typeof createFeatureClient>;
