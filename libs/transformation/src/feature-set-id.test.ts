import { describe, expect, it } from 'vitest';
import { featureSetIdOf } from './feature-set-id';
import { observationTimes, observationTimesFor } from './observation-times';

const identity = {
  projectVersion: 'p_0123456789abcdef',
  view: 'customer_features',
  datasets: [
    { name: 'customers', sha256: 'a'.repeat(64) },
    { name: 'billing', sha256: 'b'.repeat(64) },
  ],
  times: observationTimes('2026-10-31', { horizonDays: 30, snapshots: 3 }),
};

describe('feature set id', () => {
  it('is fs_ and 16 hex digits, the same for the same inputs in any order', () => {
    const id = featureSetIdOf(identity);
    expect(id).toMatch(/^fs_[0-9a-f]{16}$/);
    expect(featureSetIdOf({ ...identity, datasets: [...identity.datasets].reverse() })).toBe(id);
  });

  it.each([
    ['project version', { projectVersion: 'p_fedcba9876543210' }],
    ['view', { view: 'other' }],
    ['a dataset hash', { datasets: [{ name: 'customers', sha256: 'c'.repeat(64) }, identity.datasets[1]!] }],
    ['the datasets read', { datasets: [identity.datasets[0]!] }],
    ['asOf', { times: observationTimes('2026-11-01', { horizonDays: 30, snapshots: 3 }) }],
    ['the observation times', { times: observationTimes('2026-10-31', { horizonDays: 30, snapshots: 2 }) }],
  ])('changes with %s', (_, change) => {
    expect(featureSetIdOf({ ...identity, ...change })).not.toBe(featureSetIdOf(identity));
  });
});

describe('observation times', () => {
  it('serves at the end of asOf and trains a horizon apart, oldest first', () => {
    const t = observationTimes('2026-10-31', { horizonDays: 30, snapshots: 3 });
    const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);
    expect(iso(t.serving)).toBe('2026-11-01');
    expect(t.training.map(iso)).toEqual(['2026-08-03', '2026-09-02', '2026-10-02']);
  });

  it('labels a status snapshot at the serving time', () => {
    const t = observationTimesFor({ kind: 'status', column: 'churn', positive: ['Yes'] }, '2026-10-31');
    expect(t.training).toEqual([t.serving]);
    expect(t.horizonDays).toBeUndefined();
  });

  it('refuses a bad as-of date or horizon', () => {
    expect(() => observationTimes('2026-02-30', { horizonDays: 30, snapshots: 3 })).toThrowError(expect.objectContaining({ code: 'CHURN_TRANSFORMATION_INVALID_OPTIONS' }));
    expect(() => observationTimes('2026-02-01', { horizonDays: 0, snapshots: 3 })).toThrowError(expect.objectContaining({ code: 'CHURN_TRANSFORMATION_INVALID_OPTIONS' }));
  });
});
