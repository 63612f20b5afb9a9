import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConstantViews, Slab, SpikeViews } from './slab.js';

describe('Slab', () => {
  it('hands out disjoint zeroed views of the requested sizes, within and across blocks', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: Slab.BLOCK + 10 }), { maxLength: 8 }), (sizes) => {
        const slab = new Slab(Int32Array);
        const views = sizes.map((n, k) => {
          const v = slab.take(n);
          expect(v.length).toBe(n);
          expect(v.every((x) => x === 0)).toBe(true);
          v.fill(k + 1);
          return v;
        });
        // writing one view never changed another
        views.forEach((v, k) => expect(v.every((x) => x === k + 1)).toBe(true));
      }),
      { numRuns: 30 },
    );
  });

  it('copies a prefix of a scratch array', () => {
    const slab = new Slab(Float64Array);
    const v = slab.copy(Float64Array.of(1.5, 2.5, 9), 2);
    expect(Array.from(v)).toEqual([1.5, 2.5]);
  });
});

describe('ConstantViews', () => {
  it('hands out views of the requested lengths holding only the value, across growth', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2_000 }), { maxLength: 10 }), fc.integer({ min: -3, max: 3 }), (sizes, value) => {
        const c = new ConstantViews(Float64Array, value);
        const views = sizes.map((n) => c.take(n));
        views.forEach((v, k) => {
          expect(v.length).toBe(sizes[k]);
          expect(v.every((x) => x === value)).toBe(true);
        });
      }),
      { numRuns: 30 },
    );
  });
});

describe('SpikeViews', () => {
  it('gives value everywhere but position q, which holds `at`, for every length and position, sharing one block per value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.nat(), fc.constantFrom(0, 2.5, 120, -0.25), (n, q0, value) => {
        const q = q0 % n;
        const views = new SpikeViews(Float64Array, 7, 16);
        const v = views.take(value, n, q)!;
        expect(Array.from(v)).toEqual(Array.from({ length: n }, (_, j) => (j === q ? 7 : value)));
        expect(views.take(value, n, 0)!.buffer).toBe(v.buffer);
      }),
      { numRuns: 200 },
    );
  });

  it('gives null beyond its maximum length or outside the list', () => {
    const stays = new SpikeViews(Int32Array, 1, 4);
    expect(stays.take(0, 5, 0)).toBeNull();
    expect(stays.take(0, 3, 3)).toBeNull();
    expect(Array.from(stays.take(0, 4, 3)!)).toEqual([0, 0, 0, 1]);
  });
});
