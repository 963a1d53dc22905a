/**
 * Patterns run in DuckDB (RE2) but are written as JSON Schema patterns
 * (JavaScript). Only the common subset is accepted: a pattern must compile in
 * JavaScript and use no lookaround or backreference, which RE2 lacks.
 */
export function patternProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
  } catch (err) {
    return `is not a valid regular expression: ${(err as Error).message}`;
  }
  if (/\(\?<?[=!]/.test(pattern)) return 'uses lookaround, which the columnar engine (RE2) does not support';
  if (/\\[1-9]|\\k</.test(pattern)) return 'uses a backreference, which the columnar engine (RE2) does not support';
  return undefined;
}
