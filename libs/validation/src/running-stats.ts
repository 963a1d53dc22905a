/** Streaming min / max / mean / standard deviation (Welford), numerically stable in one pass. */
export class RunningStats {
  count = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  private mean = 0;
  private m2 = 0;

  add(x: number): void {
    this.count += 1;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    const delta = x - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (x - this.mean);
  }

  /** Summary, or null when no value was seen. `stddev` is the sample one (n - 1), null below two values. */
  summary(): { count: number; min: number; max: number; mean: number; stddev: number | null } | null {
    if (this.count === 0) return null;
    return {
      count: this.count,
      min: this.min,
      max: this.max,
      mean: this.mean,
      stddev: this.count > 1 ? Math.sqrt(this.m2 / (this.count - 1)) : null,
    };
  }
}
