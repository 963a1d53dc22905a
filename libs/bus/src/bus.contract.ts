import { describe, it, expect, afterEach } from 'vitest';
import { PlatformError } from '@churn/core';
import type { Bus, DeadLetterRecord, DeliveryContext, EventEnvelope, RetryPolicy } from './bus';
import { DEAD_LETTER_EVENT_TYPE, DEAD_LETTER_EVENT_VERSION } from './dead-letter';
import { delay, makeEvent, uniqueName, waitFor } from './test-support';

/** What the contract needs from an implementation under test. */
export interface BusHarness {
  bus: Bus;
  /** Puts a message on a topic without the codec, as a foreign producer could. */
  publishRaw(topic: string, value: string): Promise<void>;
}

export type MakeHarness = (options: { deadLetterTopic: string; retry: RetryPolicy }) => Promise<BusHarness>;

const retry: RetryPolicy = { attempts: 3, initialDelayMs: 20, maxDelayMs: 100 };

/**
 * The behaviour both Bus implementations must share. `settleMs` is how long to wait
 * for a message that must NOT arrive (longer on Kafka, where delivery takes a fetch).
 */
export function runBusContract(name: string, makeHarness: MakeHarness, settleMs: number, timeout: number): void {
  describe(`Bus contract: ${name}`, { timeout }, () => {
    const open: Bus[] = [];
    afterEach(async () => {
      await Promise.all(open.splice(0).map((bus) => bus.close()));
    });

    async function setup(): Promise<BusHarness & { topic: string; dlq: string }> {
      const dlq = uniqueName('dlq');
      const harness = await makeHarness({ deadLetterTopic: dlq, retry });
      open.push(harness.bus);
      return { ...harness, topic: uniqueName('topic'), dlq };
    }

    /** Subscribes a group to the dead-letter topic and collects what arrives. */
    async function collectDeadLetters(bus: Bus, dlq: string): Promise<EventEnvelope[]> {
      const received: EventEnvelope[] = [];
      await bus.subscribe({ group: uniqueName('dlq-reader'), topics: [dlq], handler: async (e) => void received.push(e) });
      return received;
    }

    it('delivers a published event with its key and headers', async () => {
      const { bus, topic } = await setup();
      const got: Array<{ event: EventEnvelope; delivery: DeliveryContext }> = [];
      await bus.subscribe({ group: uniqueName('g'), topics: [topic], handler: async (event, delivery) => void got.push({ event, delivery }) });
      const event = makeEvent({ payload: { hello: 'world' } });
      await bus.publish(topic, event, { headers: { 'x-trace': 'abc' } });
      await waitFor('the event', () => got.length === 1);
      expect(got[0]!.event).toEqual(event);
      expect(got[0]!.delivery).toMatchObject({ topic, attempt: 1, headers: { 'x-trace': 'abc' } });
      expect(Number(got[0]!.delivery.offset)).toBeGreaterThanOrEqual(0);
    });

    it('delivers events published before the group subscribed', async () => {
      const { bus, topic } = await setup();
      const events = [makeEvent(), makeEvent()];
      for (const e of events) await bus.publish(topic, e);
      const got: string[] = [];
      await bus.subscribe({ group: uniqueName('late'), topics: [topic], handler: async (e) => void got.push(e.id) });
      await waitFor('both early events', () => got.length === 2);
      expect(got.sort()).toEqual(events.map((e) => e.id).sort());
    });

    it('keeps the order of events with the same key', async () => {
      const { bus, topic } = await setup();
      const got: number[] = [];
      await bus.subscribe({ group: uniqueName('g'), topics: [topic], handler: async (e) => void got.push((e.payload as { n: number }).n) });
      const runId = uniqueName('run');
      for (let n = 0; n < 10; n += 1) await bus.publish(topic, makeEvent({ runId, payload: { n } }));
      await waitFor('ten events', () => got.length === 10);
      expect(got).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('gives every group each event once', async () => {
      const { bus, topic } = await setup();
      const a: string[] = [];
      const b: string[] = [];
      await bus.subscribe({ group: uniqueName('a'), topics: [topic], handler: async (e) => void a.push(e.id) });
      await bus.subscribe({ group: uniqueName('b'), topics: [topic], handler: async (e) => void b.push(e.id) });
      const event = makeEvent();
      await bus.publish(topic, event);
      await waitFor('both groups', () => a.length === 1 && b.length === 1);
      await delay(settleMs);
      expect(a).toEqual([event.id]);
      expect(b).toEqual([event.id]);
    });

    it('redelivers after a failure; an idempotent handler records the effect once', async () => {
      const { bus, topic } = await setup();
      const attempts: number[] = [];
      const effects = new Map<string, number>();
      await bus.subscribe({
        group: uniqueName('g'),
        topics: [topic],
        handler: async (event, delivery) => {
          attempts.push(delivery.attempt);
          if (!effects.has(event.id)) effects.set(event.id, delivery.attempt);
          if (delivery.attempt === 1) throw new Error('transient failure');
        },
      });
      const event = makeEvent();
      await bus.publish(topic, event);
      await waitFor('the retry', () => attempts.length === 2);
      await delay(settleMs);
      expect(attempts).toEqual([1, 2]);
      expect([...effects.keys()]).toEqual([event.id]);
    });

    it('dead-letters an event whose handler keeps failing, after retry.attempts', async () => {
      const { bus, topic, dlq } = await setup();
      let calls = 0;
      await bus.subscribe({
        group: uniqueName('g'),
        topics: [topic],
        handler: async () => {
          calls += 1;
          throw new PlatformError('CHURN_TEST_DOWNSTREAM', `still down (${calls})`, { retriable: true });
        },
      });
      const deadLetters = await collectDeadLetters(bus, dlq);
      const event = makeEvent();
      await bus.publish(topic, event, { headers: { 'x-trace': 't1' } });
      await waitFor('the dead letter', () => deadLetters.length === 1);
      const envelope = deadLetters[0]!;
      expect(envelope).toMatchObject({ type: DEAD_LETTER_EVENT_TYPE, version: DEAD_LETTER_EVENT_VERSION, runId: event.runId });
      const record = envelope.payload as DeadLetterRecord;
      expect(record).toMatchObject({ originalTopic: topic, reason: 'handler-failed', attempts: retry.attempts, headers: { 'x-trace': 't1' } });
      expect(record.errors).toHaveLength(retry.attempts);
      expect(record.errors[0]).toEqual({ code: 'CHURN_TEST_DOWNSTREAM', message: 'still down (1)' });
      expect(JSON.parse(record.value)).toEqual(event);
      expect(calls).toBe(retry.attempts);
    });

    it('dead-letters at once on a non-retriable handler error', async () => {
      const { bus, topic, dlq } = await setup();
      let calls = 0;
      await bus.subscribe({
        group: uniqueName('g'),
        topics: [topic],
        handler: async () => {
          calls += 1;
          throw new PlatformError('CHURN_TEST_BAD_INPUT', 'cannot ever work', { retriable: false });
        },
      });
      const deadLetters = await collectDeadLetters(bus, dlq);
      await bus.publish(topic, makeEvent());
      await waitFor('the dead letter', () => deadLetters.length === 1);
      expect(deadLetters[0]!.payload).toMatchObject({ reason: 'handler-failed', attempts: 1, errors: [{ code: 'CHURN_TEST_BAD_INPUT' }] });
      expect(calls).toBe(1);
    });

    it('dead-letters invalid events without calling the handler, and goes on', async () => {
      const { bus, topic, dlq, publishRaw } = await setup();
      const handled: string[] = [];
      await bus.subscribe({ group: uniqueName('g'), topics: [topic], handler: async (e) => void handled.push(e.id) });
      const deadLetters = await collectDeadLetters(bus, dlq);
      const invalid = JSON.stringify({ ...makeEvent(), version: 'one' });
      await publishRaw(topic, invalid);
      await publishRaw(topic, 'not json {');
      const valid = makeEvent();
      await bus.publish(topic, valid);
      await waitFor('two dead letters and the valid event', () => deadLetters.length === 2 && handled.length === 1);
      expect(handled).toEqual([valid.id]);
      const records = deadLetters.map((d) => d.payload as DeadLetterRecord).sort((x, y) => (x.value < y.value ? -1 : 1));
      expect(records.map((r) => r.value)).toEqual([invalid, 'not json {'].sort());
      for (const record of records) {
        expect(record).toMatchObject({ reason: 'invalid-event', originalTopic: topic, attempts: 0 });
      }
      expect(records.flatMap((r) => r.errors.map((e) => e.code)).sort()).toEqual(['CHURN_BUS_UNDECODABLE_EVENT', 'CHURN_TEST_INVALID_EVENT']);
    });

    it('rejects publishing an invalid event with the codec error and sends nothing', async () => {
      const { bus, topic } = await setup();
      const got: EventEnvelope[] = [];
      await bus.subscribe({ group: uniqueName('g'), topics: [topic], handler: async (e) => void got.push(e) });
      const runId = uniqueName('run');
      const bad = { ...makeEvent({ runId }), producer: '' };
      await expect(bus.publish(topic, bad)).rejects.toMatchObject({ code: 'CHURN_TEST_INVALID_EVENT' });
      // Same key, so it would queue behind the invalid one had that been sent.
      const marker = makeEvent({ runId });
      await bus.publish(topic, marker);
      await waitFor('the marker', () => got.length === 1);
      await delay(settleMs);
      expect(got.map((e) => e.id)).toEqual([marker.id]);
    });

    it('close() waits for the handler in flight', async () => {
      const { bus, topic } = await setup();
      let started = false;
      let finished = false;
      await bus.subscribe({
        group: uniqueName('g'),
        topics: [topic],
        handler: async () => {
          started = true;
          await delay(300);
          finished = true;
        },
      });
      await bus.publish(topic, makeEvent());
      await waitFor('the handler to start', () => started);
      await bus.close();
      expect(finished).toBe(true);
      await expect(bus.publish(topic, makeEvent())).rejects.toMatchObject({ code: 'CHURN_BUS_CLOSED' });
    });
  });
}
