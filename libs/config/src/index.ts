export { loadConfig, ConfigError } from './load-config';
export type { LoadConfigOptions, ServiceConfig, ConfigProblem, EnvProperties } from './load-config';
export { platformEnvProperties } from './env-schema';
export { ajvFileProblems, instancePathOf, invalidConfigFileError, readJsonConfigFile } from './config-file';
export type { AjvProblemOptions, FilePath, FileProblem } from './config-file';
