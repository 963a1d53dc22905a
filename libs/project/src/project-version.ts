import { sha256Hex } from '@churn/core';

/** JSON with object keys sorted at every level: the same declarations always give the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The project's version: `p_` and the first 16 hex digits of the sha256 of its files' canonical JSON, by role.
 * Formatting, key order and a file's `$schema` (editor tooling) do not count; every value does, array order too.
 */
export function projectVersionOf(files: Record<string, unknown>): string {
  const declarations = Object.fromEntries(
    Object.entries(files).map(([role, content]) => {
      if (content === null || typeof content !== 'object' || Array.isArray(content)) return [role, content];
      const { $schema: _tooling, ...rest } = content as Record<string, unknown>;
      return [role, rest];
    }),
  );
  return `p_${sha256Hex(canonicalJson(declarations)).slice(0, 16)}`;
}
