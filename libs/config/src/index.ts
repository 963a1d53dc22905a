export { loadConfig, ConfigError } from './load-config';
export type { LoadConfigOptions, ServiceConfig, ConfigProblem, EnvProperties } from './load-config';
export { platformEnvProperties } from './env-schema';
