import { identifiersOf } from '@churn/expression';
import { isObject, type CheckContext } from './check-context';
import { labelLeak, reachesEntity } from './check-manifest';
import { findCycles } from './find-cycles';
import { expandFeatures, type ConcreteFeature, type ConcreteWindowFeature } from './expand-features';
import type { DatasetDeclaration, FeatureViewDeclaration } from './project-types';

type Path = Array<string | number>;

/** Columns of the feature output beside the features (the transformer's feature tables): no feature may take one. */
export const RESERVED_FEATURE_NAMES = ['entity_key', 'event_timestamp', 'label'] as const;

/** Aggregations that have no value without rows to aggregate. */
const NULLABLE_AGGREGATIONS = new Set(['mean', 'min', 'max', 'latest', 'days_since_last']);
/** Aggregations of the rows themselves (how many, how recent): they need no expression. */
const ROW_AGGREGATIONS = new Set(['count', 'days_since_last']);

/** features.json against the datasets and their prepared columns, and each view's features against each other. */
export function checkFeatures(ctx: CheckContext): void {
  const firstView = new Map<string, number>();
  ctx.project.views.forEach((view, v) => {
    const at: Path = ['views', v];
    if (!isObject(view) || !Array.isArray(view.features) || ctx.scope.failedSchema('features', at, 'features')) return;
    if (firstView.has(view.name)) ctx.add('features', [...at, 'name'], `view ${view.name} is already declared (views[${firstView.get(view.name)}])`);
    else firstView.set(view.name, v);
    const failed = (j: number) => ctx.scope.failedSchema('features', [...at, 'features', j]);
    const declared = view.features.map((feature, j) => ({ feature, j })).filter(({ j }) => !failed(j));
    const expanded = expandFeatures({ features: declared.map((d) => d.feature) }).map((e) => ({ feature: e.feature, declaration: declared[e.declaration]!.j }));

    const names = new Map<string, number>();
    for (const { feature, declaration } of expanded) {
      const first = names.get(feature.name);
      if (first !== undefined) ctx.add('features', [...at, 'features', declaration, 'name'], `${feature.name} is already a feature of view ${view.name} (features[${first}])`);
      else names.set(feature.name, declaration);
      if ((RESERVED_FEATURE_NAMES as readonly string[]).includes(feature.name)) {
        ctx.add('features', [...at, 'features', declaration, 'name'], `${feature.name} is a column of every feature table (${RESERVED_FEATURE_NAMES.join(', ')}): pick another name`);
      }
    }
    // Names of schema-failed declarations still resolve: a derived feature reading one is not a second problem.
    view.features.forEach((f: unknown, j) => {
      if (!failed(j) || !isObject(f) || typeof f.name !== 'string') return;
      const windows = Array.isArray(f.windows) ? f.windows.map((d) => `${String(f.name)}_${String(d)}d`) : [f.name];
      for (const n of windows) if (!names.has(n)) names.set(n, j);
    });

    const dependsOn = new Map<string, Set<string>>();
    for (const { feature, declaration } of expanded) {
      const fat: Path = [...at, 'features', declaration];
      if (feature.kind === 'attribute') checkAttribute(ctx, feature.expr, fat);
      if (feature.kind === 'tenure' && ctx.entityDataset) ctx.checkTimeColumn('features', [...fat, 'column'], ctx.entityDataset, feature.column);
      if (feature.kind === 'window') checkWindow(ctx, view, feature, declaration, fat);
      if (feature.kind === 'derived') dependsOn.set(feature.name, checkDerived(ctx, view, feature, names, fat));
    }
    for (const cycle of findCycles(dependsOn)) ctx.add('features', [...at, 'features', names.get(cycle[0]!)!, 'expr'], `derived features form a cycle: ${cycle.join(' -> ')}`);
  });
}

function checkAttribute(ctx: CheckContext, expr: string, fat: Path): void {
  const e = ctx.parse('features', [...fat, 'expr'], expr);
  for (const id of e ? identifiersOf(e) : []) {
    const leak = labelLeak(ctx, id);
    if (id === 'T') ctx.add('features', [...fat, 'expr'], 'attributes are current values: T is not available (use a tenure or window feature)');
    else if (leak) ctx.add('features', [...fat, 'expr'], leak);
    else if (ctx.entityDataset) ctx.checkColumn('features', [...fat, 'expr'], ctx.entityDataset, id);
  }
}

function checkWindow(ctx: CheckContext, view: FeatureViewDeclaration, f: ConcreteWindowFeature, declaration: number, fat: Path): void {
  const add = (path: Path, reason: string) => ctx.add('features', [...fat, ...path], reason);
  if (!ROW_AGGREGATIONS.has(f.agg) && f.expr === undefined) add(['expr'], `is required: ${f.agg} aggregates an expression (only count and days_since_last need none)`);
  if (NULLABLE_AGGREGATIONS.has(f.agg) && f.default === undefined && !f.internal) {
    add(['default'], `${f.agg} has no value without rows: give a default, or mark the feature internal and use it in a derived one`);
  }
  const windows = (view.features[declaration] as { windows?: number[] }).windows;
  const daysPath: Path = windows ? ['windows', windows.indexOf(f.window.days!)] : ['window', 'days'];
  if (f.agg === 'trend' && f.window.days === undefined) add(['window'], 'trend compares the two halves of its window: it needs window.days');
  if (f.agg === 'trend' && f.window.days !== undefined && f.window.days % 2 !== 0) add(daysPath, `trend needs an even number of days (two equal halves), got ${f.window.days}`);

  const d = ctx.datasets.get(f.dataset);
  if (!d) {
    if (ctx.datasetsKnown) add(['dataset'], `no dataset named ${f.dataset} in datasets.json`);
    return;
  }
  if (ctx.isUsable(d) && d.eventTime === undefined) add(['dataset'], `${d.name} has no eventTime: window features need one to stay point-in-time`);
  if (ctx.entity && ctx.isUsable(d) && !reachesEntity(ctx, d)) add(['dataset'], `${d.name} does not declare how it reaches the entity (entity in datasets.json)`);
  if (f.window.column !== undefined) ctx.checkTimeColumn('features', [...fat, 'window', 'column'], d, f.window.column);
  for (const key of ['expr', 'filter'] as const) {
    const text = f[key];
    if (text !== undefined) checkRowExpression(ctx, d, text, [...fat, key]);
  }
}

/** An expression over a dataset's rows: its columns and T. */
function checkRowExpression(ctx: CheckContext, d: DatasetDeclaration, text: string, path: Path): void {
  const e = ctx.parse('features', path, text);
  for (const id of e ? identifiersOf(e) : []) {
    if (id === 'T') continue;
    const leak = d === ctx.entityDataset ? labelLeak(ctx, id) : undefined;
    if (leak) ctx.add('features', path, leak);
    else ctx.checkColumn('features', path, d, id);
  }
}

function checkDerived(ctx: CheckContext, view: FeatureViewDeclaration, f: Extract<ConcreteFeature, { kind: 'derived' }>, names: Map<string, number>, fat: Path): Set<string> {
  const e = ctx.parse('features', [...fat, 'expr'], f.expr);
  const ids = e ? identifiersOf(e) : new Set<string>();
  for (const id of ids) {
    if (id === 'T') ctx.add('features', [...fat, 'expr'], 'derived features read other features: T is not available (use a tenure or window feature)');
    else if (!names.has(id)) ctx.add('features', [...fat, 'expr'], `"${id}" is not a feature of view ${view.name}`);
  }
  return ids;
}
