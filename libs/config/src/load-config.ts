import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { PlatformError } from '@churn/core';
import { platformEnvProperties, platformEnvRules } from './env-schema';

// ajv-formats ships CJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

export type EnvProperties = Record<string, Record<string, unknown>>;

/** One problem with one variable, as shown to the operator. */
export interface ConfigProblem {
  variable: string;
  reason: string;
}

/** Thrown when the environment does not satisfy the schema; `problems` names each variable. */
export class ConfigError extends PlatformError {
  readonly problems: ConfigProblem[];
  constructor(service: string, problems: ConfigProblem[]) {
    const lines = problems.map((p) => `  - ${p.variable}: ${p.reason}`).join('\n');
    super('CHURN_CONFIG_INVALID', `${service}: invalid configuration\n${lines}`, { context: { service, problems } });
    this.problems = problems;
  }
}

export interface LoadConfigOptions {
  service: string;
  /** Service-specific variables, merged over the platform ones. */
  properties?: EnvProperties;
  /** Variables the service cannot run without. */
  required?: string[];
  env?: NodeJS.ProcessEnv;
}

/** Service config: every platform variable plus the service's own, typed loosely as values. */
export type ServiceConfig = Record<string, unknown> & {
  HOST: string;
  PORT: number;
  LOG_LEVEL: string;
  LOG_FILE?: string;
  BUS: 'kafka' | 'memory';
  KAFKA_BROKERS?: string;
  KAFKA_CLIENT_ID?: string;
  BUS_RETRY_ATTEMPTS: number;
  BUS_RETRY_INITIAL_DELAY_MS: number;
  BUS_RETRY_MAX_DELAY_MS: number;
  BUS_NAMESPACE?: string;
  DEAD_LETTER_TOPIC: string;
  STORAGE: 's3' | 'fs';
  LAKE_DIR: string;
  S3_ENDPOINT?: string;
  S3_REGION: string;
  S3_BUCKET?: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
  S3_FORCE_PATH_STYLE: boolean;
  DATABASE_URL: string;
  SHUTDOWN_TIMEOUT_MS: number;
};

/**
 * Validates the environment against the platform schema plus the service's
 * own properties. Unknown variables are ignored (the environment holds much
 * else); every bad or missing variable is reported at once.
 *
 * @example const config = loadConfig({ service: 'validator', properties: { PORT: { type: 'integer', default: 3002 } } });
 */
export function loadConfig<T extends ServiceConfig = ServiceConfig>(options: LoadConfigOptions): T {
  const env = options.env ?? process.env;
  const properties = { ...platformEnvProperties, ...options.properties } as EnvProperties;
  const input: Record<string, unknown> = {};
  for (const name of Object.keys(properties)) {
    const value = env[name];
    if (value !== undefined && value !== '') input[name] = value;
  }
  // The mode follows from what is configured unless chosen explicitly.
  input.BUS ??= input.KAFKA_BROKERS === undefined ? 'memory' : 'kafka';
  input.STORAGE ??= input.S3_BUCKET === undefined ? 'fs' : 's3';

  const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile({
    type: 'object',
    properties,
    required: options.required ?? [],
    allOf: platformEnvRules,
  });
  if (!validate(input)) {
    throw new ConfigError(options.service, toProblems(validate.errors ?? [], input));
  }
  return input as T;
}

function toProblems(errors: ErrorObject[], input: Record<string, unknown>): ConfigProblem[] {
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  for (const error of errors) {
    if (error.keyword === 'if') continue; // the `then` error beside it says what is wrong
    const missing = (error.params as { missingProperty?: string }).missingProperty;
    const variable = missing ?? error.instancePath.replace(/^\//, '');
    const reason = missing
      ? explainMissing(missing, input)
      : `${error.message ?? 'is invalid'} (got ${JSON.stringify(input[variable])})`;
    const key = `${variable}:${reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ variable, reason });
  }
  return problems;
}

function explainMissing(variable: string, input: Record<string, unknown>): string {
  if (variable === 'KAFKA_BROKERS' && input.BUS === 'kafka') return 'is required when BUS=kafka';
  if (variable === 'S3_BUCKET' && input.STORAGE === 's3') return 'is required when STORAGE=s3';
  return 'is required';
}
