import { describe, expect, it } from 'vitest';
import { booleanTrueValue } from './column-roles';
import { positiveValueOf } from './guess-label';
import type { ColumnProfile } from './profile-types';

const column = (values: string[]): ColumnProfile => ({ header: 'x', name: 'x', type: 'string', malformed: 0, present: 10, blank: 0, distinct: values.length, values });

describe('reading values', () => {
  it('finds the churned value of a two-valued status', () => {
    expect(positiveValueOf(['No', 'Yes'])).toBe('Yes');
    expect(positiveValueOf(['0', '1'])).toBe('1');
    expect(positiveValueOf(['Attrited Customer', 'Existing Customer'])).toBe('Attrited Customer');
    expect(positiveValueOf(['active', 'cancelled'])).toBe('cancelled');
    expect(positiveValueOf(['churned', 'not churned'])).toBe('churned');
    expect(positiveValueOf(['gold', 'silver'])).toBeUndefined();
  });

  it('reads yes/no, y/n, true/false and 1/0 pairs as booleans, with the value that is true', () => {
    expect(booleanTrueValue(column(['No', 'Yes']))).toBe('Yes');
    expect(booleanTrueValue(column(['N', 'Y']))).toBe('Y');
    expect(booleanTrueValue(column(['false', 'true']))).toBe('true');
    expect(booleanTrueValue(column(['0', '1']))).toBe('1');
    expect(booleanTrueValue(column(['Female', 'Male']))).toBeUndefined();
    expect(booleanTrueValue(column(['No', 'No phone service', 'Yes']))).toBeUndefined();
  });
});
