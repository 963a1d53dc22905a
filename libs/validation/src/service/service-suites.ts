import type { Project } from '@churn/project';
import type { ExpectationSuites } from '../suites/suite-types';
import { loadExpectationSuites } from '../suites/load-expectation-suites';

/** The validator's env: an override of the project's suites, and the engine's resources. */
export const validationEnv = {
  properties: {
    VALIDATION_SUITES_FILE: {
      type: 'string',
      minLength: 1,
      description: "Optional override: a JSON expectation-suites file to use instead of the project's expectations.json (PROJECT_DIR)",
    },
    VALIDATION_MEMORY_LIMIT: {
      type: 'string',
      minLength: 1,
      default: '1GB',
      description: 'DuckDB memory limit of one source validation (two run at once), e.g. 512MB; past it the run spills to the temporary directory. At least 128MB (the syntax and the minimum are checked by memoryLimitProblem at startup).',
    },
    VALIDATION_THREADS: {
      type: 'integer',
      minimum: 1,
      maximum: 64,
      default: 1,
      description: 'DuckDB threads of one source validation (two run at once): more shortens a large source on a machine with idle cores.',
    },
  },
} as const;

/** The suites file: VALIDATION_SUITES_FILE when set, else the project's expectations.json. */
export function suitesFileOf(config: object, env: NodeJS.ProcessEnv, project: Pick<Project, 'files'>): string {
  const configured = (config as { VALIDATION_SUITES_FILE?: unknown }).VALIDATION_SUITES_FILE ?? env['VALIDATION_SUITES_FILE'];
  return typeof configured === 'string' && configured !== '' ? configured : project.files.expectations;
}

/** The memory limit of one source's validation run, as the env gives it (default 1GB). */
export function memoryLimitOf(config: object, env: NodeJS.ProcessEnv): string {
  const configured = (config as { VALIDATION_MEMORY_LIMIT?: unknown }).VALIDATION_MEMORY_LIMIT;
  return typeof configured === 'string' && configured !== '' ? configured : (env['VALIDATION_MEMORY_LIMIT'] ?? validationEnv.properties.VALIDATION_MEMORY_LIMIT.default);
}

/** DuckDB threads of one source's validation run, as the env gives them (default 1). */
export function threadsOf(config: object): number {
  const configured = (config as { VALIDATION_THREADS?: unknown }).VALIDATION_THREADS;
  return typeof configured === 'number' ? configured : validationEnv.properties.VALIDATION_THREADS.default;
}

/** Loads and checks the suites (see suitesFileOf): throws CHURN_VALIDATION_INVALID_SUITES naming suite, check and field. */
export function loadServiceSuites(config: object, env: NodeJS.ProcessEnv, project: Pick<Project, 'files'>): ExpectationSuites {
  return loadExpectationSuites(suitesFileOf(config, env, project));
}
