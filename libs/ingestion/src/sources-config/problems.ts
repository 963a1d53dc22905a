import type { ErrorObject } from 'ajv';
import { AUTH_TYPES, PAGINATION_TYPES } from './sources-schema';

/** A location inside the sources file: ['sources', 1, 'rest', 'pagination', 'type']. */
export type ConfigPath = Array<string | number>;

/** One thing wrong with the file, located. */
export interface ConfigProblem {
  path: ConfigPath;
  reason: string;
}

/**
 * Renders a problem as `sources[1] (billing_invoices).rest.pagination.type: <reason>`,
 * naming the source so an operator finds it without counting array items.
 */
export function formatProblem(raw: unknown, problem: ConfigProblem): string {
  const [head, index, ...rest] = problem.path;
  if (head === 'sources' && typeof index === 'number') {
    const source = (raw as { sources?: unknown[] } | null)?.sources?.[index] as { name?: unknown } | undefined;
    const name = typeof source?.name === 'string' && source.name !== '' ? source.name : 'unnamed';
    const field = rest.length > 0 ? `.${rest.join('.')}` : '';
    return `sources[${index}] (${name})${field}: ${problem.reason}`;
  }
  return `${problem.path.length > 0 ? problem.path.join('.') : '(root)'}: ${problem.reason}`;
}

function pathOf(instancePath: string): ConfigPath {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment, i, all) => (i > 0 && all[i - 1] === 'sources' && /^\d+$/.test(segment) ? Number(segment) : segment));
}

// The discriminated unions: name the allowed tags instead of ajv's "value of tag must be in oneOf".
function tagValues(path: ConfigPath): readonly string[] {
  return path[path.length - 1] === 'auth' ? AUTH_TYPES : PAGINATION_TYPES;
}

/** Turns ajv errors into located problems with reasons an operator can act on. */
export function ajvProblems(errors: ErrorObject[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const e of errors) {
    const path = pathOf(e.instancePath);
    switch (e.keyword) {
      case 'additionalProperties':
        problems.push({ path: [...path, String(e.params.additionalProperty)], reason: 'unknown field' });
        break;
      case 'required':
        problems.push({ path: [...path, String(e.params.missingProperty)], reason: 'is required' });
        break;
      case 'enum':
        problems.push({ path, reason: `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}` });
        break;
      case 'discriminator': {
        const tag = String(e.params.tag);
        const values = tagValues(path);
        problems.push({ path: [...path, tag], reason: `must be one of ${values.join(', ')}` });
        break;
      }
      case 'oneOf':
        // Reported through the discriminator or the chosen branch's own errors.
        break;
      default:
        problems.push({ path, reason: e.message ?? 'is invalid' });
    }
  }
  return problems;
}
