/**
 * A per-key token bucket: each key may burst `capacity` requests, refilled at `refillPerSecond`.
 * Hand-written (a dozen lines) rather than adding express-rate-limit; state is in memory, per process.
 */
export interface TokenBucketOptions {
  readonly capacity: number;
  readonly refillPerSecond: number;
  /** Injected clock in milliseconds (tests). */
  readonly now?: () => number;
  /** Buckets idle this long are forgotten (memory bound). */
  readonly idleMs?: number;
}

export interface TakeResult {
  readonly allowed: boolean;
  /** Whole tokens left after this request. */
  readonly remaining: number;
  /** Seconds until one token is available (0 when allowed). */
  readonly retryAfterSeconds: number;
}

/**
 * @example
 * const limiter = new TokenBucketLimiter({ capacity: 10, refillPerSecond: 5 });
 * if (!limiter.take(keyId).allowed) reply429();
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;
  private lastSweep: number;

  constructor(private readonly opts: TokenBucketOptions) {
    if (!(opts.capacity > 0) || !(opts.refillPerSecond > 0)) {
      throw new RangeError(`TokenBucketLimiter: capacity and refillPerSecond must be positive, got ${opts.capacity} and ${opts.refillPerSecond}`);
    }
    this.now = opts.now ?? (() => performance.now());
    this.lastSweep = this.now();
  }

  take(key: string, cost = 1): TakeResult {
    const t = this.now();
    this.sweep(t);
    const b = this.buckets.get(key) ?? { tokens: this.opts.capacity, at: t };
    b.tokens = Math.min(this.opts.capacity, b.tokens + ((t - b.at) / 1000) * this.opts.refillPerSecond);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= cost) {
      b.tokens -= cost;
      return { allowed: true, remaining: Math.floor(b.tokens), retryAfterSeconds: 0 };
    }
    return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((cost - b.tokens) / this.opts.refillPerSecond)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(t: number): void {
    const idle = this.opts.idleMs ?? 10 * 60 * 1000;
    if (t - this.lastSweep < idle) return;
    this.lastSweep = t;
    for (const [k, b] of this.buckets) if (t - b.at >= idle) this.buckets.delete(k);
  }
}
