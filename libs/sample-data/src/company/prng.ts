import type { Random } from '../random';

/** 32-bit FNV-1a of a string; folds a seed of any form into a number. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3 finaliser: spreads nearby integers (customer indexes) over the whole 32-bit range. */
function mix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * An independent random stream addressed by (seed hash, entity index, stream
 * id, sub-index). Every record of the company is drawn from its own stream, so
 * any record can be regenerated alone, in any order (random access without
 * materialising), and toggling defects never changes the clean data.
 */
export function streamRandom(seedHash: number, index: number, stream: number, sub = 0): Random {
  return new Sfc32(mix(seedHash ^ 0x9e3779b9), mix(index + Math.imul(stream, 0x27d4eb2f)), mix(Math.imul(sub + 1, 0x165667b1) ^ seedHash));
}

/**
 * sfc32: tiny, fast and statistically solid for simulation. A class rather
 * than closures: millions of streams are created, and prototype methods cost
 * nothing per instance.
 */
class Sfc32 implements Random {
  private d = 1;
  constructor(
    private a: number,
    private b: number,
    private c: number,
  ) {
    for (let i = 0; i < 12; i += 1) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  uniform(min = 0, max = 1): number {
    return min + (max - min) * this.next();
  }

  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  poisson(lambda: number): number {
    // Knuth is fine for the small rates used here; the cap guards absurd inputs.
    const limit = Math.exp(-Math.min(lambda, 50));
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k += 1;
      p *= this.next();
    }
    return k;
  }

  int(minInclusive: number, maxInclusive: number): number {
    return minInclusive + Math.floor(this.next() * (maxInclusive - minInclusive + 1));
  }

  pick<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let r = this.next() * total;
    for (const [value, weight] of choices) {
      r -= weight;
      if (r < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }
}

/** Stream ids: one per kind of record, so streams never overlap. */
export const STREAMS = {
  customer: 1,
  invoice: 2,
  tickets: 3,
  usage: 4,
  cancellation: 5,
  defects: 6,
} as const;
