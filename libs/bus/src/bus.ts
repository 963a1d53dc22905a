import type { Logger } from 'pino';

/**
 * The envelope every event travels in. The bus treats the payload as opaque;
 * the `EventCodec` given at construction decides what is valid.
 */
export interface EventEnvelope<TPayload = unknown> {
  id: string;
  type: string;
  version: number;
  runId: string;
  producer: string;
  time: string;
  payload: TPayload;
}

/** Validates raw decoded JSON into an envelope, or throws a PlatformError (non-retriable) naming what is wrong. */
export interface EventCodec {
  validate(raw: unknown): EventEnvelope;
}

/** Where a delivered event came from, for logs and dead-letter records. */
export interface DeliveryContext {
  topic: string;
  partition: number;
  offset: string;
  attempt: number;
  headers: Record<string, string>;
}

export type EventHandler = (event: EventEnvelope, delivery: DeliveryContext) => Promise<void>;

export interface Subscription {
  /** Consumer group: replicas of one service share a group and split the partitions. */
  group: string;
  topics: string[];
  handler: EventHandler;
}

/** What the dead-letter topic receives: the original message and why it could not be handled. */
export interface DeadLetterRecord {
  originalTopic: string;
  partition: number;
  offset: string;
  group: string;
  headers: Record<string, string>;
  /** The original message value, as text (it may not even be JSON). */
  value: string;
  reason: 'invalid-event' | 'handler-failed';
  errors: Array<{ code: string; message: string }>;
  attempts: number;
  deadLetteredAt: string;
}

export interface RetryPolicy {
  /** Handler attempts before dead-lettering (>= 1). */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface BusOptionsBase {
  codec: EventCodec;
  retry: RetryPolicy;
  deadLetterTopic: string;
  logger: Logger;
}

/**
 * Publish/subscribe with at-least-once delivery. Offsets (or their in-process
 * equivalent) advance only after the handler succeeded or the event was
 * dead-lettered, so handlers must be idempotent.
 */
export interface Bus {
  /**
   * Validates with the codec (throwing the codec's error, nothing sent), then publishes;
   * the key (default: event.runId) picks the partition; headers reach DeliveryContext.headers.
   */
  publish(topic: string, event: EventEnvelope, options?: { key?: string; headers?: Record<string, string> }): Promise<void>;
  subscribe(subscription: Subscription): Promise<void>;
  /** Resolves when the bus is reachable; throws otherwise (used by /readyz). */
  ping(): Promise<void>;
  /** Stops consuming, waits for in-flight handlers, disconnects. */
  close(): Promise<void>;
}
