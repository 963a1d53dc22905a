import { describe, it, expect } from 'vitest';
import { createInMemoryBus } from './in-memory-bus';
import { createKafkaBus } from './kafka-bus';
import { backoffDelay } from './backoff';
import { testCodec } from './test-codec';
import { testLogger } from './test-support';

const base = { codec: testCodec, logger: testLogger(), deadLetterTopic: 'churn.dead-letter', retry: { attempts: 3, initialDelayMs: 100, maxDelayMs: 1000 } };
const kafka = { ...base, brokers: ['127.0.0.1:9092'], clientId: 'test' };

function failure(fn: () => unknown): { code?: string; message?: string } {
  try {
    fn();
  } catch (err) {
    return err as { code?: string; message?: string };
  }
  throw new Error('expected a throw');
}

describe('bus options', () => {
  it.each([
    ['retry/attempts', { ...base, retry: { ...base.retry, attempts: 0 } }],
    ['deadLetterTopic', { ...base, deadLetterTopic: 'has space' }],
    ['partitions', { ...base, partitions: 0 }],
    ['extra', { ...base, extra: true }],
    ['codec.validate', { ...base, codec: {} }],
    ['logger.debug', { ...base, logger: {} }],
    ['maxDelayMs', { ...base, retry: { attempts: 1, initialDelayMs: 500, maxDelayMs: 10 } }],
  ])('in-memory: rejects a bad %s with CHURN_BUS_INVALID_OPTIONS naming it', (field, options) => {
    const err = failure(() => createInMemoryBus(options as never));
    expect(err.code).toBe('CHURN_BUS_INVALID_OPTIONS');
    expect(err.message).toContain(field);
  });

  it.each([
    ['brokers', { ...kafka, brokers: [] }],
    ['brokers/0', { ...kafka, brokers: ['no-port'] }],
    ['clientId', { ...kafka, clientId: '' }],
    ['sasl/mechanism', { ...kafka, sasl: { mechanism: 'gssapi', username: 'u', password: 'p' } }],
    ['sessionTimeoutMs', { ...kafka, sessionTimeoutMs: 100 }],
    ['partitions', { ...kafka, partitions: 3 }],
  ])('kafka: rejects a bad %s with CHURN_BUS_INVALID_OPTIONS naming it', (field, options) => {
    const err = failure(() => createKafkaBus(options as never));
    expect(err.code).toBe('CHURN_BUS_INVALID_OPTIONS');
    expect(err.message).toContain(field);
  });

  it('accepts valid options without connecting', async () => {
    await createKafkaBus(kafka).close();
    await createInMemoryBus({ ...base, partitions: 1 }).close();
  });

  it('backs off exponentially up to maxDelayMs', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(base.retry, a))).toEqual([100, 200, 400, 800, 1000]);
  });
});
