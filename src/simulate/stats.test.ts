import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffVector, quantileSorted, summarise, summariseVectors } from './stats.js';

describe('summarise', () => {
  it('gives the mean, sample sd, normal CI of the mean and run percentiles', () => {
    const s = summarise([1, 2, 3, 4, 5]);
    expect(s.n).toBe(5);
    expect(s.mean).toBe(3);
    expect(s.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(s.ci95[0]).toBeCloseTo(3 - (1.959964 * Math.sqrt(2.5)) / Math.sqrt(5), 9);
    expect(s.p95[0]).toBeCloseTo(1.1, 12);
    expect(s.p95[1]).toBeCloseTo(4.9, 12);
    expect([s.min, s.max]).toEqual([1, 5]);
  });
  it('skips undefined values (NaN) and reports n = 0 for none', () => {
    expect(summarise([Number.NaN, 2]).n).toBe(1);
    expect(Number.isNaN(summarise([]).mean)).toBe(true);
  });
  it('keeps the mean inside its interval and the interval inside the run range (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 50 }), (xs) => {
        const s = summarise(xs);
        expect(s.ci95[0]).toBeLessThanOrEqual(s.mean + 1e-6);
        expect(s.ci95[1]).toBeGreaterThanOrEqual(s.mean - 1e-6);
        expect(s.p95[0]).toBeGreaterThanOrEqual(s.min - 1e-6);
        expect(s.p95[1]).toBeLessThanOrEqual(s.max + 1e-6);
      }),
    );
  });
});

describe('quantileSorted', () => {
  it('interpolates between order statistics', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([7], 0.9)).toBe(7);
  });
});

describe('vectors', () => {
  it('summarises key by key and differences pairs', () => {
    const s = summariseVectors([{ a: 1, b: 2 }, { a: 3 }]);
    expect(s.a?.mean).toBe(2);
    expect(s.b?.n).toBe(1);
    expect(diffVector({ a: 5, b: Number.NaN, c: 1 }, { a: 2, b: 1 })).toEqual({ a: 3 });
  });
});
