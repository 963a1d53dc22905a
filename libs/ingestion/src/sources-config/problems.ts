import type { ErrorObject } from 'ajv';
import { ajvFileProblems, type FilePath, type FileProblem } from '@churn/config';
import { AUTH_TYPES, PAGINATION_TYPES } from './sources-schema';

/** A location inside the sources file: ['sources', 1, 'rest', 'pagination', 'type']. */
export type ConfigPath = FilePath;

/** One thing wrong with the file, located. */
export type ConfigProblem = FileProblem;

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

// The discriminated unions: name the allowed tags instead of ajv's "value of tag must be in oneOf".
const tagValues = (path: ConfigPath): readonly string[] => (path[path.length - 1] === 'auth' ? AUTH_TYPES : PAGINATION_TYPES);

/** Turns ajv errors into located problems with reasons an operator can act on. */
export function ajvProblems(errors: ErrorObject[]): ConfigProblem[] {
  return ajvFileProblems(errors, {
    // Only the items of `sources` are addressed by index.
    isIndex: (segment, previous) => previous === 'sources' && /^\d+$/.test(segment),
    tagValues,
  });
}
