import type { ErrorObject } from 'ajv';
import { ajvFileProblems, type FileProblem } from '@churn/config';
import type { ProjectFile, ProjectProblem } from './project-problems';
import { NAME_PATTERN, SLUG_PATTERN } from './project-schemas';

const NAME_RULE = 'must start with a letter or _ and hold only letters, digits and _';
const PATTERN_RULES: Record<string, string> = {
  [NAME_PATTERN]: NAME_RULE,
  [SLUG_PATTERN]: 'must be lower-case letters, digits and -, not starting with -',
};

const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** Edit distance (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= b.length; j += 1) next.push(Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[b.length]!;
}

/** The allowed field an unknown one is most likely a typo of. */
function closest(unknown: string, allowed: string[]): string | undefined {
  const limit = unknown.length <= 4 ? 1 : 2;
  const scored = allowed.map((a) => ({ a, d: a.toLowerCase() === unknown.toLowerCase() ? 0 : distance(unknown, a) })).filter((x) => x.d <= limit);
  return scored.sort((x, y) => x.d - y.d)[0]?.a;
}

type SchemaNode = { oneOf?: Array<{ properties?: Record<string, { const?: unknown }> }>; properties?: Record<string, unknown>; minProperties?: number; maxProperties?: number };

/** The project's own keywords; `undefined` leaves an error to the shared handling, `null` drops it. */
function special(e: ErrorObject, path: FileProblem['path']): FileProblem | null | undefined {
  const parent = e.parentSchema as SchemaNode | undefined;
  // Errors inside propertyNames carry the offending name; the propertyNames error reports it once.
  if ((e as ErrorObject & { propertyName?: string }).propertyName !== undefined) return null;
  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String(e.params.additionalProperty);
      const typoOf = closest(field, Object.keys(parent?.properties ?? {}).filter((k) => k !== '$schema'));
      return { path: [...path, field], reason: typoOf ? `unknown field (did you mean ${typoOf}?)` : 'unknown field' };
    }
    case 'propertyNames':
      return { path: [...path, String(e.params.propertyName)], reason: `is not a valid name: ${NAME_RULE} (at most 63)` };
    case 'discriminator': {
      // A missing or non-string tag is already reported by `required` or `type` on the tag itself.
      if (e.params.error !== 'mapping') return null;
      const tag = String(e.params.tag);
      const allowed = (parent?.oneOf ?? []).map((branch) => shown(branch.properties?.[tag]?.const));
      return { path: [...path, tag], reason: `must be one of ${allowed.join(', ')} (got ${shown(e.params.tagValue)})` };
    }
    case 'enum':
      return { path, reason: `must be one of ${(e.params.allowedValues as unknown[]).map(shown).join(', ')} (got ${shown(e.data)})` };
    case 'pattern':
      return { path, reason: `${PATTERN_RULES[String(e.params.pattern)] ?? `must match ${String(e.params.pattern)}`} (got ${shown(e.data)})` };
    case 'minProperties':
    case 'maxProperties':
      if (parent?.minProperties === 1 && parent.maxProperties === 1 && parent.properties) {
        return { path, reason: `needs exactly one of ${Object.keys(parent.properties).join(', ')}` };
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * ajv's errors on one of the project's own files as problems, one line per mistake. Needs an ajv instance with
 * `verbose: true` (the offending value and the schema of a union are read from the error).
 */
export function schemaProblems(file: ProjectFile, errors: ErrorObject[]): ProjectProblem[] {
  const problems = ajvFileProblems(errors, {
    // Column names are never all digits (NAME_PATTERN); every other all-digit segment is an array index.
    isIndex: (segment, previous) => previous !== 'columns' && /^\d+$/.test(segment),
    tagValues: () => [],
    special,
  });
  // A misspelt required field is one mistake: `descripton: unknown field (did you mean description?)` says it all.
  const typos = new Set(
    problems.flatMap((p) => {
      const m = /^unknown field \(did you mean (.+)\?\)$/.exec(p.reason);
      return m ? [JSON.stringify([...p.path.slice(0, -1), m[1]])] : [];
    }),
  );
  return problems.filter((p) => !(p.reason === 'is required' && typos.has(JSON.stringify(p.path)))).map((p) => ({ file, ...p }));
}
