import { describe, expect, it } from 'vitest';
import type { FeatureDeclaration } from '@churn/project';
import { runFeatureEngine, writeTestProject, type TestRecord } from './testing';

// Hand-made accounts with payments (timestamps) and logins (dates). asOf 2026-03-31, event label horizon 10 days,
// two snapshots: serving T0 = 2026-04-01, training 2026-03-12 and 2026-03-22 (all 00:00Z).
const T0 = '2026-04-01T00:00:00.000Z';
const T_MID = '2026-03-22T00:00:00.000Z';
const T_OLD = '2026-03-12T00:00:00.000Z';

const features: FeatureDeclaration[] = [
  { kind: 'attribute', name: 'seats', dtype: 'int', expr: 'seats', default: 0, description: 'Seats' },
  { kind: 'attribute', name: 'is_pro', dtype: 'int', expr: "plan == 'pro' ? 1 : 0", description: 'Pro plan' },
  { kind: 'tenure', name: 'tenure_days', dtype: 'int', column: 'opened_on', description: 'Days open' },
  { kind: 'tenure', name: 'tenure_months', dtype: 'float', column: 'opened_on', unit: 'months', round: 2, description: 'Months open' },
  { kind: 'tenure', name: 'tenure_years', dtype: 'float', column: 'opened_on', unit: 'years', round: 3, description: 'Years open' },
  { kind: 'window', name: 'payments', dtype: 'int', dataset: 'payments', agg: 'count', windows: [30], description: 'Payments' },
  { kind: 'window', name: 'paid', dtype: 'float', dataset: 'payments', agg: 'sum', expr: 'amount', window: { days: 30 }, description: 'Paid' },
  { kind: 'window', name: 'mean_paid', dtype: 'float', dataset: 'payments', agg: 'mean', expr: 'amount', window: { days: 30 }, default: 0, round: 2, description: 'Mean payment' },
  { kind: 'window', name: 'min_paid', dtype: 'float', dataset: 'payments', agg: 'min', expr: 'amount', default: -1, description: 'Smallest payment ever' },
  { kind: 'window', name: 'max_paid', dtype: 'float', dataset: 'payments', agg: 'max', expr: 'amount', default: -1, description: 'Largest payment ever' },
  { kind: 'window', name: 'last_paid', dtype: 'float', dataset: 'payments', agg: 'latest', expr: 'amount', default: -1, description: 'Latest payment' },
  { kind: 'window', name: 'methods_30d', dtype: 'int', dataset: 'payments', agg: 'distinct_count', expr: 'method', window: { days: 30 }, description: 'Methods used' },
  { kind: 'window', name: 'days_since_payment', dtype: 'float', dataset: 'payments', agg: 'days_since_last', default: 999, description: 'Days since the last payment' },
  { kind: 'window', name: 'paid_prior_10d', dtype: 'float', dataset: 'payments', agg: 'sum', expr: 'amount', window: { days: 10, offsetDays: 10 }, description: 'Paid 20 to 10 days before T' },
  { kind: 'window', name: 'due_before_t', dtype: 'int', dataset: 'payments', agg: 'count', window: { days: 30 }, filter: 'due_on < T', description: 'Payments whose due date had passed at T' },
  { kind: 'window', name: 'paid_by_due_30d', dtype: 'float', dataset: 'payments', agg: 'sum', expr: 'amount', window: { days: 30, column: 'due_on' }, description: 'Paid for dues of the last 30 days' },
  { kind: 'window', name: 'login_trend', dtype: 'float', dataset: 'logins', agg: 'trend', expr: 'minutes', window: { days: 20 }, round: 4, description: 'Login minutes trend' },
  { kind: 'window', name: 'days_since_login', dtype: 'int', dataset: 'logins', agg: 'days_since_last', default: 999, description: 'Days since the last login' },
  { kind: 'derived', name: 'seat_value', dtype: 'float', expr: 'round(avg_payment * seats / 3, 2)', description: 'Level 2: reads a derived feature' },
  { kind: 'derived', name: 'avg_payment', dtype: 'float', internal: true, expr: 'paid / payments_30d', description: 'Level 1' },
  { kind: 'derived', name: 'no_payment', dtype: 'int', expr: 'is_null(avg_payment) ? 1 : 0', description: 'Reads an internal NULL' },
];

const project = writeTestProject({
  entity: { name: 'account', key: 'account_id', dataset: 'accounts', since: 'opened_on' },
  label: { kind: 'event', dataset: 'closures', time: 'closed_on', horizonDays: 10, snapshots: 2 },
  datasets: [
    { name: 'accounts', key: ['account_id'], columns: { account_id: 'string', opened_on: 'date', plan: 'string', seats: 'integer' } },
    { name: 'closures', key: ['closure_id'], eventTime: 'closed_on', entity: { column: 'account_id' }, columns: { closure_id: 'string', account_id: 'string', closed_on: 'date' } },
    {
      name: 'payments',
      key: ['payment_id'],
      eventTime: 'paid_at',
      entity: { column: 'account_id' },
      columns: { payment_id: 'string', account_id: 'string', paid_at: 'timestamp', amount: 'number', method: 'string', due_on: 'date' },
    },
    { name: 'logins', key: ['account_id', 'day'], eventTime: 'day', entity: { column: 'account_id' }, columns: { account_id: 'string', day: 'date', minutes: 'number' } },
  ],
  views: [{ name: 'account_features', description: 'Test view', features }],
});

const pay = (payment_id: string, account_id: string, paid_at: string | null, amount: number | null, method: string, due_on: string | null): TestRecord => ({ payment_id, account_id, paid_at, amount, method, due_on });
const login = (account_id: string, day: string, minutes: number): TestRecord => ({ account_id, day, minutes });

const records: Record<string, TestRecord[]> = {
  accounts: [
    { account_id: 'A', opened_on: '2025-04-01', plan: 'pro', seats: 10 },
    { account_id: 'B', opened_on: '2026-03-25', plan: 'basic', seats: null },
    { account_id: 'C', opened_on: '2025-01-01', plan: 'basic', seats: 1 },
    { account_id: 'D', opened_on: '2026-03-18', plan: 'basic', seats: 2 }, // came back after a churn on 2026-01-10
    { account_id: 'E', opened_on: '2024-06-01', plan: 'basic', seats: 3 },
  ],
  closures: [
    { closure_id: 'c1', account_id: 'C', closed_on: '2026-03-15' },
    { closure_id: 'd1', account_id: 'D', closed_on: '2026-01-10' },
    { closure_id: 'd2', account_id: 'D', closed_on: '2026-03-28' },
    { closure_id: 'z1', account_id: 'Z', closed_on: '2026-03-20' },
  ],
  payments: [
    pay('P1', 'A', '2026-03-31T12:00:00Z', 30, 'card', '2026-03-25'),
    pay('P4', 'A', '2026-03-31T12:00:00Z', 40, 'wire', '2026-04-10'), // same time as P1: the greater key wins `latest`
    pay('P2', 'A', '2026-03-20T08:00:00Z', 10, 'card', '2026-04-05'),
    pay('P3', 'A', '2026-03-20T08:00:00Z', 20, 'wire', '2026-03-10'),
    pay('P5', 'A', '2026-02-15T00:00:00Z', 100, 'check', '2026-02-20'),
    pay('P6', 'A', '2026-04-01T00:00:00Z', 1000, 'cash', '2026-03-01'), // at T0 exactly: not before T0
    pay('P7', 'A', '2026-03-30T00:00:00Z', null, 'card', null),
    pay('P8', 'Z', '2026-03-30T00:00:00Z', 5, 'card', null), // no such account
    pay('P9', 'A', null, 7, 'card', null), // no event time
  ],
  logins: [
    login('A', '2026-03-30', 10),
    login('A', '2026-03-25', 20),
    login('A', '2026-03-15', 50),
    login('A', '2026-03-01', 99),
    login('A', '2026-04-01', 500),
  ],
};

const run = () => runFeatureEngine(project, records, '2026-03-31');
const rowOf = (rows: Array<Record<string, unknown>>, id: string, at: string) => rows.find((r) => r.entity_key === id && r.event_timestamp === at);

describe('feature engine on hand-made data', () => {
  it('computes every aggregation at the serving time from rows before it only', async () => {
    const { features: rows } = await run();
    expect(rowOf(rows, 'A', T0)).toEqual({
      entity_key: 'A',
      event_timestamp: T0,
      seats: 10,
      is_pro: 1,
      tenure_days: 365,
      tenure_months: 11.99,
      tenure_years: 0.999,
      payments_30d: 5, // P1, P4, P2, P3 and P7 (no amount, still a payment); not P6 at T0 itself
      paid: 100,
      mean_paid: 25, // 100 over the 4 payments with an amount
      min_paid: 10,
      max_paid: 100, // P5, before the 30 days: no window means all history
      last_paid: 40, // P1 and P4 share the latest time: the greater key
      methods_30d: 2,
      days_since_payment: 0.5, // 2026-03-31T12:00 -> T0
      paid_prior_10d: 30, // [T0 - 20 d, T0 - 10 d): P2 and P3
      due_before_t: 2, // P1 (due 03-25) and P3 (due 03-10)
      paid_by_due_30d: 50, // due in [T0 - 30 d, T0): P1 and P3
      login_trend: -0.25, // later half 10 + 20, earlier half 50: (30 - 50) / 80
      days_since_login: 2, // 2026-03-30, a date: whole days
      seat_value: 66.67, // round(20 * 10 / 3, 2)
      no_payment: 0,
    });
  });

  it('gives the declared defaults, and 0 for count, sum, distinct_count and trend, without events', async () => {
    const { features: rows } = await run();
    expect(rowOf(rows, 'E', T0)).toMatchObject({
      payments_30d: 0,
      paid: 0,
      mean_paid: 0,
      min_paid: -1,
      max_paid: -1,
      last_paid: -1,
      methods_30d: 0,
      days_since_payment: 999,
      login_trend: 0,
      days_since_login: 999,
      seat_value: null, // NULL in, NULL out: no default declared
      no_payment: 1,
    });
    expect(rowOf(rows, 'B', T0)).toMatchObject({ seats: 0, tenure_days: 7 });
  });

  it('recomputes each window at a training time from what was known then', async () => {
    const { features: rows } = await run();
    const a = rowOf(rows, 'A', T_MID)!;
    expect(a).toMatchObject({ payments_30d: 2, paid: 30, min_paid: 10, max_paid: 100, last_paid: 20, due_before_t: 1, paid_prior_10d: 0, days_since_login: 7 });
    expect(a.days_since_payment).toBeCloseTo(1 + 16 / 24, 12); // 2026-03-20T08:00 -> 2026-03-22: fractional for timestamps
    expect(a.login_trend).toBe(1); // in [T - 20 d, T) only 03-15, in the later half; 03-01 is outside
  });

  it('takes the entities known before T and not churned since, including one that churned and came back', async () => {
    const { features: rows, computed } = await run();
    const at = (t: string) => rows.filter((r) => r.event_timestamp === t).map((r) => r.entity_key);
    expect(at(T_OLD)).toEqual(['A', 'C', 'E']); // D's since is later; B not yet known
    expect(at(T_MID)).toEqual(['A', 'D', 'E']); // C churned on 03-15; D came back on 03-18 (its 01-10 churn predates it)
    expect(at(T0)).toEqual(['A', 'B', 'E']); // D churned again on 03-28
    expect(rows.map((r) => r.event_timestamp)).toEqual([...at(T_OLD).map(() => T_OLD), ...at(T_MID).map(() => T_MID), ...at(T0).map(() => T0)]);
    expect(computed.snapshots).toEqual([
      { timestamp: T_OLD, rows: 3, positives: 1, training: true, serving: false },
      { timestamp: T_MID, rows: 3, positives: 1, training: true, serving: false },
      { timestamp: T0, rows: 3, positives: null, training: false, serving: true },
    ]);
  });

  it('labels a training row 1 when a churn event falls in [T, T + horizon)', async () => {
    const { labels } = await run();
    expect(labels).toEqual([
      { entity_key: 'A', event_timestamp: T_OLD, label: 0 },
      { entity_key: 'C', event_timestamp: T_OLD, label: 1 },
      { entity_key: 'E', event_timestamp: T_OLD, label: 0 },
      { entity_key: 'A', event_timestamp: T_MID, label: 0 },
      { entity_key: 'D', event_timestamp: T_MID, label: 1 },
      { entity_key: 'E', event_timestamp: T_MID, label: 0 },
    ]);
  });

  it('counts rows that reach no entity or have no event time', async () => {
    const { computed } = await run();
    expect(computed.reads.payments).toEqual({ rows: 9, unknownEntity: 1, noEventTime: 1 });
    expect(computed.reads.closures).toEqual({ rows: 4, unknownEntity: 1, noEventTime: 0 });
    expect(computed.rowsIn).toBe(5 + 4 + 9 + 5);
  });

  it('writes identical bytes and the same id for identical inputs, whatever the thread count', async () => {
    const one = await run();
    const four = await runFeatureEngine(project, records, '2026-03-31', { threads: 4 });
    expect(four.computed.featureSetId).toBe(one.computed.featureSetId);
    expect(one.computed.featureSetId).toMatch(/^fs_[0-9a-f]{16}$/);
    expect(four.bytes.features.equals(one.bytes.features)).toBe(true);
    expect(four.bytes.labels.equals(one.bytes.labels)).toBe(true);
    const later = await runFeatureEngine(project, records, '2026-04-01');
    expect(later.computed.featureSetId).not.toBe(one.computed.featureSetId);
  });

  it('refuses to compute without anyone in the population at the serving time', async () => {
    await expect(runFeatureEngine(project, records, '2024-01-01')).rejects.toMatchObject({ code: 'CHURN_TRANSFORMATION_EMPTY_POPULATION', retriable: false });
  });

  it('names the columns a prepared dataset lacks', async () => {
    const noMethod = { ...records, payments: records.payments!.map(({ method: _m, ...p }) => p) };
    await expect(runFeatureEngine(project, noMethod, '2026-03-31')).rejects.toMatchObject({
      code: 'CHURN_TRANSFORMATION_DATASET_COLUMNS',
      context: { dataset: 'payments', missing: ['method'] },
    });
  });

  it('refuses to store a fraction in an int feature, naming the feature, entity and time', async () => {
    const fractional = writeTestProject({
      entity: { name: 'account', key: 'account_id', dataset: 'accounts' },
      label: { kind: 'status', column: 'plan', positive: ['pro'] },
      datasets: [{ name: 'accounts', key: ['account_id'], columns: { account_id: 'string', plan: 'string', seats: 'integer' } }],
      views: [{ name: 'v', description: 'v', features: [{ kind: 'attribute', name: 'quarter_seats', dtype: 'int', expr: 'seats / 4', description: 'q' }] }],
    });
    await expect(runFeatureEngine(fractional, { accounts: records.accounts! }, '2026-03-31')).rejects.toMatchObject({
      code: 'CHURN_TRANSFORMATION_INVALID_FEATURE',
      context: { feature: 'quarter_seats', entityKey: 'A', eventTimestamp: T0, value: '2.5' },
    });
  });

  it('refuses an entity listed twice', async () => {
    const twice = { ...records, accounts: [...records.accounts!, { account_id: 'A', opened_on: '2025-05-01', plan: 'pro', seats: 1 }] };
    await expect(runFeatureEngine(project, twice, '2026-03-31')).rejects.toMatchObject({ code: 'CHURN_TRANSFORMATION_DUPLICATE_ENTITY', context: { example: 'A' } });
  });
});
