import type { ExpectationSuites } from '../suites/suite-types';
import { loadExpectationSuites } from '../suites/load-expectation-suites';

/** The validator's env: where its expectation suites are. */
export const validationEnv = {
  properties: {
    VALIDATION_SUITES_FILE: {
      type: 'string',
      minLength: 1,
      default: 'config/expectations.sample.json',
      description: 'JSON expectation suites, one per source (see config/expectations.sample.json)',
    },
  },
} as const;

/** The suites file the env names (default: the sample company's). */
export function suitesFileOf(config: object, env: NodeJS.ProcessEnv): string {
  const configured = (config as { VALIDATION_SUITES_FILE?: unknown }).VALIDATION_SUITES_FILE;
  return typeof configured === 'string' && configured !== '' ? configured : (env['VALIDATION_SUITES_FILE'] ?? validationEnv.properties.VALIDATION_SUITES_FILE.default);
}

/** Loads and checks the suites: throws CHURN_VALIDATION_INVALID_SUITES naming suite, check and field. */
export function loadServiceSuites(config: object, env: NodeJS.ProcessEnv): ExpectationSuites {
  return loadExpectationSuites(suitesFileOf(config, env));
}
