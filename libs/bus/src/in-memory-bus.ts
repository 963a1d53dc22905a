import type { Bus, EventEnvelope, Subscription } from './bus';
import { deadLetterEnvelope } from './dead-letter';
import { deliver, type DeliveryOutcome } from './delivery';
import { BUS_ERROR_CODES, busError } from './errors';
import { TopicLogs, type StoredMessage } from './in-memory-log';
import { parseInMemoryBusOptions, type InMemoryBusOptions } from './options';

/** The in-process bus, plus a way to put raw (possibly invalid) messages on a topic, as a foreign producer could. */
export interface InMemoryBus extends Bus {
  /** Appends a message without codec validation (tests, replays of raw data). */
  publishRaw(topic: string, value: string, options?: { key?: string; headers?: Record<string, string> }): void;
}

interface GroupState {
  subscription: Subscription;
  /** Next offset to deliver, per "topic:partition" (the committed offset). */
  offsets: Map<string, number>;
  /** Partitions with a running delivery loop. */
  pumping: Set<string>;
}

/**
 * An in-process Bus with Kafka's semantics: per-topic partitioned logs kept from the
 * start, consumer groups with their own offsets (each group sees every event once,
 * one handler call per event within a group), ordering per key, retries with
 * backoff, dead-lettering (see DeadLetterEnvelope). Partitions of a group are
 * consumed concurrently, each in order. Throws CHURN_BUS_INVALID_OPTIONS on bad options.
 */
export function createInMemoryBus(rawOptions: InMemoryBusOptions): InMemoryBus {
  const options = parseInMemoryBusOptions(rawOptions);
  const logger = options.logger.child({ component: 'bus', bus: 'in-memory' });
  const logs = new TopicLogs(options.partitions ?? 3);
  const groups = new Map<string, GroupState>();
  const inFlight = new Set<Promise<void>>();
  const closing = new AbortController();

  function assertOpen(action: string): void {
    if (closing.signal.aborted) throw busError(BUS_ERROR_CODES.closed, `cannot ${action}: the bus is closed`);
  }

  function append(topic: string, message: StoredMessage): void {
    const partition = logs.append(topic, message);
    for (const group of groups.values()) {
      if (group.subscription.topics.includes(topic)) schedule(group, topic, partition);
    }
  }

  function acknowledge(group: GroupState, key: string, offset: number, outcome: DeliveryOutcome, message: StoredMessage): void {
    if (outcome.kind === 'dead-letter') {
      if (outcome.record.originalTopic === options.deadLetterTopic) {
        // Re-dead-lettering a dead letter would loop forever.
        logger.error({ group: group.subscription.group, offset }, 'dead-letter handler failed; dropping the record');
      } else {
        const envelope = deadLetterEnvelope(outcome.record, outcome.runId);
        append(options.deadLetterTopic, { key: message.key, value: JSON.stringify(envelope), headers: message.headers });
      }
    }
    group.offsets.set(key, offset + 1);
  }

  async function pump(group: GroupState, topic: string, partition: number): Promise<void> {
    const key = `${topic}:${partition}`;
    const log = logs.partitionsOf(topic)[partition] ?? [];
    while (!closing.signal.aborted) {
      const offset = group.offsets.get(key) ?? 0;
      const message = log[offset];
      if (!message) return;
      const outcome = await deliver(
        { topic, partition, offset: String(offset), headers: { ...message.headers }, value: message.value },
        { group: group.subscription.group, codec: options.codec, handler: group.subscription.handler, retry: options.retry, logger, signal: closing.signal },
      );
      if (outcome.kind === 'aborted') return;
      acknowledge(group, key, offset, outcome, message);
    }
  }

  function schedule(group: GroupState, topic: string, partition: number): void {
    const key = `${topic}:${partition}`;
    if (group.pumping.has(key) || closing.signal.aborted) return;
    group.pumping.add(key);
    // setImmediate: publish() returns before any handler runs, as with a real broker.
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => pump(group, topic, partition))
      .catch((err: unknown) => logger.error({ err, group: group.subscription.group, topic, partition }, 'delivery loop failed'))
      .finally(() => {
        group.pumping.delete(key);
        inFlight.delete(run);
        // A message appended while the loop was finishing would otherwise wait for the next publish.
        const pending = (logs.partitionsOf(topic)[partition]?.length ?? 0) > (group.offsets.get(key) ?? 0);
        if (pending) schedule(group, topic, partition);
      });
    inFlight.add(run);
  }

  return {
    async publish(topic: string, event: EventEnvelope, publishOptions: { key?: string; headers?: Record<string, string> } = {}): Promise<void> {
      assertOpen('publish');
      const valid = options.codec.validate(event);
      append(topic, { key: publishOptions.key ?? valid.runId, value: JSON.stringify(valid), headers: { ...publishOptions.headers } });
    },

    publishRaw(topic, value, rawOptions = {}): void {
      assertOpen('publish');
      append(topic, { key: rawOptions.key ?? '', value, headers: { ...rawOptions.headers } });
    },

    async subscribe(subscription: Subscription): Promise<void> {
      assertOpen('subscribe');
      if (groups.has(subscription.group)) {
        throw busError(BUS_ERROR_CODES.duplicateGroup, `group ${subscription.group} is already subscribed on this bus`, {
          context: { group: subscription.group },
        });
      }
      const group: GroupState = { subscription: { ...subscription, topics: [...subscription.topics] }, offsets: new Map(), pumping: new Set() };
      groups.set(subscription.group, group);
      for (const topic of group.subscription.topics) {
        logs.partitionsOf(topic).forEach((_, partition) => schedule(group, topic, partition));
      }
    },

    async ping(): Promise<void> {
      assertOpen('ping');
    },

    async close(): Promise<void> {
      closing.abort();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
