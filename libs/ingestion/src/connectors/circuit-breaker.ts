import CircuitBreaker from 'opossum';
import { isRetriable } from '@churn/core';
import type { CircuitBreakerSettings } from '../sources-config/source-types';
import { ConnectorErrorCode, connectorError } from './errors';

export const DEFAULT_CIRCUIT_BREAKER: CircuitBreakerSettings = { failureThreshold: 5, resetAfterMs: 30_000 };

/** Runs requests through a breaker; one per connector, so it outlives a run. */
export interface RequestBreaker {
  fire<T>(request: () => Promise<T>): Promise<T>;
  readonly state: 'closed' | 'open' | 'half-open';
}

/**
 * Opens after `failureThreshold` CONSECUTIVE failed requests (opossum only
 * knows error percentages, so the count is kept here and the circuit opened
 * by hand), fails fast with CHURN_INGESTION_CIRCUIT_OPEN until
 * `resetAfterMs`, then lets one trial request through. Only failures that
 * say "the source is unwell" count: non-retriable answers (401, 404, 400)
 * and 429 show a live server and reset the count.
 */
export function createRequestBreaker(source: string, settings: CircuitBreakerSettings): RequestBreaker {
  const breaker = new CircuitBreaker(async (request: () => Promise<unknown>) => request(), {
    timeout: false,
    resetTimeout: settings.resetAfterMs,
    // Never opens on percentages; failure() below opens it.
    errorThresholdPercentage: 100,
    errorFilter: (err: unknown) => !isRetriable(err) || (err as { context?: { status?: number } }).context?.status === 429,
  });
  let consecutive = 0;
  breaker.on('success', () => {
    consecutive = 0;
  });
  breaker.on('failure', () => {
    consecutive += 1;
    if (consecutive >= settings.failureThreshold && !breaker.opened) breaker.open();
  });
  return {
    async fire<T>(request: () => Promise<T>): Promise<T> {
      try {
        return (await breaker.fire(request)) as T;
      } catch (err) {
        if ((err as { code?: string }).code === 'EOPENBREAKER') {
          throw connectorError(ConnectorErrorCode.circuitOpen, source, `circuit open after ${consecutive} consecutive failures; not calling the source for up to ${settings.resetAfterMs} ms`, {
            retriable: false,
            context: { failures: consecutive, resetAfterMs: settings.resetAfterMs },
          });
        }
        throw err;
      }
    },
    get state() {
      return breaker.opened ? 'open' : breaker.halfOpen ? 'half-open' : 'closed';
    },
  };
}
