import type { ErrorObject } from 'ajv';
import type { ValidationIssue } from './validation-issue';

const RULE_BY_KEYWORD: Record<string, string> = {
  enum: 'enum',
  const: 'enum',
  minimum: 'range',
  maximum: 'range',
  exclusiveMinimum: 'range',
  exclusiveMaximum: 'range',
  // Date bounds of ajv-formats.
  formatMinimum: 'range',
  formatMaximum: 'range',
  formatExclusiveMinimum: 'range',
  formatExclusiveMaximum: 'range',
  pattern: 'pattern',
  format: 'format',
  type: 'type',
  minLength: 'length',
  maxLength: 'length',
};

/** Ajv errors as issues, skipping columns already reported (`flagged`) and the required/additional checks. */
export function ajvIssues(
  errors: ErrorObject[] | null | undefined,
  valueOf: (column: string) => string | null,
  flagged: ReadonlySet<string>,
): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const columnOf = (e: ErrorObject): string | null => e.instancePath.split('/')[1] ?? null;
  // ajv-formats also fails the date bounds of a value that is no date at all; the format error says it all.
  const badFormat = new Set((errors ?? []).filter((e) => e.keyword === 'format').map(columnOf));
  for (const e of errors ?? []) {
    // Absent and unknown columns are reported by the row validator, with clearer messages.
    if (e.keyword === 'required' || e.keyword === 'additionalProperties') continue;
    const column = columnOf(e);
    if (column !== null && flagged.has(column)) continue;
    if (e.keyword.startsWith('format') && e.keyword !== 'format' && badFormat.has(column)) continue;
    out.push({
      column,
      rule: RULE_BY_KEYWORD[e.keyword] ?? e.keyword,
      message: `${column ?? 'row'} ${e.message ?? 'is invalid'}${describeParams(e)}`,
      value: column === null ? null : valueOf(column),
    });
  }
  return out;
}

function describeParams(e: ErrorObject): string {
  const params = e.params as { allowedValues?: unknown[] };
  if (e.keyword === 'enum' && params.allowedValues) {
    return `: ${params.allowedValues.filter((v) => v !== null).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return '';
}
