import { categorySlug, type DatasetDeclaration, type FeatureDeclaration, type FeatureViewDeclaration } from '@churn/project';
import type { ExpectationSuite } from '@churn/validation';
import type { ProjectGuess } from './guess-types';
import { distinctName } from './naming';

export const WINDOWS = [30, 90] as const;
const NAME_MAX = 63;
const WINDOW_NAME_MAX = NAME_MAX - `_${Math.max(...WINDOWS)}d`.length;

const words = (name: string) => name.replace(/_/g, ' ');

/** The drafted view and how many features of each kind it has. */
export interface DraftedView {
  view: FeatureViewDeclaration;
  counts: { attribute: number; tenure: number; window: number };
}

/**
 * The entity's feature view `<entity>_features`: attributes of the entity table (numerics as they are, booleans,
 * one per one-hot category, missing indicators), the tenure since signup, and per other table that reaches the entity
 * and has an event time: counts and the sum and mean of every numeric column over 30 and 90 days (0 without events),
 * and the days since the latest row (90 without). Nothing is read from the label's column or dataset.
 */
export function draftFeatureView(guess: ProjectGuess, datasets: readonly DatasetDeclaration[], suites: readonly ExpectationSuite[]): DraftedView {
  const taken = new Set<string>();
  const features: FeatureDeclaration[] = [];
  const counts = { attribute: 0, tenure: 0, window: 0 };
  const suiteOf = (d: DatasetDeclaration) => suites.find((s) => s.source === d.source)!;
  const entity = datasets.find((d) => d.name === guess.entity.table)!;
  const entitySuite = suiteOf(entity);
  const labelColumn = guess.label.kind === 'status' ? guess.label.column : undefined;
  const attribute = (name: string, expr: string, dtype: 'int' | 'float', description: string, tags?: string[]) => {
    features.push({ kind: 'attribute', name: distinctName(name, taken), dtype, expr, description, ...(tags ? { tags } : {}) });
    counts.attribute++;
  };

  for (const [column, prep] of Object.entries(entity.columns)) {
    if (column === labelColumn) continue;
    const type = entitySuite.columns[column]?.type;
    if (prep.role === 'numeric') attribute(column, column, type === 'integer' ? 'int' : 'float', `${words(column)} of the ${guess.entity.name}`);
    if (prep.role === 'boolean') attribute(column, column, 'int', `1 when ${words(column)} is true`);
    if (prep.role === 'categorical' && prep.encode?.kind === 'one_hot') {
      const slugs = new Set<string>();
      for (const value of entitySuite.columns[column]?.enum ?? []) {
        const slug = categorySlug(String(value));
        if (slugs.has(slug)) continue;
        slugs.add(slug);
        attribute(`${column}__${slug}`, `${column}__${slug}`, 'int', `1 when ${words(column)} is ${value}`, ['one-hot']);
      }
    }
    if (prep.impute?.indicator) attribute(`${column}_missing`, `${column}_missing`, 'int', `1 when ${words(column)} was missing (imputed)`);
  }

  const since = guess.entity.since;
  if (since) {
    const timestamp = entitySuite.columns[since]?.type === 'timestamp';
    features.push({
      kind: 'tenure',
      name: distinctName('tenure_days', taken),
      dtype: timestamp ? 'float' : 'int',
      column: since,
      unit: 'days',
      ...(timestamp ? { round: 2 } : {}),
      description: `Days from ${words(since)} to T`,
    });
    counts.tenure++;
  }

  const labelDataset = guess.label.kind === 'event' ? guess.label.dataset : undefined;
  for (const d of datasets) {
    if (d === entity || d.name === labelDataset || !d.entity || d.eventTime === undefined) continue;
    const windows = [...WINDOWS];
    const window = (name: string, rest: Omit<Extract<FeatureDeclaration, { kind: 'window' }>, 'kind' | 'name' | 'dataset'>) => {
      features.push({ kind: 'window', name: distinctName(name, taken, WINDOW_NAME_MAX), dataset: d.name, ...rest, tags: [d.name] });
      counts.window += rest.windows?.length ?? 1;
    };
    window(`${d.name}_count`, { agg: 'count', windows, dtype: 'int', description: `Rows of ${words(d.name)} before T` });
    for (const [column, prep] of Object.entries(d.columns)) {
      if (prep.role !== 'numeric') continue;
      window(`${d.name}_${column}_sum`, { agg: 'sum', expr: column, windows, default: 0, dtype: 'float', description: `Sum of ${words(column)} over ${words(d.name)} before T (0 without rows)` });
      window(`${d.name}_${column}_mean`, { agg: 'mean', expr: column, windows, default: 0, dtype: 'float', description: `Mean of ${words(column)} over ${words(d.name)} before T (0 without rows)` });
    }
    const largest = Math.max(...WINDOWS);
    const timestamp = suiteOf(d).columns[d.eventTime]?.type === 'timestamp';
    window(`${d.name}_days_since_last`, {
      agg: 'days_since_last',
      default: largest,
      dtype: timestamp ? 'float' : 'int',
      ...(timestamp ? { round: 2 } : {}),
      description: `Days from the latest row of ${words(d.name)} to T (${largest} without rows)`,
    });
  }

  return {
    view: {
      name: `${guess.entity.name}_features`.slice(0, NAME_MAX),
      description: `Churn signals per ${guess.entity.name}, drafted by init: the ${guess.entity.table} attributes${counts.window > 0 ? ' and windows over the tables that reach it' : ''}.`,
      features,
    },
    counts,
  };
}
