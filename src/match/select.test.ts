import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankOrder, selectTop, sortAll } from './select.js';

const setup = (totals: number[], acceptBits: boolean[]) => {
  const n = totals.length;
  const key = new Float64Array(totals);
  // A random-ish but fixed id order: reverse.
  const idOrder = new Int32Array(Array.from({ length: n }, (_, k) => n - 1 - k));
  const idRank = new Int32Array(n);
  idOrder.forEach((i, k) => {
    idRank[i] = k;
  });
  const accept = new Uint8Array(acceptBits.map((b) => (b ? 1 : 0)));
  return { n, key, idOrder, idRank, accept };
};

// Few distinct values so ties are common; negatives, zeros and -0 included.
const total = fc.oneof(fc.constantFrom(0, -0, 1, 2.5, -3, 100, 1e-300, -1e-300), fc.double({ min: -1e6, max: 1e6, noNaN: true }));

describe('ranking order', () => {
  it('rankOrder equals the comparison sort (descending and ascending, ties by id)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(total, fc.boolean()), { maxLength: 300 }), (rows) => {
        const { n, key, idOrder, idRank, accept } = setup(rows.map((r) => r[0]), rows.map((r) => r[1]));
        for (const desc of [true, false]) {
          expect(Array.from(rankOrder(key, idOrder, accept, desc))).toEqual(sortAll(key, idRank, desc, n, (i) => accept[i] === 1));
        }
      }),
      { numRuns: 300 },
    );
  });
  it('rankOrder (radix path, over 2,048 homes) equals the comparison sort', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(total, fc.boolean()), { minLength: 4500, maxLength: 6000 }), (rows) => {
        const { n, key, idOrder, idRank, accept } = setup(rows.map((r) => r[0]), rows.map((r) => r[1]));
        for (const desc of [true, false]) {
          expect(Array.from(rankOrder(key, idOrder, accept, desc))).toEqual(sortAll(key, idRank, desc, n, (i) => accept[i] === 1));
        }
      }),
      { numRuns: 15 },
    );
  });

  it('selectTop gives the first k of the full order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(total, fc.boolean()), { maxLength: 200 }), fc.integer({ min: 0, max: 30 }), (rows, k) => {
        const { n, key, idRank, accept } = setup(rows.map((r) => r[0]), rows.map((r) => r[1]));
        expect(selectTop(k, key, idRank, true, accept, 1)).toEqual(sortAll(key, idRank, true, n, (i) => accept[i] === 1).slice(0, k));
        expect(selectTop(k, key, idRank, false, accept, 0)).toEqual(sortAll(key, idRank, false, n, (i) => accept[i] === 0).slice(0, k));
      }),
      { numRuns: 300 },
    );
  });
  it('handles nothing accepted (zero case)', () => {
    const { key, idOrder, accept } = setup([1, 2], [false, false]);
    expect(rankOrder(key, idOrder, accept, true).length).toBe(0);
  });
});
