import type { ErrorObject } from 'ajv';
import { CHECK_KINDS } from './suites-schema';

/** A location inside the suites file: ['suites', 0, 'checks', 2, 'atLeast']. */
export type SuitePath = Array<string | number>;

/** One thing wrong with the file, located. */
export interface SuiteProblem {
  path: SuitePath;
  reason: string;
}

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

function pathOf(instancePath: string): SuitePath {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    // Column names start with a letter: an all-digit segment is an array index.
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** Turns ajv errors into located problems with reasons an operator can act on. */
export function ajvSuiteProblems(errors: ErrorObject[]): SuiteProblem[] {
  const problems: SuiteProblem[] = [];
  for (const e of errors) {
    const path = pathOf(e.instancePath);
    // Errors inside propertyNames carry the offending name; reported once below.
    if ((e as ErrorObject & { propertyName?: string }).propertyName !== undefined) continue;
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
      case 'propertyNames':
        problems.push({ path: [...path, String(e.params.propertyName)], reason: 'is not a valid column name (lower case letters, digits, _)' });
        break;
      case 'discriminator':
        problems.push({ path: [...path, String(e.params.tag)], reason: `must be one of ${CHECK_KINDS.join(', ')}` });
        break;
      case 'oneOf':
        // Reported through the discriminator or the chosen branch's own errors.
        break;
      default:
        problems.push({ path, reason: e.message ?? 'is invalid' });
    }
  }
  return problems;
}
