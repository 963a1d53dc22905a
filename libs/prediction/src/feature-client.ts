import { PlatformError } from '@churn/core';

/** Online features of one entity, in the order asked for. */
export interface EntityFeatures {
  values: number[];
}

/** What the client asks the store for: the model's feature view and the project's entity key. */
export interface FeatureClientOptions {
  baseUrl: string;
  featureView: string;
  entityKey: string;
  timeoutMs?: number;
}

/**
 * Calls the feature-store service over HTTP (Feast's get-online-features) for one entity's features and returns
 * them in model order, matched **by name** from the response's `feature_names` (a store may answer in its own
 * order). Unknown entity -> 404; missing values -> 422; an unreachable store -> retriable 503.
 */
export function createFeatureClient(options: FeatureClientOptions) {
  const url = new URL('/get-online-features', options.baseUrl).toString();
  return {
    async getEntityFeatures(entity: string, featureNames: string[]): Promise<EntityFeatures> {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ features: featureNames.map((f) => `${options.featureView}:${f}`), entities: { [options.entityKey]: [entity] } }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
      } catch (err) {
        throw new PlatformError('CHURN_PREDICTION_FEATURE_STORE_UNAVAILABLE', 'feature store did not answer', { retriable: true, cause: err, statusCode: 503 });
      }
      if (!response.ok) {
        throw new PlatformError('CHURN_PREDICTION_FEATURE_STORE_ERROR', `feature store answered ${response.status}`, {
          retriable: response.status >= 500,
          statusCode: 502,
          context: { status: response.status, body: (await response.text()).slice(0, 500) },
        });
      }
      const body = (await response.json()) as { metadata: { feature_names: string[] }; results: Array<{ values: unknown[]; statuses: string[] }> };
      const byName = new Map<string, { value: unknown; status: string | undefined }>();
      body.metadata.feature_names.forEach((name, i) => {
        if (i === 0) return; // the entity key column
        const bare = name.startsWith(`${options.featureView}__`) ? name.slice(options.featureView.length + 2) : name;
        byName.set(bare, { value: body.results[i]?.values[0], status: body.results[i]?.statuses[0] });
      });
      const answered = featureNames.map((f) => byName.get(f));
      if (answered.every((a) => a?.status === 'NOT_FOUND')) {
        throw new PlatformError('CHURN_PREDICTION_UNKNOWN_ENTITY', `no features for ${options.entityKey} ${entity}`, {
          statusCode: 404,
          context: { [options.entityKey]: entity },
        });
      }
      const missing = featureNames.filter((_, i) => answered[i]?.status !== 'PRESENT');
      if (missing.length > 0) {
        throw new PlatformError('CHURN_PREDICTION_MISSING_FEATURES', `${options.entityKey} ${entity} lacks features: ${missing.join(', ')}`, {
          statusCode: 422,
          context: { [options.entityKey]: entity, missing },
        });
      }
      return { values: answered.map((a) => Number(a!.value)) };
    },
  };
}

export type FeatureClient = ReturnType<typeof createFeatureClient>;
