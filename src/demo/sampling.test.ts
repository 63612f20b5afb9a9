import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';
import { cumulativeSampler, ipf, pickUnits, weightedSample, weightedSampler } from './sampling.js';

describe('weightedSample', () => {
  it('returns k distinct items of positive weight', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 40 }), (seed, ws, k) => {
        const items = ws.map((w, i) => ({ i, w }));
        const out = weightedSample(createRng(seed), items, (x) => x.w, k);
        const positive = items.filter((x) => x.w > 0).length;
        expect(out.length).toBe(Math.min(k, positive));
        expect(new Set(out).size).toBe(out.length);
        expect(out.every((x) => x.w > 0)).toBe(true);
      }),
    );
  });

  it('favours heavy items', () => {
    const rng = createRng(1);
    let heavy = 0;
    for (let t = 0; t < 2000; t++) if (weightedSample(rng, ['h', 'a', 'b', 'c'], (x) => (x === 'h' ? 10 : 1), 1)[0] === 'h') heavy++;
    expect(heavy / 2000).toBeGreaterThan(0.7);
  });
});

describe('pickUnits', () => {
  it('lands within half a unit of the target when units allow', () => {
    const units = Array.from({ length: 100 }, (_, i) => ({ size: 1 + (i % 3) }));
    const out = pickUnits(createRng(4), units, () => 1, (u) => u.size, 57);
    const total = out.reduce((s, u) => s + u.size, 0);
    expect(Math.abs(total - 57)).toBeLessThanOrEqual(1);
  });
});

describe('cumulativeSampler / weightedSampler', () => {
  it('draws only positive-weight items, in proportion', () => {
    const s = cumulativeSampler(['a', 'b', 'c'], (x) => (x === 'a' ? 0 : x === 'b' ? 1 : 3));
    const rng = createRng(9);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 8000; i++) counts[s.draw(rng) as 'a' | 'b' | 'c'] += 1;
    expect(counts.a).toBe(0);
    expect(counts.c / 8000).toBeCloseTo(0.75, 1);
  });

  it('signals no positive weight: null, or a RangeError naming the function', () => {
    expect(weightedSampler(['a'], [0])).toBeNull();
    expect(() => cumulativeSampler(['a'], () => 0)).toThrow(/cumulativeSampler: no item has a positive weight/);
  });
});

describe('ipf', () => {
  it('matches row and column sums and keeps zeros', () => {
    const m = ipf(
      [
        [1, 0, 2],
        [1, 3, 1],
      ],
      [30, 70],
      [20, 50, 30],
    );
    const rowSums = m.map((r) => r.reduce((a, b) => a + b, 0));
    const colSums = [0, 1, 2].map((j) => m.reduce((s, r) => s + (r[j] as number), 0));
    rowSums.forEach((x, i) => expect(x).toBeCloseTo([30, 70][i] as number, 6));
    colSums.forEach((x, j) => expect(x).toBeCloseTo([20, 50, 30][j] as number, 6));
    expect(m[0]?.[1]).toBe(0);
  });
});
