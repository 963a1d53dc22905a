import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import { PlatformError } from '@churn/core';

/** A location inside a config file: ['sources', 1, 'rest', 'pagination', 'type']. */
export type FilePath = Array<string | number>;

/** One thing wrong with a config file, located. */
export interface FileProblem {
  path: FilePath;
  reason: string;
}

/**
 * The error a service refuses to start with when a config file (sources,
 * expectation suites, ...) is invalid: one line per problem, all of them at once.
 */
export function invalidConfigFileError(code: string, what: string, where: string, lines: string[]): PlatformError {
  return new PlatformError(code, `invalid ${what} ${where}:\n${lines.map((l) => `  - ${l}`).join('\n')}`, {
    retriable: false,
    context: { config: where, problems: lines },
  });
}

/** Reads and parses a JSON config file; an unreadable or unparsable file is handed to `fail` as one problem at the root. */
export function readJsonConfigFile(path: string, fail: (problems: FileProblem[]) => never): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    fail([{ path: [], reason: `cannot read file: ${(err as Error).message}` }]);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    fail([{ path: [], reason: `not valid JSON: ${(err as Error).message}` }]);
  }
}

/**
 * Splits an ajv instancePath (a JSON pointer) into segments; `isIndex` says
 * which segments are array indexes (a file's own naming rules decide that).
 */
export function instancePathOf(instancePath: string, isIndex: (segment: string, previous: string | undefined) => boolean): FilePath {
  if (instancePath === '') return [];
  const segments = instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  return segments.map((segment, i) => (isIndex(segment, segments[i - 1]) ? Number(segment) : segment));
}

/** How {@link ajvFileProblems} reads one file's errors. */
export interface AjvProblemOptions {
  isIndex: (segment: string, previous: string | undefined) => boolean;
  /** The allowed tags of the discriminated union at `path` (ajv only says "value of tag must be in oneOf"). */
  tagValues: (path: FilePath) => readonly string[];
  /** A file's own keywords: a problem, `null` to drop the error, `undefined` for the shared handling. */
  special?: (error: ErrorObject, path: FilePath) => FileProblem | null | undefined;
}

/** Turns ajv errors into located problems with reasons an operator can act on. */
export function ajvFileProblems(errors: ErrorObject[], options: AjvProblemOptions): FileProblem[] {
  const problems: FileProblem[] = [];
  for (const e of errors) {
    const path = instancePathOf(e.instancePath, options.isIndex);
    const special = options.special?.(e, path);
    if (special === null) continue;
    if (special) {
      problems.push(special);
      continue;
    }
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
      case 'discriminator':
        problems.push({ path: [...path, String(e.params.tag)], reason: `must be one of ${options.tagValues(path).join(', ')}` });
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
