import type { HeaderProblem } from '../validation-issue';

/** Header problems of `columns` against a source's column list: duplicates, unknown and missing columns. */
export function checkHeaderAgainst(expected: readonly string[], columns: readonly string[]): HeaderProblem[] {
  const problems: HeaderProblem[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) problems.push({ column, rule: 'duplicate-column', message: `column "${column}" appears more than once` });
    seen.add(column);
    if (!expected.includes(column)) problems.push({ column, rule: 'unknown-column', message: `unexpected column "${column}"` });
  }
  for (const column of expected) {
    if (!seen.has(column)) problems.push({ column, rule: 'missing-column', message: `required column "${column}" is missing` });
  }
  return problems;
}
