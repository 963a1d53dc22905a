import { modeOf } from './statistics';
import { compareText } from './value-coding';

/** Counts category values to find the mode; ties go to the first in code-unit order (row order never matters). */
export function createCategoryCounter(): { add(value: string): void; mode(): string | undefined } {
  const counts = new Map<string, number>();
  return {
    add(value) {
      counts.set(value, (counts.get(value) ?? 0) + 1);
    },
    mode: () => modeOf(counts, compareText),
  };
}
