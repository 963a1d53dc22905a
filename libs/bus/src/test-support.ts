import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import type { EventEnvelope } from './bus';

/** Silent unless LOG_LEVEL is set, so failing tests can be rerun with the bus's logs. */
export function testLogger(): Logger {
  return pino({ level: process.env.LOG_LEVEL ?? 'silent' });
}

/** A valid envelope with a fresh id. */
export function makeEvent(overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    id: randomUUID(),
    type: 'test.happened',
    version: 1,
    runId: `run-${randomUUID().slice(0, 8)}`,
    producer: 'bus-test',
    time: new Date().toISOString(),
    payload: { n: 1 },
    ...overrides,
  };
}

/** Topic/group names unique per test run, so tests on a shared Kafka never see each other's data. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
}

/** Polls `check` until it returns true; throws naming `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
