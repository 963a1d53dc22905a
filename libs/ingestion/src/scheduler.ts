import { Cron } from 'croner';
import { PlatformError } from '@churn/core';
import type { Logger } from '@churn/logging';
import type { ConfiguredSource } from './sources';

/**
 * One cron job per scheduled source. A tick while the previous run of that
 * source is still going is skipped (croner's `protect`, and across replicas
 * the source lease), never queued.
 */
export function scheduleSources(
  sources: ConfiguredSource[],
  run: (source: ConfiguredSource) => Promise<unknown>,
  log: Logger,
): { stop(): void; next(source: string): Date | null } {
  const jobs = new Map<string, Cron>();
  for (const source of sources) {
    const schedule = source.config.schedule;
    if (!schedule) continue;
    const job = new Cron(schedule, { name: `ingest:${source.name}`, protect: true, timezone: 'UTC' }, async () => {
      try {
        await run(source);
      } catch (err) {
        if (err instanceof PlatformError && err.code === 'CHURN_INGESTION_SOURCE_BUSY') {
          log.info({ source: source.name }, 'scheduled run skipped: the source is being ingested');
          return;
        }
        log.error({ err, source: source.name }, 'scheduled ingestion failed');
      }
    });
    jobs.set(source.name, job);
    log.info({ source: source.name, schedule, next: job.nextRun()?.toISOString() ?? null }, 'source scheduled');
  }
  return {
    stop() {
      for (const job of jobs.values()) job.stop();
    },
    next(source: string) {
      return jobs.get(source)?.nextRun() ?? null;
    },
  };
}
