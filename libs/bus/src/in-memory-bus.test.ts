import { describe, it, expect } from 'vitest';
import { createInMemoryBus } from './in-memory-bus';
import { runBusContract } from './bus.contract';
import { partitionFor } from './in-memory-log';
import { testCodec } from './test-codec';
import { makeEvent, testLogger, waitFor } from './test-support';

runBusContract(
  'in-memory',
  async ({ deadLetterTopic, retry }) => {
    const bus = createInMemoryBus({ codec: testCodec, logger: testLogger(), deadLetterTopic, retry });
    return { bus, publishRaw: async (topic, value) => bus.publishRaw(topic, value) };
  },
  50,
  5_000,
);

describe('in-memory bus specifics', () => {
  const base = { codec: testCodec, logger: testLogger(), deadLetterTopic: 'dlq', retry: { attempts: 2, initialDelayMs: 1, maxDelayMs: 5 } };

  it('spreads keys over partitions and keeps one key on one partition', () => {
    const partitions = new Set(Array.from({ length: 50 }, (_, i) => partitionFor(`run-${i}`, 3)));
    expect(partitions).toEqual(new Set([0, 1, 2]));
    expect(partitionFor('run-x', 3)).toBe(partitionFor('run-x', 3));
  });

  it('refuses a second subscription with the same group', async () => {
    const bus = createInMemoryBus(base);
    await bus.subscribe({ group: 'g', topics: ['t'], handler: async () => undefined });
    await expect(bus.subscribe({ group: 'g', topics: ['u'], handler: async () => undefined })).rejects.toMatchObject({
      code: 'CHURN_BUS_DUPLICATE_GROUP',
    });
    await bus.close();
  });

  it('close() during a backoff leaves the event unacknowledged instead of waiting', async () => {
    const bus = createInMemoryBus({ ...base, retry: { attempts: 5, initialDelayMs: 60_000, maxDelayMs: 60_000 } });
    let calls = 0;
    await bus.subscribe({ group: 'g', topics: ['t'], handler: async () => { calls += 1; throw new Error('down'); } });
    await bus.publish('t', makeEvent());
    await waitFor('first attempt', () => calls === 1);
    const started = Date.now();
    await bus.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(calls).toBe(1);
  });
});
