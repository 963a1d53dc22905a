import { describe, expect, it } from 'vitest';
import { expandFeatures, servedFeatures } from './expand-features';
import { loadProject } from './load-project';
import type { FeatureDeclaration } from './project-types';
import { EXAMPLE } from './test-projects.test-support';

const features: FeatureDeclaration[] = [
  { kind: 'tenure', name: 'tenure_days', dtype: 'int', column: 'signup_date', description: 'Days since signup' },
  {
    kind: 'window',
    name: 'tickets',
    dtype: 'int',
    dataset: 'support_tickets',
    agg: 'count',
    windows: [7, 30],
    window: { offsetDays: 1, column: 'closed_at' },
    filter: "priority == 'high'",
    description: 'High-priority tickets',
    tags: ['support'],
  },
  { kind: 'window', name: 'last_minutes', dtype: 'float', internal: true, dataset: 'product_usage', agg: 'latest', expr: 'minutes', description: 'Minutes of the last usage day' },
  { kind: 'derived', name: 'recent_share', dtype: 'float', expr: 'tickets_7d / max(tickets_30d, 1)', description: 'Share of the last week' },
];

describe('expandFeatures', () => {
  it('gives one concrete feature per window length, named <name>_<days>d, in declaration order', () => {
    const expanded = expandFeatures({ features });
    expect(expanded.map((e) => [e.feature.name, e.declaration])).toEqual([
      ['tenure_days', 0],
      ['tickets_7d', 1],
      ['tickets_30d', 1],
      ['last_minutes', 2],
      ['recent_share', 3],
    ]);
  });

  it('keeps the rest of the window and the declaration, without windows', () => {
    const [, week, month] = expandFeatures({ features });
    expect(week!.feature).toEqual({
      kind: 'window',
      name: 'tickets_7d',
      dtype: 'int',
      dataset: 'support_tickets',
      agg: 'count',
      window: { offsetDays: 1, column: 'closed_at', days: 7 },
      filter: "priority == 'high'",
      description: 'High-priority tickets (7 days)',
      tags: ['support'],
    });
    expect(month!.feature).toMatchObject({ window: { offsetDays: 1, column: 'closed_at', days: 30 }, description: 'High-priority tickets (30 days)' });
    expect(features[1]).toHaveProperty('windows', [7, 30]);
  });

  it('gives a window feature without window all of history (an empty window)', () => {
    const last = expandFeatures({ features })[3]!.feature;
    expect(last).toMatchObject({ name: 'last_minutes', window: {} });
    expect(last).not.toHaveProperty('windows');
  });

  it('passes other kinds through as declared', () => {
    const expanded = expandFeatures({ features });
    expect(expanded[0]!.feature).toBe(features[0]);
    expect(expanded[4]!.feature).toBe(features[3]);
  });
});

describe('servedFeatures', () => {
  it('leaves out the internal features', () => {
    expect(servedFeatures({ features }).map((f) => f.name)).toEqual(['tenure_days', 'tickets_7d', 'tickets_30d', 'recent_share']);
  });

  it('serves the sample company the 22 features it declares as not internal, in order', () => {
    const view = loadProject(EXAMPLE.sampleCompany).views[0]!;
    const served = servedFeatures(view).map((f) => f.name);
    expect(served).toEqual(view.features.filter((f) => !f.internal).map((f) => f.name));
    expect(served).toHaveLength(22);
    expect(served).not.toContain('latest_invoice_amount');
    expect(served.slice(0, 3)).toEqual(['tenure_months', 'monthly_fee', 'fee_change_pct_6m']);
  });
});
