import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Producer } from 'kafkajs';
import { createKafkaBus } from './kafka-bus';
import { runBusContract } from './bus.contract';
import { assertKafkaReachable, kafkaBrokers, rawProducer } from './kafka-test-support';
import { testCodec } from './test-codec';
import { testLogger, uniqueName } from './test-support';

let producer: Producer | undefined;

beforeAll(async () => {
  await assertKafkaReachable();
  producer = await rawProducer();
}, 15_000);

afterAll(async () => {
  await producer?.disconnect();
});

runBusContract(
  'kafka',
  async ({ deadLetterTopic, retry }) => {
    const bus = createKafkaBus({ brokers: kafkaBrokers, clientId: uniqueName('bus-test'), codec: testCodec, logger: testLogger(), deadLetterTopic, retry });
    return {
      bus,
      publishRaw: async (topic, value) => {
        await producer!.send({ topic, messages: [{ key: 'raw', value }] });
      },
    };
  },
  1000,
  30_000,
);

describe('kafka bus specifics', () => {
  const base = { clientId: 'bus-test', codec: testCodec, logger: testLogger(), deadLetterTopic: 'dlq', retry: { attempts: 1, initialDelayMs: 0, maxDelayMs: 0 } };

  it('ping() resolves against the running broker', async () => {
    const bus = createKafkaBus({ ...base, brokers: kafkaBrokers });
    await bus.ping();
    await bus.close();
  });

  it('ping() fails with CHURN_BUS_UNREACHABLE when nothing listens', async () => {
    const bus = createKafkaBus({ ...base, brokers: ['127.0.0.1:1'], connectionTimeoutMs: 200 });
    await expect(bus.ping()).rejects.toMatchObject({ code: 'CHURN_BUS_UNREACHABLE', retriable: true });
    await bus.close();
  }, 15_000);
});
