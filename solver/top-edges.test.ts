import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costIndexFromValues, topEdges } from './top-edges.js';

/** A random CSR edge list with few distinct keys (many ties), degrees 0..40. */
const csr = fc
  .array(fc.array(fc.integer({ min: -6, max: 6 }), { maxLength: 40 }), { minLength: 1, maxLength: 12 })
  .map((units) => {
    const start = [0];
    const key: number[] = [];
    for (const u of units) {
      for (const k of u) key.push(k / 2);
      start.push(key.length);
    }
    return { start: Int32Array.from(start), key: Float64Array.from(key) };
  });

describe('topEdges', () => {
  it('lists at least min(k, degree) edges per unit, in ascending order, and bounds every unlisted key', () => {
    fc.assert(
      fc.property(csr, fc.integer({ min: 1, max: 8 }), fc.boolean(), ({ start, key }, k, largest) => {
        const top = topEdges(start, key, largest, k);
        for (let u = 0; u + 1 < start.length; u++) {
          const listed = Array.from(top.edge.subarray(top.start[u]!, top.start[u + 1]!));
          const deg = start[u + 1]! - start[u]!;
          expect(listed.length).toBeGreaterThanOrEqual(Math.min(k, deg));
          for (let q = 1; q < listed.length; q++) expect(listed[q]!).toBeGreaterThan(listed[q - 1]!);
          for (const e of listed) expect(e >= start[u]! && e < start[u + 1]!).toBe(true);
          const set = new Set(listed);
          let restBest = largest ? -Infinity : Infinity;
          for (let e = start[u]!; e < start[u + 1]!; e++) {
            if (set.has(e)) continue;
            restBest = largest ? Math.max(restBest, key[e]!) : Math.min(restBest, key[e]!);
            // every listed key is at least as good as every unlisted one
            for (const x of listed) expect(largest ? key[x]! >= key[e]! : key[x]! <= key[e]!).toBe(true);
          }
          expect(top.restBest[u]).toBe(restBest);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('lists exactly the edges whose key is at least the k-th best of their unit (ties included), as a sort would', () => {
    fc.assert(
      fc.property(csr, fc.integer({ min: 1, max: 8 }), fc.boolean(), ({ start, key }, k, largest) => {
        const top = topEdges(start, key, largest, k);
        for (let u = 0; u + 1 < start.length; u++) {
          const sorted = Array.from(key.subarray(start[u]!, start[u + 1]!)).sort((x, y) => (largest ? y - x : x - y));
          const expected: number[] = [];
          for (let e = start[u]!; e < start[u + 1]!; e++) {
            if (sorted.length <= k || (largest ? key[e]! >= sorted[k - 1]! : key[e]! <= sorted[k - 1]!)) expected.push(e);
          }
          expect(Array.from(top.edge.subarray(top.start[u]!, top.start[u + 1]!))).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('turns a value index into a cost index for costs -value / divisor', () => {
    fc.assert(
      fc.property(csr, fc.integer({ min: 1, max: 4 }), ({ start, key }, k) => {
        const n = start.length - 1;
        const divisor = Int32Array.from({ length: n }, (_, u) => 1 + (u % 3));
        const top = topEdges(start, key, true, k);
        const cheap = costIndexFromValues(top, divisor);
        for (let u = 0; u < n; u++) {
          const set = new Set(top.edge.subarray(top.start[u]!, top.start[u + 1]!));
          for (let e = start[u]!; e < start[u + 1]!; e++) {
            if (!set.has(e)) expect(-key[e]! / divisor[u]!).toBeGreaterThanOrEqual(cheap.restBest[u]!);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
