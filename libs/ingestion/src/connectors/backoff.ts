import { setTimeout as delay } from 'node:timers/promises';

/** Waits `ms`, rejecting early when `signal` aborts. Injectable so tests can record delays. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export const realSleep: Sleep = async (ms, signal) => {
  await delay(ms, undefined, { signal });
};

/** Retry budget of one request. */
export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, initialDelayMs: 500, maxDelayMs: 30_000 };

/**
 * A server's Retry-After is obeyed even beyond maxDelayMs (it knows when it
 * will take requests again), but never longer than this.
 */
export const RETRY_AFTER_LIMIT_MS = 120_000;

/**
 * "Full jitter" backoff: uniformly random in [0, min(max, initial * 2^(retry-1))],
 * so clients that failed together do not retry together.
 */
export function fullJitterDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(random() * ceiling);
}

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The wait before the next attempt: the server's Retry-After when given (capped at the hard limit), else full jitter. */
export function retryDelay(retry: number, policy: RetryPolicy, retryAfterMs: number | undefined, random?: () => number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, RETRY_AFTER_LIMIT_MS);
  return fullJitterDelay(retry, policy, random);
}
