import type { ReferenceProfile, SuiteRunResult } from './engine-types';

/** The histograms of a run's profile: the reference the next run's PSI checks compare with. */
export function referenceOf(result: Pick<SuiteRunResult, 'profile'>): ReferenceProfile {
  const out: ReferenceProfile = {};
  for (const [column, profile] of Object.entries(result.profile)) if (profile.histogram) out[column] = profile.histogram;
  return out;
}
