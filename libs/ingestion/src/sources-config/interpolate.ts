import type { ConfigPath, ConfigProblem } from './problems';

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${VAR}` (or `${VAR:-default}`) in every string value with the
 * variable from `env`. Returns a copy; a variable that is unset or empty and
 * has no default is a problem at the string's path. Keys are never interpolated.
 */
export function interpolateEnv(
  value: unknown,
  env: Record<string, string | undefined>,
): { value: unknown; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const walk = (node: unknown, path: ConfigPath): unknown => {
    if (typeof node === 'string') {
      return node.replace(PLACEHOLDER, (match, name: string, fallback: string | undefined) => {
        const found = env[name];
        if (found !== undefined && found !== '') return found;
        if (fallback !== undefined) return fallback;
        problems.push({ path, reason: `environment variable ${name} is not set` });
        return match;
      });
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, [...path, k])]));
    }
    return node;
  };
  return { value: walk(value, []), problems };
}
