import { describe, expect, it } from 'vitest';
import type { StatusLabel } from '@churn/project';
import { planFeatureView } from './feature-plan';
import { runFeatureEngine, writeTestProject, type TestColumnType, type TestRecord } from './testing';

// Usage events name a subscription, not an account: they reach the entity through one lookup
// (usage -> subscriptions -> accounts). The label is a status column of the accounts: one snapshot at the serving
// time, 2026-04-01, labelled and served at once.
const T = '2026-04-01T00:00:00.000Z';

function accountsProject(label: StatusLabel, accountColumns: Record<string, TestColumnType> = {}) {
  return writeTestProject({
    entity: { name: 'account', key: 'account_id', dataset: 'accounts' },
    label,
    datasets: [
      { name: 'accounts', key: ['account_id'], columns: { account_id: 'string', region: 'string', state: 'string', ...accountColumns } },
      { name: 'subscriptions', key: ['subscription_id'], entity: { column: 'account_id' }, columns: { subscription_id: 'string', account_id: 'string', product: 'string' } },
      {
        name: 'usage',
        key: ['subscription_id', 'day'],
        eventTime: 'day',
        entity: { through: { dataset: 'subscriptions', on: 'subscription_id' } },
        columns: { subscription_id: 'string', day: 'date', minutes: 'number' },
      },
    ],
    views: [
      {
        name: 'account_features',
        description: 'Accounts and their subscriptions usage',
        features: [
          { kind: 'attribute', name: 'in_eu', dtype: 'int', expr: "region == 'eu' ? 1 : 0", description: 'EU account' },
          { kind: 'window', name: 'usage_days', dtype: 'int', dataset: 'usage', agg: 'count', windows: [7, 30], description: 'Days with usage' },
          { kind: 'window', name: 'usage_minutes_30d', dtype: 'float', dataset: 'usage', agg: 'sum', expr: 'minutes', window: { days: 30 }, description: 'Minutes' },
          { kind: 'window', name: 'subscriptions_used_30d', dtype: 'int', dataset: 'usage', agg: 'distinct_count', expr: 'subscription_id', window: { days: 30 }, description: 'Subscriptions used' },
          { kind: 'window', name: 'days_since_use', dtype: 'int', dataset: 'usage', agg: 'days_since_last', default: 99, description: 'Days since any subscription was used' },
        ],
      },
    ],
  });
}

const use = (subscription_id: string, day: string, minutes: number): TestRecord => ({ subscription_id, day, minutes });
const records = (accounts: TestRecord[]): Record<string, TestRecord[]> => ({
  accounts,
  subscriptions: [
    { subscription_id: 'S1', account_id: 'A', product: 'x' },
    { subscription_id: 'S2', account_id: 'A', product: 'y' },
    { subscription_id: 'S3', account_id: 'B', product: 'x' },
  ],
  usage: [
    use('S1', '2026-03-30', 10),
    use('S1', '2026-03-28', 5),
    use('S1', '2026-03-10', 7),
    use('S2', '2026-03-31', 3),
    use('S2', '2026-04-01', 100), // at T: not before it
    use('S2', '2026-02-01', 1),
    use('S3', '2026-03-20', 8),
    use('SX', '2026-03-30', 50), // no such subscription
  ],
});
const accounts: TestRecord[] = [
  { account_id: 'A', region: 'eu', state: 'active' },
  { account_id: 'B', region: 'us', state: 'churned' },
  { account_id: 'C', region: 'eu', state: null },
];

describe('window features through a lookup table, with a status label', () => {
  const project = accountsProject({ kind: 'status', column: 'state', positive: ['churned'] });

  it('reads the lookup dataset and aggregates usage per account', async () => {
    expect(planFeatureView(project).datasets).toEqual(['accounts', 'subscriptions', 'usage']);
    const { features, computed } = await runFeatureEngine(project, records(accounts), '2026-03-31');
    expect(features).toEqual([
      { entity_key: 'A', event_timestamp: T, in_eu: 1, usage_days_7d: 3, usage_days_30d: 4, usage_minutes_30d: 25, subscriptions_used_30d: 2, days_since_use: 1 },
      { entity_key: 'B', event_timestamp: T, in_eu: 0, usage_days_7d: 0, usage_days_30d: 1, usage_minutes_30d: 8, subscriptions_used_30d: 1, days_since_use: 12 },
      { entity_key: 'C', event_timestamp: T, in_eu: 1, usage_days_7d: 0, usage_days_30d: 0, usage_minutes_30d: 0, subscriptions_used_30d: 0, days_since_use: 99 },
    ]);
    expect(computed.reads.usage).toEqual({ rows: 8, unknownEntity: 1, noEventTime: 0 });
  });

  it('labels every entity once, at the serving time, from its status column', async () => {
    const { labels, computed } = await runFeatureEngine(project, records(accounts), '2026-03-31');
    expect(computed.times.training).toEqual([computed.times.serving]);
    expect(computed.labelKind).toBe('status');
    expect(labels).toEqual([
      { entity_key: 'A', event_timestamp: T, label: 0 },
      { entity_key: 'B', event_timestamp: T, label: 1 },
      { entity_key: 'C', event_timestamp: T, label: 0 },
    ]);
    expect(computed.snapshots).toEqual([{ timestamp: T, rows: 3, positives: 1, training: true, serving: true }]);
  });

  it('compares a numeric status column as text, as JavaScript writes the number', async () => {
    const numeric = accountsProject({ kind: 'status', column: 'exited', positive: [1] }, { exited: 'number' });
    const { labels } = await runFeatureEngine(numeric, records(accounts.map((a, i) => ({ ...a, exited: i === 2 ? 1 : 0 }))), '2026-03-31');
    expect(labels.map((l) => l.label)).toEqual([0, 0, 1]);
  });

  it('reads the declared true values of a boolean status column, prepared as 0/1', async () => {
    const flagged = accountsProject({ kind: 'status', column: 'left', positive: ['Yes'] }, { left: 'boolean' });
    const { labels } = await runFeatureEngine(flagged, records(accounts.map((a, i) => ({ ...a, left: i === 0 }))), '2026-03-31');
    expect(labels.map((l) => l.label)).toEqual([1, 0, 0]);
  });
});
