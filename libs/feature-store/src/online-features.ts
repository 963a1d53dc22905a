import type { PrismaClient } from '@churn/database';
import { PlatformError } from '@churn/core';
import type { FeatureViewVersion } from './feature-registry';

/** Feast's per-value statuses. */
export type FeatureStatus = 'PRESENT' | 'NOT_FOUND' | 'NULL_VALUE';

/** A request shaped like Feast's feature server `POST /get-online-features`. */
export interface OnlineFeaturesRequest {
  features?: string[];
  entities: Record<string, Array<string | number>>;
  full_feature_names?: boolean;
}

/** Feast's column-major response: one result per requested name, entity key first. */
export interface OnlineFeaturesResponse {
  metadata: { feature_names: string[] };
  results: Array<{ values: unknown[]; statuses: FeatureStatus[]; event_timestamps: string[] }>;
}

const EPOCH = '1970-01-01T00:00:00Z';

const badRequest = (code: string, message: string, context: Record<string, unknown>) =>
  new PlatformError(code, message, { context, statusCode: 400 });

/** Resolves `view:feature` (or a bare feature name of the entity's view) against the latest views. */
export function resolveFeatureRefs(
  refs: string[] | undefined,
  views: FeatureViewVersion[],
): Array<{ view: string; feature: string }> {
  if (!refs) return views.flatMap((v) => v.features.map((f) => ({ view: v.name, feature: f.name })));
  return refs.map((ref) => {
    const [viewName, featureName] = ref.includes(':') ? ref.split(':', 2) : [views[0]?.name, ref];
    const view = views.find((v) => v.name === viewName);
    if (!view) throw badRequest('CHURN_FEATURE_STORE_UNKNOWN_VIEW', `unknown feature view in "${ref}"`, { ref });
    if (!view.features.some((f) => f.name === featureName)) {
      throw badRequest('CHURN_FEATURE_STORE_UNKNOWN_FEATURE', `feature view ${view.name} has no feature "${featureName}"`, {
        ref,
        known: view.features.map((f) => f.name),
      });
    }
    return { view: view.name, feature: featureName as string };
  });
}

/**
 * Reads the latest online values for the requested entities and answers in
 * Feast's shape. Missing entities get NOT_FOUND, null values NULL_VALUE.
 */
export async function getOnlineFeatures(
  db: Pick<PrismaClient, 'onlineFeature'>,
  request: OnlineFeaturesRequest,
  latestViews: FeatureViewVersion[],
): Promise<OnlineFeaturesResponse> {
  const entityNames = Object.keys(request.entities);
  if (entityNames.length !== 1) {
    throw badRequest('CHURN_FEATURE_STORE_BAD_ENTITIES', 'entities must name exactly one entity key', { entities: entityNames });
  }
  const entityName = entityNames[0] as string;
  const views = latestViews.filter((v) => v.entity === entityName);
  if (views.length === 0) {
    throw badRequest('CHURN_FEATURE_STORE_UNKNOWN_ENTITY', `no feature view is keyed by ${entityName}`, { entity: entityName });
  }
  const refs = resolveFeatureRefs(request.features, views);
  const keys = (request.entities[entityName] ?? []).map(String);
  const rows = await db.onlineFeature.findMany({
    where: { featureView: { in: [...new Set(refs.map((r) => r.view))] }, entityKey: { in: keys } },
  });
  const byViewAndKey = new Map(rows.map((r) => [`${r.featureView}\u0000${r.entityKey}`, r]));

  const results: OnlineFeaturesResponse['results'] = [
    { values: request.entities[entityName] ?? [], statuses: keys.map(() => 'PRESENT'), event_timestamps: keys.map(() => EPOCH) },
  ];
  for (const ref of refs) {
    const values: unknown[] = [];
    const statuses: FeatureStatus[] = [];
    const timestamps: string[] = [];
    for (const key of keys) {
      const row = byViewAndKey.get(`${ref.view}\u0000${key}`);
      const value = row ? (row.values as Record<string, unknown>)[ref.feature] : undefined;
      values.push(value ?? null);
      statuses.push(!row ? 'NOT_FOUND' : value === null || value === undefined ? 'NULL_VALUE' : 'PRESENT');
      timestamps.push(row ? row.eventTimestamp.toISOString() : EPOCH);
    }
    results.push({ values, statuses, event_timestamps: timestamps });
  }
  const names = refs.map((r) => (request.full_feature_names ? `${r.view}__${r.feature}` : r.feature));
  return { metadata: { feature_names: [entityName, ...names] }, results };
}

/** The newest version of each feature view. */
export function latestVersions(views: FeatureViewVersion[]): FeatureViewVersion[] {
  const latest = new Map<string, FeatureViewVersion>();
  for (const view of views) {
    const current = latest.get(view.name);
    if (!current || view.version > current.version) latest.set(view.name, view);
  }
  return [...latest.values()];
}
