import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { fullJitterDelay, parseRetryAfter, retryDelay, RETRY_AFTER_LIMIT_MS } from './backoff';
import { nextLink } from './link-header';
import { toNdjson } from './ndjson';
import { compareWatermarks, watermarkTracker } from './watermark';

describe('watermarks', () => {
  it('compares ISO timestamps as instants, with text for sub-millisecond ties', () => {
    expect(compareWatermarks('2026-10-31T12:00:00+02:00', '2026-10-31T11:00:00Z')).toBe(-1);
    expect(compareWatermarks('2026-10-31T12:00:00.000200Z', '2026-10-31T12:00:00.000100Z')).toBe(1);
    expect(compareWatermarks('2026-10-31', '2026-10-30T23:59:59Z')).toBe(1);
    expect(compareWatermarks('10', '9')).toBe(1);
    expect(compareWatermarks('b', 'a')).toBe(1);
  });

  it('keeps the greatest value offered, starting from the input watermark', () => {
    const t = watermarkTracker('2026-01-02T00:00:00Z');
    for (const v of ['2026-01-01T00:00:00Z', null, undefined, '', {}, '2026-03-01T00:00:00Z', '2026-02-01T00:00:00Z']) t.offer(v);
    expect(t.current()).toBe('2026-03-01T00:00:00Z');
    const empty = watermarkTracker(undefined);
    expect(empty.current()).toBeUndefined();
    empty.offer(new Date('2026-05-05T00:00:00Z'));
    expect(empty.current()).toBe('2026-05-05T00:00:00.000Z');
    const numeric = watermarkTracker('9');
    for (const v of [10, 42n, 7]) numeric.offer(v);
    expect(numeric.current()).toBe('42');
  });

  it('picks the same maximum as compareWatermarks over messy timestamps (its text fast path included)', () => {
    const random = seedrandom('watermarks');
    const rnd = (n: number) => Math.floor(random() * n);
    const pad = (v: number, w = 2) => String(v).padStart(w, '0');
    const stamp = () => {
      // Mostly valid instants, sometimes out-of-range fields (Nov 31, 24:00, :60) Date.parse rolls over or refuses.
      const date = `${['2024', '2026'][rnd(2)]}-${pad([1, 2, 3, 10, 11, 12, 13][rnd(7)] as number)}-${pad([0, 1, 2, 28, 29, 30, 31, 32][rnd(8)] as number)}`;
      const time = `${pad(rnd(26))}:${pad(rnd(61))}:${pad(rnd(61))}`;
      const fraction = ['', '.5', '.123', '.123456'][rnd(4)];
      const zone = ['Z', 'Z', 'Z', '+02:00'][rnd(4)];
      return `${date}T${time}${fraction}${zone}`;
    };
    for (let run = 0; run < 300; run += 1) {
      const values = Array.from({ length: 30 }, stamp);
      const tracker = watermarkTracker(values[0]);
      let expected = values[0] as string;
      for (const v of values.slice(1)) {
        tracker.offer(v);
        if (compareWatermarks(v, expected) > 0) expected = v;
      }
      expect(tracker.current()).toBe(expected);
    }
    // Date.parse reads Nov 31 as Dec 1: text order would say the opposite.
    const rolled = watermarkTracker('2026-11-31T10:00:00Z');
    rolled.offer('2026-12-01T05:00:00Z');
    expect(rolled.current()).toBe('2026-11-31T10:00:00Z');
  });
});

describe('Link header', () => {
  it('finds rel="next" among several links and resolves relative targets', () => {
    const header = '<https://api.example/t?page=1>; rel="prev", <https://api.example/t?page=3>; rel="next", <https://api.example/t?page=9>; rel=last';
    expect(nextLink(header, 'https://api.example/t?page=2')?.href).toBe('https://api.example/t?page=3');
    expect(nextLink('</t?page=2>; rel="next last"', 'http://h:1/t?page=1')?.href).toBe('http://h:1/t?page=2');
    expect(nextLink('<https://api.example/t?page=1>; rel="prev"', 'https://api.example/')).toBeUndefined();
    expect(nextLink(null, 'https://api.example/')).toBeUndefined();
  });
});

describe('backoff', () => {
  const policy = { attempts: 5, initialDelayMs: 100, maxDelayMs: 1000 };
  it('full jitter stays within [0, min(max, initial * 2^(n-1))]', () => {
    expect(fullJitterDelay(1, policy, () => 0.999999)).toBe(100);
    expect(fullJitterDelay(3, policy, () => 0.5)).toBe(200);
    expect(fullJitterDelay(10, policy, () => 0.999999)).toBe(1000);
    expect(fullJitterDelay(4, policy, () => 0)).toBe(0);
  });

  it('parses Retry-After as seconds or an HTTP date, obeys it beyond maxDelay but not beyond the hard limit', () => {
    const now = Date.parse('2026-10-31T12:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Sat, 31 Oct 2026 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sat, 31 Oct 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(retryDelay(1, policy, 5000)).toBe(5000);
    expect(retryDelay(1, policy, 10 * RETRY_AFTER_LIMIT_MS)).toBe(RETRY_AFTER_LIMIT_MS);
  });
});

describe('toNdjson', () => {
  it('writes one JSON.stringify line per record, whatever their size and characters', () => {
    const reference = (records: unknown[]) => Buffer.from(records.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');
    const random = seedrandom('ndjson');
    const chars = ['a', '"', '\\', '\n', '\u0001', 'é', '中', '😀', '\ud800', '\u2028'];
    const text = (n: number) => Array.from({ length: n }, () => chars[Math.floor(random() * chars.length)]).join('');
    const lists: unknown[][] = [
      [],
      [{}],
      [null, 1, 'x', [1, 2], { nested: { a: [true, false, null] } }],
      Array.from({ length: 500 }, (_, i) => ({ id: i, note: text(i % 40), amount: i / 3 })),
      [{ big: text(200_000) }, { small: 'x' }, { big: '😀'.repeat(50_000) }], // grows past its first guess
    ];
    for (const records of lists) expect(toNdjson(records).equals(reference(records))).toBe(true);
    expect(toNdjson([])).toHaveLength(0);
  });
});
