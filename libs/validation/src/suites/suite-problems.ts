import type { ErrorObject } from 'ajv';
import { ajvFileProblems, type FilePath, type FileProblem } from '@churn/config';
import { CHECK_KINDS } from './suites-schema';

/** A location inside the suites file: ['suites', 0, 'checks', 2, 'atLeast']. */
export type SuitePath = FilePath;

/** One thing wrong with the file, located. */
export type SuiteProblem = FileProblem;

const nameAt = (item: unknown, field: string): string => {
  const v = (item as Record<string, unknown> | null | undefined)?.[field];
  return typeof v === 'string' && v !== '' ? v : 'unnamed';
};

/**
 * Renders a problem as `suites[1] (billing_invoices).checks[3] (amount_mean).max: <reason>`,
 * naming the suite and the check so an operator finds them without counting array items.
 */
export function formatSuiteProblem(raw: unknown, problem: SuiteProblem): string {
  const [head, index, ...rest] = problem.path;
  if (head !== 'suites' || typeof index !== 'number') {
    return `${problem.path.length > 0 ? problem.path.join('.') : '(root)'}: ${problem.reason}`;
  }
  const suite = (raw as { suites?: unknown[] } | null)?.suites?.[index];
  let out = `suites[${index}] (${nameAt(suite, 'source')})`;
  if (rest[0] === 'checks' && typeof rest[1] === 'number') {
    const check = (suite as { checks?: unknown[] } | undefined)?.checks?.[rest[1]];
    out += `.checks[${rest[1]}] (${nameAt(check, 'name')})`;
    rest.splice(0, 2);
  }
  const field = rest.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('');
  return `${out}${field}: ${problem.reason}`;
}

/** Turns ajv errors into located problems with reasons an operator can act on. */
export function ajvSuiteProblems(errors: ErrorObject[]): SuiteProblem[] {
  return ajvFileProblems(errors, {
    // Column names start with a letter: an all-digit segment is an array index.
    isIndex: (segment) => /^\d+$/.test(segment),
    tagValues: () => CHECK_KINDS,
    special: (e, path) => {
      // Errors inside propertyNames carry the offending name; reported once, by the propertyNames error.
      if ((e as ErrorObject & { propertyName?: string }).propertyName !== undefined) return null;
      if (e.keyword === 'propertyNames') {
        return { path: [...path, String(e.params.propertyName)], reason: 'is not a valid column name (lower case letters, digits, _)' };
      }
      return undefined;
    },
  });
}
