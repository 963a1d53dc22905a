import type { CheckContext } from './check-context';
import type { DatasetDeclaration } from './project-types';

/** Whether a dataset's rows reach the entity: the entity dataset itself, or a dataset that declares `entity`. */
export const reachesEntity = (ctx: CheckContext, d: DatasetDeclaration): boolean => d.name === ctx.entity?.dataset || d.entity !== undefined;

/** project.json against datasets.json and features.json. */
export function checkManifest(ctx: CheckContext): void {
  const { entity, label, model, entityDataset: d } = ctx;
  if (entity && !d && ctx.datasetsKnown) ctx.add('project', ['entity', 'dataset'], `no dataset named ${entity.dataset} in datasets.json`);
  if (entity && d) {
    const hasKey = ctx.checkColumn('project', ['entity', 'key'], d, entity.key);
    if (hasKey !== false && ctx.isUsable(d) && (d.key.length !== 1 || d.key[0] !== entity.key)) {
      ctx.add('project', ['entity', 'key'], `the entity dataset ${d.name} must be keyed by ${entity.key} alone (datasets.json says ${d.key.join(', ')})`);
    }
    if (entity.since !== undefined) ctx.checkTimeColumn('project', ['entity', 'since'], d, entity.since);
  }

  if (label?.kind === 'status' && d && ctx.checkColumn('project', ['label', 'column'], d, label.column)) {
    // Compared as text: a positive value the suite does not allow can never match, and every label would be 0.
    // (A boolean column is 0/1 once prepared: its positive values are read through its true values instead.)
    const allowed = ctx.suiteOf(d)?.columns?.[label.column]?.enum;
    if (Array.isArray(allowed) && d.columns[label.column]?.role !== 'boolean') {
      const texts = new Set(allowed.map(String));
      label.positive.forEach((v, i) => {
        if (!texts.has(String(v))) ctx.add('project', ['label', 'positive', i], `${JSON.stringify(v)} is not a value of ${label.column} (the suite allows ${allowed.map((a) => JSON.stringify(a)).join(', ')})`);
      });
    }
  }
  if (label?.kind === 'event') {
    const events = ctx.datasets.get(label.dataset);
    if (!events && ctx.datasetsKnown) ctx.add('project', ['label', 'dataset'], `no dataset named ${label.dataset} in datasets.json`);
    if (events) {
      ctx.checkTimeColumn('project', ['label', 'time'], events, label.time);
      if (entity && ctx.isUsable(events) && !reachesEntity(ctx, events)) {
        ctx.add('project', ['label', 'dataset'], `${events.name} does not declare how it reaches the entity (entity in datasets.json)`);
      }
    }
    if (entity && entity.since === undefined) ctx.add('project', ['entity', 'since'], 'is required with an event label: the population at T is the entities known before T');
  }
  if (model && ctx.viewsKnown && !ctx.project.views.some((v) => v?.name === model.featureView)) {
    ctx.add('project', ['model', 'featureView'], `no feature view named ${model.featureView} in features.json`);
  }
}

/**
 * Whether a column of the entity dataset is the status label or made from it (`churn`, `churn__yes`,
 * `churn_missing`, ...): a feature reading it knows the answer.
 */
export function labelLeak(ctx: CheckContext, column: string): string | undefined {
  const label = ctx.label;
  if (label?.kind !== 'status') return undefined;
  const c = label.column;
  if (column === c) return `"${column}" is the label column (project.json label.column): a feature that reads it leaks the label`;
  const made = column.startsWith(`${c}__`) || ['missing', 'code', 'scaled', 'outlier'].some((s) => column === `${c}_${s}`);
  return made ? `"${column}" is made from the label column ${c}: a feature that reads it leaks the label` : undefined;
}
