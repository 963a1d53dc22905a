export { createLogger, eventLogger } from './logger';
export type { Logger, LoggerOptions, EventLogFields } from './logger';
