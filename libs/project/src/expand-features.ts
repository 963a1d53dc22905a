import type { FeatureDeclaration, FeatureViewDeclaration, WindowFeature, WindowSpec } from './project-types';

/** A window feature with one concrete window (a declaration with `windows` gives one per length). */
export type ConcreteWindowFeature = Omit<WindowFeature, 'windows'> & { window: WindowSpec };

export type ConcreteFeature = Exclude<FeatureDeclaration, WindowFeature> | ConcreteWindowFeature;

/** Where a concrete feature came from: the index of its declaration in the view. */
export interface ExpandedFeature {
  feature: ConcreteFeature;
  declaration: number;
}

/**
 * A view's features as they are computed and stored: `windows: [7, 30]` on `tickets` gives `tickets_7d` and
 * `tickets_30d`; every other declaration stands for itself. Order follows the declarations.
 */
export function expandFeatures(view: Pick<FeatureViewDeclaration, 'features'>): ExpandedFeature[] {
  const out: ExpandedFeature[] = [];
  view.features.forEach((feature, declaration) => {
    if (feature.kind === 'window' && feature.windows) {
      const { windows, ...rest } = feature;
      for (const days of windows) {
        out.push({
          feature: { ...rest, name: `${feature.name}_${days}d`, description: `${feature.description} (${days} days)`, window: { ...feature.window, days } },
          declaration,
        });
      }
    } else if (feature.kind === 'window') {
      const { windows: _none, ...rest } = feature;
      out.push({ feature: { ...rest, window: feature.window ?? {} }, declaration });
    } else {
      out.push({ feature, declaration });
    }
  });
  return out;
}

/** The features a model is trained on and the online store serves: every concrete feature but the internal ones. */
export function servedFeatures(view: Pick<FeatureViewDeclaration, 'features'>): ConcreteFeature[] {
  return expandFeatures(view)
    .map((e) => e.feature)
    .filter((f) => !f.internal);
}
