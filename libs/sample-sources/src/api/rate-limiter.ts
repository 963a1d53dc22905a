/** Token-bucket settings: sustained rate and the burst a client may spend at once. */
export interface RateLimitSettings {
  requestsPerSecond: number;
  burst: number;
}

/** One token bucket per key (the bearer token). */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes a token; when none is left, how many whole seconds to wait for the next. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const { requestsPerSecond, burst } = this.settings;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * requestsPerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / requestsPerSecond)) };
  }
}
