import { Kafka, Partitioners, type Admin, type Consumer, type IHeaders, type Producer } from 'kafkajs';
import { PlatformError } from '@churn/core';
import type { Bus, EventEnvelope, Subscription } from './bus';
import { deadLetterEnvelope } from './dead-letter';
import { deliver } from './delivery';
import { BUS_ERROR_CODES, busError } from './errors';
import { pinoLogCreator } from './kafka-logger';
import { ensureTopics } from './kafka-topics';
import { parseKafkaBusOptions, type KafkaBusOptions } from './options';

const PING_TIMEOUT_MS = 5000;

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = (Array.isArray(value) ? value : [value]).map((v) => v.toString()).join(',');
  }
  return out;
}

/** Connects once on first use; a failed connect is forgotten so the next call tries again. */
function lazyConnect(connect: () => Promise<void>): () => Promise<void> {
  let pending: Promise<void> | undefined;
  return () => {
    pending ??= connect().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A Bus on Kafka (kafkajs): idempotent producer (acks all, one request in flight,
 * so retries neither duplicate nor reorder), one consumer per subscription group
 * reading from the earliest offset, manual commits after the handler succeeded or
 * the event was dead-lettered (see DeadLetterEnvelope). A crash before the commit
 * means redelivery: handlers must be idempotent. Throws CHURN_BUS_INVALID_OPTIONS on bad options.
 */
export function createKafkaBus(rawOptions: KafkaBusOptions): Bus {
  const options = parseKafkaBusOptions(rawOptions);
  const logger = options.logger.child({ component: 'bus', bus: 'kafka', clientId: options.clientId });
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ssl: options.ssl,
    sasl: options.sasl as never,
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    logCreator: pinoLogCreator(logger),
  });
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: true,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const admin: Admin = kafka.admin();
  const connectProducer = lazyConnect(() => producer.connect());
  const connectAdmin = lazyConnect(() => admin.connect());
  const consumers = new Map<string, Consumer>();
  const groups = new Set<string>();
  const closing = new AbortController();
  const partitions = options.topicPartitions ?? 3;

  function assertOpen(action: string): void {
    if (closing.signal.aborted) throw busError(BUS_ERROR_CODES.closed, `cannot ${action}: the bus is closed`);
  }

  async function send(topic: string, key: string, value: string, headers: Record<string, string>): Promise<void> {
    try {
      await connectProducer();
      await producer.send({ topic, acks: -1, messages: [{ key, value, headers }] });
    } catch (err) {
      throw busError(BUS_ERROR_CODES.publishFailed, `publish to ${topic} failed: ${(err as Error).message}`, {
        retriable: true,
        cause: err,
        context: { topic },
      });
    }
  }

  async function startConsumer(subscription: Subscription): Promise<Consumer> {
    const { group, topics, handler } = subscription;
    await connectAdmin();
    await ensureTopics(admin, [...topics, options.deadLetterTopic], partitions);
    const sessionTimeout = options.sessionTimeoutMs ?? 30_000;
    const consumer = kafka.consumer({
      groupId: group,
      sessionTimeout,
      heartbeatInterval: Math.max(1000, Math.floor(sessionTimeout / 10)),
      // disconnect() waits for the pending long-poll fetch; 1 s (not kafkajs's 5 s) keeps close() quick.
      maxWaitTimeInMs: 1000,
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => logger.error({ err: payload.error, group, restart: payload.restart }, 'consumer crashed'));
    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
    } catch (err) {
      await consumer.disconnect().catch(() => undefined);
      throw err;
    }
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        const outcome = await deliver(
          { topic, partition, offset: message.offset, headers: headersToStrings(message.headers), value: message.value?.toString('utf8') ?? '' },
          { group, codec: options.codec, handler, retry: options.retry, logger, signal: closing.signal, beforeRetry: heartbeat },
        );
        // Closing mid-backoff: leave the offset uncommitted so another consumer redelivers it.
        if (outcome.kind === 'aborted') return;
        if (outcome.kind === 'dead-letter') {
          if (topic === options.deadLetterTopic) {
            logger.error({ group, partition, offset: message.offset }, 'dead-letter handler failed; dropping the record');
          } else {
            const envelope = deadLetterEnvelope(outcome.record, outcome.runId);
            await send(options.deadLetterTopic, message.key?.toString('utf8') ?? envelope.runId, JSON.stringify(envelope), outcome.record.headers);
          }
        }
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      },
    });
    return consumer;
  }

  // Services starting together race to create topics; until a new topic's leaders are
  // elected the broker answers "does not host this topic-partition". Try again a few times.
  async function startConsumerWithRetry(subscription: Subscription): Promise<Consumer> {
    const attempts = 8;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await startConsumer(subscription);
      } catch (err) {
        const retriable = (err as { retriable?: boolean }).retriable === true;
        if (!retriable || attempt >= attempts || closing.signal.aborted) throw err;
        logger.warn({ err, group: subscription.group, attempt }, 'consumer could not start yet; retrying');
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** Math.min(attempt, 4)));
      }
    }
  }

  return {
    async publish(topic: string, event: EventEnvelope, publishOptions: { key?: string; headers?: Record<string, string> } = {}): Promise<void> {
      assertOpen('publish');
      const valid = options.codec.validate(event);
      await send(topic, publishOptions.key ?? valid.runId, JSON.stringify(valid), { ...publishOptions.headers });
    },

    async subscribe(subscription: Subscription): Promise<void> {
      assertOpen('subscribe');
      if (groups.has(subscription.group)) {
        throw busError(BUS_ERROR_CODES.duplicateGroup, `group ${subscription.group} is already subscribed on this bus`, {
          context: { group: subscription.group },
        });
      }
      // Reserved before the first await, so two concurrent subscribes of one group cannot both pass.
      groups.add(subscription.group);
      try {
        const consumer = await startConsumerWithRetry(subscription);
        consumers.set(subscription.group, consumer);
        // close() ran while the consumer was starting: it did not see this one.
        if (closing.signal.aborted) await consumer.disconnect();
      } catch (err) {
        groups.delete(subscription.group);
        if (err instanceof PlatformError) throw err;
        throw busError(BUS_ERROR_CODES.subscribeFailed, `subscribe of group ${subscription.group} failed: ${(err as Error).message}`, {
          retriable: true,
          cause: err,
          context: { group: subscription.group, topics: subscription.topics },
        });
      }
    },

    async ping(): Promise<void> {
      assertOpen('ping');
      try {
        await withTimeout(
          connectAdmin().then(() => admin.describeCluster()),
          PING_TIMEOUT_MS,
          'kafka describeCluster',
        );
      } catch (err) {
        throw busError(BUS_ERROR_CODES.unreachable, `kafka unreachable at ${options.brokers.join(',')}: ${(err as Error).message}`, {
          retriable: true,
          cause: err,
          context: { brokers: options.brokers },
        });
      }
    },

    async close(): Promise<void> {
      if (closing.signal.aborted) return;
      closing.abort();
      // disconnect() stops fetching and waits for the eachMessage calls in flight.
      const results = await Promise.allSettled([...consumers.values()].map((c) => c.disconnect()));
      results.push(...(await Promise.allSettled([producer.disconnect(), admin.disconnect()])));
      for (const result of results) {
        if (result.status === 'rejected') logger.warn({ err: result.reason }, 'error while disconnecting from kafka');
      }
    },
  };
}
