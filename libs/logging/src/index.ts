export { createLogger, eventLogger } from './logger';
export type { Logger, LoggerOptions, EventLogFields } from './logger';
export { openLogFile } from './log-file';
export type { LogFileOptions } from './log-file';
