const BITS = 12;

/**
 * Distinct-value counter: exact up to `cap` values, then a HyperLogLog estimate
 * (2^12 registers, ~1.6% standard error) so memory stays bounded on big files.
 */
export class DistinctCounter {
  private exact: Set<string> | null = new Set();
  private readonly registers = new Uint8Array(1 << BITS);

  constructor(private readonly cap = 10_000) {}

  add(value: string): void {
    const h = hash32(value);
    const index = h >>> (32 - BITS);
    const rest = (h << BITS) >>> 0;
    // Rank = position of the first 1-bit in the remaining 20 bits (1-based), capped when all are zero.
    const rank = rest === 0 ? 32 - BITS + 1 : Math.clz32(rest) + 1;
    if (rank > this.registers[index]!) this.registers[index] = rank;
    if (this.exact) {
      this.exact.add(value);
      if (this.exact.size > this.cap) this.exact = null;
    }
  }

  /** True while the count is exact. */
  get isExact(): boolean {
    return this.exact !== null;
  }

  /** Exact count while under the cap, otherwise the rounded HyperLogLog estimate. */
  count(): number {
    if (this.exact) return this.exact.size;
    const m = this.registers.length;
    let sum = 0;
    let zeros = 0;
    for (const r of this.registers) {
      sum += 2 ** -r;
      if (r === 0) zeros += 1;
    }
    const alpha = 0.7213 / (1 + 1.079 / m);
    const raw = (alpha * m * m) / sum;
    // Small-range correction (linear counting) as in the original paper.
    const estimate = raw <= 2.5 * m && zeros > 0 ? m * Math.log(m / zeros) : raw;
    return Math.round(estimate);
  }
}

/** FNV-1a over UTF-16 code units, then the murmur3 finaliser to spread the bits. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
