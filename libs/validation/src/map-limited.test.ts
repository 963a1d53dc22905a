import { describe, expect, it } from 'vitest';
import { mapLimited } from './map-limited';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('mapLimited', () => {
  it('keeps at most `limit` calls in flight and the results in input order', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimited([5, 1, 4, 2, 3], 2, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n * 3));
      running -= 1;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('starts nothing new after a failure, tells the calls in flight, and throws the first error', async () => {
    const started: number[] = [];
    let sawAbort = false;
    const err = await mapLimited([1, 2, 3, 4], 2, async (n, signal) => {
      started.push(n);
      if (n === 1) throw new Error('first');
      await tick();
      await tick();
      sawAbort = signal.aborted;
      throw new Error('second');
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('first');
    expect(started).toEqual([1, 2]);
    expect(sawAbort).toBe(true);
  });
});
