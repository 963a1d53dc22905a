import { identifiersOf, parseExpression, type Expression } from '@churn/expression';
import {
  expandFeatures,
  servedFeatures,
  type ConcreteFeature,
  type ConcreteWindowFeature,
  type DatasetDeclaration,
  type DerivedFeature,
  type FeatureViewDeclaration,
  type Project,
} from '@churn/project';
import { transformationErrors } from './errors';

/** Column names of the output that no feature may take. */
export const RESERVED_COLUMNS = ['entity_key', 'event_timestamp', 'label'] as const;

/** A derived feature with its parsed expression and the features it reads. */
export interface PlannedDerived {
  feature: DerivedFeature;
  expr: Expression;
  reads: Set<string>;
}

/** How a feature view is computed: what each step reads, in an order where every input comes first. */
export interface FeaturePlan {
  view: FeatureViewDeclaration;
  /** Attribute and tenure features: values of the entity's own row (and T). */
  entity: Array<Extract<ConcreteFeature, { kind: 'attribute' | 'tenure' }>>;
  /** Window features grouped by the dataset they aggregate, datasets sorted by name. */
  windows: Map<string, ConcreteWindowFeature[]>;
  /** Derived features by level: level n reads base features and levels below n only. */
  derivedLevels: PlannedDerived[][];
  /** The stored and trained features, in servedFeatures order. */
  served: ConcreteFeature[];
  /** Every prepared dataset the view and the label read, sorted by name. */
  datasets: string[];
}

function datasetOf(project: Project, name: string): DatasetDeclaration {
  const dataset = project.datasets.find((d) => d.name === name);
  if (!dataset) throw transformationErrors.invalidView(name, `no dataset named ${name} in datasets.json`);
  return dataset;
}

/** The datasets a dataset's rows need to reach the entity: itself, and the one it looks the entity up in. */
function withLookup(project: Project, name: string): string[] {
  const dataset = datasetOf(project, name);
  return dataset.entity && 'through' in dataset.entity ? [name, dataset.entity.through.dataset] : [name];
}

/** Orders derived features in levels (a topological sort): each reads only base features and lower levels. */
function levelsOf(view: string, derived: PlannedDerived[]): PlannedDerived[][] {
  const byName = new Map(derived.map((d) => [d.feature.name, d]));
  const level = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (d: PlannedDerived): number => {
    const known = level.get(d.feature.name);
    if (known !== undefined) return known;
    if (visiting.has(d.feature.name)) throw transformationErrors.invalidView(view, `derived features form a cycle through ${d.feature.name}`);
    visiting.add(d.feature.name);
    let own = 1;
    for (const name of d.reads) {
      const dep = byName.get(name);
      if (dep) own = Math.max(own, visit(dep) + 1);
    }
    visiting.delete(d.feature.name);
    level.set(d.feature.name, own);
    return own;
  };
  const levels: PlannedDerived[][] = [];
  for (const d of derived) {
    const n = visit(d);
    (levels[n - 1] ??= []).push(d);
  }
  return levels.filter((l) => l !== undefined);
}

/**
 * Plans the computation of one feature view of a (loaded, checked) project: the view's features expanded
 * (`windows` -> one feature per length), sorted into entity features, window features per dataset and derived
 * features in dependency order, with every dataset the computation reads.
 *
 * @throws PlatformError CHURN_TRANSFORMATION_INVALID_VIEW for an unknown view, a reserved name, an unknown
 * feature name or a cycle (loadProject already refuses the last two).
 */
export function planFeatureView(project: Project, viewName: string = project.manifest.model.featureView): FeaturePlan {
  const view = project.views.find((v) => v.name === viewName);
  if (!view) throw transformationErrors.invalidView(viewName, `no such view in features.json (known: ${project.views.map((v) => v.name).join(', ')})`);
  const features = expandFeatures(view).map((e) => e.feature);
  const names = new Set(features.map((f) => f.name));
  for (const reserved of RESERVED_COLUMNS) if (names.has(reserved)) throw transformationErrors.invalidView(view.name, `${reserved} is a column of the output, not a feature name`);

  const entity: FeaturePlan['entity'] = [];
  const windows = new Map<string, ConcreteWindowFeature[]>();
  const derived: PlannedDerived[] = [];
  for (const f of features) {
    if (f.kind === 'attribute' || f.kind === 'tenure') entity.push(f);
    else if (f.kind === 'window') windows.set(f.dataset, [...(windows.get(f.dataset) ?? []), f]);
    else {
      const expr = parseExpression(f.expr);
      const reads = identifiersOf(expr);
      for (const name of reads) if (!names.has(name)) throw transformationErrors.invalidView(view.name, `${f.name} reads ${name}, which is not a feature of the view`);
      derived.push({ feature: f, expr, reads });
    }
  }
  const { entity: entityDecl, label } = project.manifest;
  const datasets = new Set<string>([entityDecl.dataset]);
  if (label.kind === 'event') for (const d of withLookup(project, label.dataset)) datasets.add(d);
  for (const name of windows.keys()) for (const d of withLookup(project, name)) datasets.add(d);
  return {
    view,
    entity,
    windows: new Map([...windows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    derivedLevels: levelsOf(view.name, derived),
    served: servedFeatures(view),
    datasets: [...datasets].sort(),
  };
}
