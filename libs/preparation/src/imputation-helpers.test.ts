import { describe, expect, it } from 'vitest';
import { createCategoryCounter } from './category-counts';
import { dayToUtcMs, daysBetween, hoursBetween } from './date-differences';
import { createGroupMedianCollector } from './group-medians';

describe('createGroupMedianCollector', () => {
  it('gives each group its median and the median over all values', () => {
    const c = createGroupMedianCollector();
    for (const [g, v] of [['a', 3], ['b', 10], ['a', 1], ['a', 2], ['b', 20], ['c', 0]] as const) c.add(g, v);
    const m = c.finish();
    expect([m.of('a'), m.of('b'), m.of('c'), m.of('zzz')]).toEqual([2, 15, 0, undefined]);
    // all: 0 1 2 3 10 20 -> (2 + 3) / 2
    expect(m.overall).toBe(2.5);
    expect(m.groups).toBe(3);
  });

  it('has no overall median without values', () => {
    expect(createGroupMedianCollector().finish()).toMatchObject({ overall: undefined, groups: 0 });
  });
});

describe('createCategoryCounter', () => {
  it('finds the mode, ties to the first in code-unit order, undefined when empty', () => {
    const c = createCategoryCounter();
    expect(c.mode()).toBeUndefined();
    for (const v of ['web', 'phone', 'web', 'phone', 'store']) c.add(v);
    expect(c.mode()).toBe('phone');
    c.add('web');
    expect(c.mode()).toBe('web');
  });
});

describe('date differences', () => {
  it('counts whole calendar days, signed, across months and leap days', () => {
    expect(daysBetween({ column: 'due', day: '2024-02-27' }, { column: 'paid', day: '2024-03-01' })).toBe(3);
    expect(daysBetween({ column: 'due', day: '2024-03-10' }, { column: 'paid', day: '2024-03-01' })).toBe(-9);
    expect(daysBetween({ column: 'due', day: '2024-03-10' }, { column: 'paid', day: '2024-03-10' })).toBe(0);
  });

  it('measures hours between timestamps with any zone', () => {
    expect(hoursBetween({ column: 'o', at: '2026-01-01T10:00:00Z' }, { column: 'c', at: '2026-01-02T11:30:00Z' })).toBe(25.5);
    expect(hoursBetween({ column: 'o', at: '2026-01-01T10:00:00+02:00' }, { column: 'c', at: '2026-01-01T10:00:00Z' })).toBe(2);
  });

  it('fails on malformed or impossible dates (not retriable)', () => {
    for (const bad of ['2024-02-30', '2024-2-01', '01.02.2024', '']) {
      expect(() => dayToUtcMs('due_date', bad)).toThrow(expect.objectContaining({ code: 'CHURN_PREPARATION_BAD_VALUE', retriable: false }));
    }
    expect(() => hoursBetween({ column: 'o', at: 'yesterday' }, { column: 'c', at: '2026-01-01T10:00:00Z' })).toThrow(
      expect.objectContaining({ code: 'CHURN_PREPARATION_BAD_VALUE', context: { column: 'o', value: 'yesterday' } }),
    );
  });
});
