import { servedFeatures, type FeatureViewDeclaration } from '@churn/project';
import type { FeatureMetadata } from './feature-registry';

/** The metadata of a view's served features, in their order: what the registry stores and the API shows. */
export function featureMetadataOf(view: Pick<FeatureViewDeclaration, 'features' | 'owner' | 'tags'>): FeatureMetadata[] {
  return servedFeatures(view).map((f) => {
    const owner = f.owner ?? view.owner;
    const tags = f.tags ?? view.tags;
    return {
      name: f.name,
      kind: f.kind,
      dtype: f.dtype,
      description: f.description,
      ...(owner ? { owner } : {}),
      ...(tags ? { tags } : {}),
      ...(f.kind === 'window' ? { dataset: f.dataset, agg: f.agg, window: f.window } : {}),
      ...(f.kind === 'attribute' || f.kind === 'derived' ? { expr: f.expr } : {}),
      ...(f.kind === 'window' && f.expr ? { expr: f.expr } : {}),
    };
  });
}
