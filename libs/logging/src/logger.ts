import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level?: LevelWithSilent | string;
  /** Also write every line here (a rotating file from openLogFile). */
  fileStream?: DestinationStream;
  /** Standard stream for log lines; CLIs whose stdout is their result log to stderr. */
  destination?: 'stdout' | 'stderr';
}

/**
 * JSON logger for a service: one line per record on stdout (and optionally a
 * file), with the service name on every line and errors serialised under `err`.
 */
export function createLogger(options: LoggerOptions): Logger {
  const level = options.level ?? 'info';
  const base = { service: options.service };
  const serializers = { err: pino.stdSerializers.err };
  const fd = options.destination === 'stderr' ? 2 : 1;
  if (!options.fileStream) return pino({ level, base, serializers }, pino.destination({ dest: fd, sync: true }));
  const streams = pino.multistream([
    { level: level as pino.Level, stream: pino.destination({ dest: fd, sync: true }) },
    { level: level as pino.Level, stream: options.fileStream },
  ]);
  return pino({ level, base, serializers }, streams);
}

/** The facts about an event that every log line concerning it carries. */
export interface EventLogFields {
  id: string;
  type: string;
  runId: string;
}

/** Child logger whose every line names the pipeline run and the event. */
export function eventLogger(logger: Logger, event: EventLogFields): Logger {
  return logger.child({ runId: event.runId, eventId: event.id, eventType: event.type });
}
