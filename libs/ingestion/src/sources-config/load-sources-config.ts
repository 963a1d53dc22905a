import { invalidConfigFileError, readJsonConfigFile } from '@churn/config';
import { Ajv } from 'ajv';
import { checkSources } from './check-sources';
import { interpolateEnv } from './interpolate';
import { ajvProblems, formatProblem, type ConfigProblem } from './problems';
import type { SourcesConfig } from './source-types';
import { sourcesConfigSchema } from './sources-schema';

export const INVALID_SOURCES_CONFIG = 'CHURN_INGESTION_INVALID_SOURCES_CONFIG';

const ajv = new Ajv({ allErrors: true, strict: true, discriminator: true, useDefaults: true });
const validate = ajv.compile(sourcesConfigSchema);

export interface LoadSourcesConfigOptions {
  /** Variables for `${VAR}` interpolation (and secret checks). Libraries never read process.env themselves. */
  env: Record<string, string | undefined>;
  /** The project's absolute folder: `${PROJECT_DIR}` expands to it whatever `env` says (`${PROJECT_DIR}/data/export.csv`). */
  projectDir?: string;
  /** Also require the variables named by tokenEnv/valueEnv/urlEnv to be set now (default false: checked at run time). */
  checkSecrets?: boolean;
}

function fail(where: string, raw: unknown, problems: ConfigProblem[]): never {
  throw invalidConfigFileError(INVALID_SOURCES_CONFIG, 'sources config', where, problems.map((p) => formatProblem(raw, p)));
}

function sourceIndex(problem: ConfigProblem): number {
  return typeof problem.path[1] === 'number' ? problem.path[1] : -1;
}

function readJson(path: string): unknown {
  return readJsonConfigFile(path, (problems) => fail(path, undefined, problems));
}

/**
 * Loads the sources file (a path to JSON, or the parsed object), interpolates
 * `${VAR}` from `options.env` (and `${PROJECT_DIR}` from `options.projectDir`),
 * validates shape and cross-field rules, applies defaults (enabled: true, csv
 * encoding utf-8, delimiter ','). Every problem is reported at once as
 * `sources[<i>] (<name>).<field>: <reason>`.
 *
 * @throws PlatformError CHURN_INGESTION_INVALID_SOURCES_CONFIG with `context.problems: string[]`.
 * @example const { sources } = loadSourcesConfig('projects/telco/sources.json', { env: process.env, projectDir: '/srv/projects/telco' });
 */
export function loadSourcesConfig(input: string | object, options: LoadSourcesConfigOptions): SourcesConfig {
  const where = typeof input === 'string' ? input : '(object)';
  const raw = typeof input === 'string' ? readJson(input) : input;
  const env = options.projectDir === undefined ? options.env : { ...options.env, PROJECT_DIR: options.projectDir };
  const interpolated = interpolateEnv(raw, env);
  const value = interpolated.value;
  const schemaOk = validate(value);
  // A field with an unset variable also fails its pattern; the variable is the news.
  const unset = new Set(interpolated.problems.map((p) => p.path.join('.')));
  const schemaProblems = schemaOk ? [] : ajvProblems(validate.errors ?? []).filter((p) => !unset.has(p.path.join('.')));
  const problems = [...interpolated.problems, ...schemaProblems];
  const sources = value !== null && typeof value === 'object' ? (value as { sources?: unknown }).sources : undefined;
  if (Array.isArray(sources)) {
    const checkSecrets = options.checkSecrets ?? false;
    problems.push(...checkSources(sources as SourcesConfig['sources'], { env, checkSecrets }));
  }
  if (problems.length > 0) fail(where, raw, problems.sort((a, b) => sourceIndex(a) - sourceIndex(b)));
  return value as SourcesConfig;
}
