import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

/**
 * Routes kafkajs's own logging (which would go to the console) into pino.
 * Protocol-level error responses from the Connection namespace are logged as
 * warnings: kafkajs retries them itself (coordinator loading, leader election)
 * and they are not failures of ours unless the operation finally throws.
 */
export function pinoLogCreator(logger: Logger): logCreator {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log as typeof log & { logger?: unknown };
      const obj = { namespace, ...fields };
      switch (level) {
        case logLevel.ERROR:
          if (namespace === 'Connection') kafkaLogger.warn(obj, message);
          else kafkaLogger.error(obj, message);
          break;
        case logLevel.WARN:
          kafkaLogger.warn(obj, message);
          break;
        case logLevel.INFO:
          kafkaLogger.info(obj, message);
          break;
        default:
          kafkaLogger.debug(obj, message);
      }
    };
}
