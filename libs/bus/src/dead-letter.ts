import { randomUUID } from 'node:crypto';
import type { DeadLetterRecord, EventEnvelope } from './bus';

/** Envelope type of the messages on the dead-letter topic. */
export const DEAD_LETTER_EVENT_TYPE = 'bus.dead-lettered';
/** Envelope version of the messages on the dead-letter topic. */
export const DEAD_LETTER_EVENT_VERSION = 1;
/** `producer` field of dead-letter envelopes. */
export const DEAD_LETTER_PRODUCER = 'churn-bus';

/**
 * What both bus implementations write to `deadLetterTopic`: an ordinary envelope
 * (type 'bus.dead-lettered', version 1) whose payload is the DeadLetterRecord, with
 * the original message's key and headers. `runId` is the original event's when the
 * message could be read as JSON with a runId, else 'unknown'. Being an envelope, the
 * dead-letter topic can be consumed through a Bus like any other topic, provided the
 * codec accepts this type.
 */
export type DeadLetterEnvelope = EventEnvelope<DeadLetterRecord> & {
  type: typeof DEAD_LETTER_EVENT_TYPE;
  version: typeof DEAD_LETTER_EVENT_VERSION;
};

/** The runId of a raw message, when it has one; dead-letter envelopes keep it so a run's failures stay findable. */
export function runIdOf(parsed: unknown): string | undefined {
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const runId = (parsed as { runId?: unknown }).runId;
  return typeof runId === 'string' && runId.length > 0 && runId.length <= 128 ? runId : undefined;
}

/** Wraps a dead-letter record in its envelope. */
export function deadLetterEnvelope(record: DeadLetterRecord, runId: string | undefined): DeadLetterEnvelope {
  return {
    id: randomUUID(),
    type: DEAD_LETTER_EVENT_TYPE,
    version: DEAD_LETTER_EVENT_VERSION,
    runId: runId ?? 'unknown',
    producer: DEAD_LETTER_PRODUCER,
    time: record.deadLetteredAt,
    payload: record,
  };
}
