import type { Logger } from 'pino';
import { describeError, isRetriable } from '@churn/core';
import type { DeadLetterRecord, EventCodec, EventEnvelope, EventHandler, RetryPolicy } from './bus';
import { backoffDelay, sleep } from './backoff';
import { runIdOf } from './dead-letter';
import { BUS_ERROR_CODES } from './errors';

/** One message as it came off a topic, before decoding. */
export interface RawMessage {
  topic: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
  value: string;
}

export interface DeliveryDeps {
  group: string;
  codec: EventCodec;
  handler: EventHandler;
  retry: RetryPolicy;
  logger: Logger;
  /** Aborted when the bus closes: a pending backoff ends and the message stays unacknowledged. */
  signal: AbortSignal;
  /** Called before each retry (Kafka: heartbeat, so a long backoff does not cost the group membership). */
  beforeRetry?: () => Promise<void>;
}

/** What to do with the message's offset afterwards: acknowledge (handled / dead-lettered) or leave it (aborted). */
export type DeliveryOutcome =
  | { kind: 'handled'; attempts: number }
  | { kind: 'dead-letter'; record: DeadLetterRecord; runId: string | undefined }
  | { kind: 'aborted' };

function deadLetter(
  message: RawMessage,
  deps: DeliveryDeps,
  reason: DeadLetterRecord['reason'],
  errors: DeadLetterRecord['errors'],
  attempts: number,
  runId: string | undefined,
): DeliveryOutcome {
  const record: DeadLetterRecord = {
    originalTopic: message.topic,
    partition: message.partition,
    offset: message.offset,
    group: deps.group,
    headers: message.headers,
    value: message.value,
    reason,
    errors,
    attempts,
    deadLetteredAt: new Date().toISOString(),
  };
  return { kind: 'dead-letter', record, runId };
}

function decode(message: RawMessage, deps: DeliveryDeps): { event: EventEnvelope } | { outcome: DeliveryOutcome } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.value);
  } catch (err) {
    const error = { code: BUS_ERROR_CODES.undecodableEvent, message: `message is not JSON: ${(err as Error).message}` };
    return { outcome: deadLetter(message, deps, 'invalid-event', [error], 0, undefined) };
  }
  try {
    return { event: deps.codec.validate(parsed) };
  } catch (err) {
    const { code, message: text } = describeError(err);
    return { outcome: deadLetter(message, deps, 'invalid-event', [{ code, message: text }], 0, runIdOf(parsed)) };
  }
}

/**
 * The consume path shared by both buses: JSON -> codec.validate -> handler, retrying
 * retriable handler errors with exponential backoff up to retry.attempts. Invalid
 * events never reach the handler (attempts 0); non-retriable errors dead-letter at once.
 */
export async function deliver(message: RawMessage, deps: DeliveryDeps): Promise<DeliveryOutcome> {
  const decoded = decode(message, deps);
  if ('outcome' in decoded) return decoded.outcome;
  const { event } = decoded;
  const log = deps.logger.child({ topic: message.topic, partition: message.partition, offset: message.offset, group: deps.group, eventId: event.id, eventType: event.type });
  const errors: DeadLetterRecord['errors'] = [];
  for (let attempt = 1; ; attempt += 1) {
    try {
      await deps.handler(event, { topic: message.topic, partition: message.partition, offset: message.offset, attempt, headers: message.headers });
      return { kind: 'handled', attempts: attempt };
    } catch (err) {
      const { code, message: text } = describeError(err);
      errors.push({ code, message: text });
      if (!isRetriable(err) || attempt >= deps.retry.attempts) {
        log.error({ err, attempt }, 'handler failed; dead-lettering the event');
        return deadLetter(message, deps, 'handler-failed', errors, attempt, event.runId);
      }
      const delayMs = backoffDelay(deps.retry, attempt);
      log.warn({ err, attempt, delayMs }, 'handler failed; retrying');
      if (!(await sleep(delayMs, deps.signal))) return { kind: 'aborted' };
      await deps.beforeRetry?.();
    }
  }
}
