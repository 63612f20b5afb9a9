import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kthSmallest } from './select.js';

describe('kthSmallest', () => {
  it('equals sorting and reading index k', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }).map((x) => x / 4), { minLength: 1, maxLength: 300 }).chain((xs) => fc.tuple(fc.constant(xs), fc.nat(xs.length - 1))),
        ([xs, k]) => {
          expect(kthSmallest(Float64Array.from(xs), xs.length, k)).toBe([...xs].sort((a, b) => a - b)[k]);
        },
      ),
      { numRuns: 300 },
    );
    expect(() => kthSmallest(new Float64Array(2), 2, 2)).toThrow(/kthSmallest: k 2 outside 0\.\.1/);
  });
});
