import pRetry from 'p-retry';
import type { Logger } from 'pino';
import { PlatformError, isRetriable } from '@churn/core';
import { retryDelay, type RetryPolicy, type Sleep } from './backoff';
import { ConnectorErrorCode, connectorError, statusOf } from './errors';

export interface RetryOptions {
  source: string;
  policy: RetryPolicy;
  signal: AbortSignal;
  log: Logger;
  sleep: Sleep;
  random?: () => number;
  /** Called once per retry (for stats). */
  onRetry?: () => void;
  /** What is being retried, for logs and errors (a URL). */
  target: string;
}

/** The abort error of a run: the work is unfinished, not failed, so it may be redone. */
export function abortedError(source: string, reason: unknown): PlatformError {
  return connectorError(ConnectorErrorCode.aborted, source, 'run aborted', { retriable: true, cause: reason });
}

function retryAfterOf(err: unknown): number | undefined {
  const value = err instanceof PlatformError ? err.context.retryAfterMs : undefined;
  return typeof value === 'number' ? value : undefined;
}

/**
 * Runs `attempt` until it succeeds, a non-retriable error occurs or the policy
 * is spent. Waits with full jitter, or the server's Retry-After. The final
 * error keeps the last attempt's code but is not retriable (this layer did
 * the retrying) and carries { source, attempts, lastStatus }.
 */
export async function withRetries<T>(attempt: (attemptNumber: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { source, policy, signal, log } = options;
  let attempts = 0;
  try {
    return await pRetry(
      async (n) => {
        attempts = n;
        return attempt(n);
      },
      {
        retries: policy.attempts - 1,
        // p-retry's own wait is off: the delay is ours (full jitter, Retry-After) and taken in shouldRetry.
        minTimeout: 0,
        factor: 1,
        signal,
        shouldRetry: async ({ error, attemptNumber }) => {
          if (signal.aborted || !isRetriable(error)) return false;
          const delayMs = retryDelay(attemptNumber, policy, retryAfterOf(error), options.random);
          const code = error instanceof PlatformError ? error.code : undefined;
          log.warn({ target: options.target, attempt: attemptNumber, status: statusOf(error), code, delayMs, err: error }, 'request failed, retrying');
          options.onRetry?.();
          await options.sleep(delayMs, signal);
          return true;
        },
      },
    );
  } catch (err) {
    if (signal.aborted) throw abortedError(source, signal.reason);
    const last =
      err instanceof PlatformError
        ? err
        : connectorError(ConnectorErrorCode.unavailable, source, `request to ${options.target} failed: ${(err as Error).message}`, { retriable: true, cause: err });
    const lastStatus = statusOf(last);
    const message = last.retriable ? `${last.message} (gave up after ${attempts} attempts)` : last.message;
    throw new PlatformError(last.code, message, {
      retriable: false,
      cause: last,
      statusCode: last.statusCode,
      context: { ...last.context, source, target: options.target, attempts, lastStatus },
    });
  }
}
