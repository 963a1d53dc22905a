import type { HeaderProblem } from '../validation-issue';
import { resolveMapping, type ResolvedMapping, withRaw } from './column-mapping';

const IDENTITY = resolveMapping();

/**
 * Header problems of a source's raw columns (a CSV header, in file order) against the suite's columns, once the
 * source's column mapping is applied: a raw column twice, unknown and missing columns. A raw column that has the
 * name a rename gives another one is ignored and reported as unknown. A problem names the platform column and,
 * when it differs, the raw one (`rawColumn`).
 */
export function checkHeaderAgainst(expected: readonly string[], header: readonly string[], mapping: ResolvedMapping = IDENTITY): HeaderProblem[] {
  const problems: HeaderProblem[] = [];
  const seen = new Set<string>();
  for (const raw of header) {
    const name = mapping.nameOf(raw);
    const at = (column: string) => ({ column, ...(column !== raw ? { rawColumn: raw } : {}) });
    if (seen.has(raw)) {
      problems.push({ ...at(name ?? raw), rule: 'duplicate-column', message: `column "${raw}" appears more than once` });
      continue;
    }
    seen.add(raw);
    const shadowedBy = mapping.shadowed(raw);
    if (shadowedBy !== undefined) problems.push({ ...at(raw), rule: 'unknown-column', message: ignoredMessage(raw, shadowedBy) });
    else if (name !== undefined && !expected.includes(name)) problems.push({ ...at(name), rule: 'unknown-column', message: `unexpected column ${withRaw(name, raw)}` });
  }
  const present = new Set(header.map((raw) => mapping.nameOf(raw)));
  for (const column of expected) {
    if (present.has(column)) continue;
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

/** Why a shadowed raw column is not read. */
export function ignoredMessage(raw: string, source: string, noun: 'column' | 'property' = 'column'): string {
  return `${noun} "${raw}" is ignored: ${raw} is read from "${source}" (columns.rename)`;
}
