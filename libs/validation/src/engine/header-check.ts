import type { HeaderProblem } from '../validation-issue';
import { resolveMapping, type ResolvedMapping, withRaw } from './column-mapping';

const IDENTITY = resolveMapping();

/**
 * Header problems of a source's raw columns (a CSV header, in file order) against the suite's columns, once the
 * source's column mapping is applied: duplicates (a raw column twice, or two raw columns read as one name), unknown
 * and missing columns. A problem names the platform column and, when it differs, the raw one (`rawColumn`).
 */
export function checkHeaderAgainst(expected: readonly string[], header: readonly string[], mapping: ResolvedMapping = IDENTITY): HeaderProblem[] {
  const problems: HeaderProblem[] = [];
  const seen = new Set<string>();
  const rawOfName = new Map<string, string>();
  for (const raw of header) {
    const name = mapping.nameOf(raw);
    const at = (column: string) => ({ column, ...(column !== raw ? { rawColumn: raw } : {}) });
    if (seen.has(raw)) {
      problems.push({ ...at(name ?? raw), rule: 'duplicate-column', message: `column "${raw}" appears more than once` });
      continue;
    }
    seen.add(raw);
    if (name === undefined) continue;
    const other = rawOfName.get(name);
    if (other !== undefined) {
      problems.push({ ...at(name), rule: 'duplicate-column', message: `columns "${other}" and "${raw}" are both read as "${name}" (columns.rename)` });
      continue;
    }
    rawOfName.set(name, raw);
    if (!expected.includes(name)) problems.push({ ...at(name), rule: 'unknown-column', message: `unexpected column ${withRaw(name, raw)}` });
  }
  for (const column of expected) {
    if (rawOfName.has(column)) continue;
    const raw = mapping.rawOf(column);
    const why = mapping.absence(column);
    problems.push({
      column,
      ...(raw !== undefined && raw !== column ? { rawColumn: raw } : {}),
      rule: 'missing-column',
      message: `required column ${withRaw(column, raw)} is missing${why ? `: ${why}` : ''}`,
    });
  }
  return problems;
}
