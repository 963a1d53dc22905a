import { median, quantileSorted } from './statistics';

/** Medians of a measure per group (e.g. per customer), learnt in one pass over the observed values. */
export interface GroupMedians {
  /** The group's median, or undefined when the group had no observed value. */
  of(group: string): number | undefined;
  /** Median over every observed value; undefined when there was none. */
  readonly overall: number | undefined;
  /** Groups with at least one observed value. */
  readonly groups: number;
}

/**
 * Collects observed values by group, then computes each group's median once. Only the numbers are
 * held (not the records), so the records themselves can be streamed twice instead of kept.
 */
export function createGroupMedianCollector(): { add(group: string, value: number): void; finish(): GroupMedians } {
  let values = new Map<string, number[]>();
  return {
    add(group, value) {
      const list = values.get(group);
      if (list === undefined) values.set(group, [value]);
      else list.push(value);
    },
    finish() {
      const medians = new Map<string, number>();
      let total = 0;
      for (const list of values.values()) total += list.length;
      const all = new Float64Array(total);
      let at = 0;
      for (const [group, list] of values) {
        medians.set(group, median(list));
        all.set(list, at);
        at += list.length;
      }
      values = new Map();
      all.sort();
      const overall = total === 0 ? undefined : quantileSorted(all, 0.5);
      return { of: (group) => medians.get(group), overall, groups: medians.size };
    },
  };
}
