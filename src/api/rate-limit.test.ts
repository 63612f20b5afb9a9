import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TokenBucketLimiter } from './rate-limit.js';

describe('TokenBucketLimiter', () => {
  it('allows a burst of `capacity`, then refuses with a retry-after, then refills', () => {
    let t = 0;
    const l = new TokenBucketLimiter({ capacity: 3, refillPerSecond: 2, now: () => t });
    expect([1, 2, 3].map(() => l.take('k').allowed)).toEqual([true, true, true]);
    expect(l.take('k')).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    expect(l.take('other').allowed).toBe(true);
    t = 500;
    expect(l.take('k').allowed).toBe(true);
    expect(l.take('k').allowed).toBe(false);
  });

  it('forgets idle buckets', () => {
    let t = 0;
    const l = new TokenBucketLimiter({ capacity: 1, refillPerSecond: 1, now: () => t, idleMs: 1000 });
    l.take('a');
    t = 5000;
    l.take('b');
    expect(l.size).toBe(1);
  });

  it('property: never admits more than capacity + rate x elapsed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 50 }), fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 200 }), (capacity, rate, gaps) => {
        let t = 0;
        const l = new TokenBucketLimiter({ capacity, refillPerSecond: rate, now: () => t });
        let admitted = 0;
        for (const g of gaps) {
          t += g;
          if (l.take('k').allowed) admitted += 1;
        }
        expect(admitted).toBeLessThanOrEqual(capacity + Math.floor((t / 1000) * rate) + 1);
      }),
    );
  });
});
