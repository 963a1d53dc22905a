import { sha256Hex } from '@churn/core';
import { canonicalJson } from '@churn/project';
import { isoOfDay } from './calendar';
import type { ObservationTimes } from './observation-times';

/**
 * Version of what the engine writes for given declarations and data. Part of every feature set id: an engine whose
 * values or layout change must not reuse the ids (and lake keys) of the feature sets an older one wrote.
 */
export const FEATURE_ENGINE_VERSION = 2;

/** What identifies a feature set: the declarations, the data and the times it was computed from. */
export interface FeatureSetIdentity {
  /** The project's content hash (Project.version). */
  projectVersion: string;
  view: string;
  /** The prepared datasets read, by name, with their content hashes. */
  datasets: Array<{ name: string; sha256: string }>;
  times: ObservationTimes;
}

/**
 * `fs_` + the first 16 hex digits of the sha256 of the canonical JSON of {engine, projectVersion, view, datasets
 * (sorted by name), asOf, training and serving times (ISO)}: identical inputs give the same id, any change another.
 *
 * @example featureSetIdOf({ projectVersion, view: 'customer_features', datasets, times }) // 'fs_3f9c0a1b2c3d4e5f'
 */
export function featureSetIdOf(identity: FeatureSetIdentity): string {
  const datasets = [...identity.datasets].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(({ name, sha256 }) => ({ name, sha256 }));
  const content = canonicalJson({
    engine: FEATURE_ENGINE_VERSION,
    projectVersion: identity.projectVersion,
    view: identity.view,
    datasets,
    asOf: identity.times.asOf,
    training: identity.times.training.map(isoOfDay),
    serving: isoOfDay(identity.times.serving),
  });
  return `fs_${sha256Hex(content).slice(0, 16)}`;
}
