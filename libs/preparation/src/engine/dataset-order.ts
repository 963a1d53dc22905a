import type { DatasetDeclaration } from '@churn/project';
import { preparationErrors } from '../errors';

/** Datasets a declaration's lookups read: they are prepared before it. */
export const lookupsOf = (d: DatasetDeclaration): string[] => [
  ...new Set(Object.values(d.columns).flatMap((c) => (c.impute?.strategy === 'lookup' ? [c.impute.dataset] : []))),
];

/** Datasets a declaration needs to be of use downstream: its lookups and the dataset it reaches the entity through. */
const needsOf = (d: DatasetDeclaration): string[] => [...lookupsOf(d), ...(d.entity && 'through' in d.entity ? [d.entity.through.dataset] : [])];

/** Declarations in preparation order: each after the datasets its lookups read, otherwise in declared order. */
export function preparationOrder(datasets: readonly DatasetDeclaration[]): DatasetDeclaration[] {
  const byName = new Map(datasets.map((d) => [d.name, d]));
  const done = new Set<string>();
  const out: DatasetDeclaration[] = [];
  const pending = [...datasets];
  while (pending.length > 0) {
    const i = pending.findIndex((d) => lookupsOf(d).every((l) => done.has(l) || !byName.has(l)));
    if (i < 0) throw preparationErrors.dependencyCycle(pending.map((d) => d.name));
    const [next] = pending.splice(i, 1);
    out.push(next!);
    done.add(next!.name);
  }
  return out;
}

/** Which declared datasets a run prepares, in order, and which it skips (their source was not validated and nothing needs them). */
export interface RunPlan {
  prepare: DatasetDeclaration[];
  skipped: Array<{ dataset: string; source: string }>;
}

/**
 * Decides what a run prepares from the sources it validated. The entity dataset is always required; a dataset
 * whose source is absent is skipped unless a prepared dataset needs it (a lookup, or its entity link), which fails
 * the run with CHURN_PREPARATION_SOURCE_MISSING.
 */
export function planRun(datasets: readonly DatasetDeclaration[], entityDataset: string, validated: ReadonlySet<string>): RunPlan {
  const runSources = [...validated].sort();
  const present = (d: DatasetDeclaration) => validated.has(d.source);
  const entity = datasets.find((d) => d.name === entityDataset);
  if (entity && !present(entity)) throw preparationErrors.sourceMissing(entity.name, entity.source, runSources, 'it is the entity dataset');
  const byName = new Map(datasets.map((d) => [d.name, d]));
  for (const d of datasets.filter(present)) {
    for (const needed of needsOf(d)) {
      const other = byName.get(needed);
      if (other && !present(other)) throw preparationErrors.sourceMissing(other.name, other.source, runSources, `dataset ${d.name} needs it`);
    }
  }
  const ordered = preparationOrder(datasets);
  return {
    prepare: ordered.filter(present),
    skipped: ordered.filter((d) => !present(d)).map((d) => ({ dataset: d.name, source: d.source })),
  };
}
