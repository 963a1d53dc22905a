import type { DestinationStream } from 'pino';
import buildRollingFile from 'pino-roll';

export interface LogFileOptions {
  /** Path of the log file; rotated files get a date and a counter before the extension. */
  path: string;
  /** Roll when a file reaches this size (pino-roll units: '10m', '1g'). */
  size?: string;
  /** Roll daily or hourly as well. */
  frequency?: 'daily' | 'hourly';
  /** Rotated files to keep. */
  keep?: number;
}

/**
 * A rotating JSON log file (pino-roll): a new file per day and whenever one
 * passes `size`; only the newest `keep` files are kept.
 */
export async function openLogFile(options: LogFileOptions): Promise<DestinationStream> {
  return (await buildRollingFile({
    file: options.path,
    size: options.size ?? '10m',
    frequency: options.frequency ?? 'daily',
    dateFormat: 'yyyy-MM-dd',
    mkdir: true,
    limit: { count: options.keep ?? 7 },
  })) as DestinationStream;
}
