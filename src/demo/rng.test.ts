import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion, createRng, hashString } from './rng.js';

describe('createRng', () => {
  it('pins the first outputs of seed 42 (the stream must never change across platforms or versions)', () => {
    const r = createRng(42);
    expect([r.uint32(), r.uint32(), r.uint32()]).toEqual([2476999517, 2284424721, 914527439]);
    expect(createRng(42).fork('homes').uint32()).toBe(3855160902);
    expect(hashString('children')).toBe(1739180498);
  });

  it('takes seeds modulo 2^32', () => {
    expect(createRng(-1).seed).toBe(4294967295);
    expect(createRng(2 ** 32 + 7).uint32()).toBe(createRng(7).uint32());
  });

  it('rejects a non-finite seed, naming the function and quoting the value', () => {
    expect(() => createRng(Number.NaN)).toThrow(/createRng: seed must be a finite number, got "NaN"/);
  });

  it('gives the same stream for the same seed and a different one for another seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = createRng(seed);
        const b = createRng(seed);
        const c = createRng(seed + 1);
        const xs = Array.from({ length: 8 }, () => a.uint32());
        expect(Array.from({ length: 8 }, () => b.uint32())).toEqual(xs);
        expect(Array.from({ length: 8 }, () => c.uint32())).not.toEqual(xs);
      }),
    );
  });

  it('fork does not advance the parent and depends on the label', () => {
    const a = createRng(5);
    const f1 = a.fork('x').uint32();
    const f2 = a.fork('y').uint32();
    expect(f1).not.toBe(f2);
    expect(a.uint32()).toBe(createRng(5).uint32());
  });

  it('keeps next() in [0, 1) and int() within its inclusive bounds', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 50 }), (seed, lo, span) => {
        const r = createRng(seed);
        let ok = true;
        for (let i = 0; i < 50; i++) {
          const x = r.next();
          const k = r.int(lo, lo + span);
          ok &&= x >= 0 && x < 1 && k >= lo && k <= lo + span && Number.isInteger(k);
        }
        expect(ok).toBe(true);
      }),
    );
  });

  it('int() reaches both ends and rejects an empty range', () => {
    const r = createRng(3);
    const seen = new Set(Array.from({ length: 200 }, () => r.int(1, 3)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
    expect(() => r.int(3, 1)).toThrow(/Rng.int: need integers min <= max, got "3", "1"/);
  });

  it('weighted() follows its weights and never picks a zero weight', () => {
    const r = createRng(11);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++) counts[r.weighted(['a', 'b', 'c'] as const, [3, 1, 0])] += 1;
    expect(counts.c).toBe(0);
    expect(counts.a / 20_000).toBeCloseTo(0.75, 1);
    expect(() => r.weightedIndex([0, 0])).toThrow(/all weights are zero/);
    expect(() => r.weightedIndex([1, -1])).toThrow(/bad weight "-1"/);
  });

  it('normal() has the requested mean and standard deviation', () => {
    const r = createRng(2);
    const xs = Array.from({ length: 20_000 }, () => r.normal(10, 2));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeCloseTo(2, 1);
  });

  it('shuffle() returns a permutation and leaves the input alone', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.integer(), { maxLength: 30 }), (seed, xs) => {
        const copy = xs.slice();
        const out = createRng(seed).shuffle(xs);
        expect(xs).toEqual(copy);
        expect(out.slice().sort((a, b) => a - b)).toEqual(copy.sort((a, b) => a - b));
      }),
    );
  });

  it('pick() throws on an empty array', () => {
    expect(() => createRng(1).pick([])).toThrow(/Rng.pick: empty array/);
  });
});

describe('apportion', () => {
  it('splits by largest remainder, ties to the earlier index', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(0, [1, 2])).toEqual([0, 0]);
    expect(apportion(5, [0, 0])).toEqual([5, 0]);
  });

  it('always sums to the total and stays within one of the exact share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 10 }), (total, ws) => {
        const out = apportion(total, ws);
        expect(out.reduce((s, x) => s + x, 0)).toBe(total);
        const sum = ws.reduce((s, w) => s + w, 0);
        if (sum > 0) out.forEach((x, i) => expect(Math.abs(x - (total * (ws[i] as number)) / sum)).toBeLessThanOrEqual(1 + 1e-9));
      }),
    );
  });

  it('rejects a negative or fractional total', () => {
    expect(() => apportion(-1, [1])).toThrow(/apportion: total must be a non-negative integer, got "-1"/);
  });
});
