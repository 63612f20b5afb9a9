import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestFittingCombination, type OptionLists } from './fitting-combination.js';

/** Every combination (one option or none per unit), checked against the places: the reference. */
function bruteForce(lists: OptionLists, cap: readonly number[]): number {
  let best = 0;
  const use = new Array<number>(cap.length).fill(0);
  const go = (i: number, acc: number): void => {
    if (i === lists.units) {
      best = Math.max(best, acc);
      return;
    }
    go(i + 1, acc);
    for (let q = lists.from[i]!; q < lists.from[i + 1]!; q++) {
      const h = lists.home[q]!;
      if (h >= 0 && use[h]! + lists.size[q]! > cap[h]!) continue;
      if (h >= 0) use[h]! += lists.size[q]!;
      go(i + 1, acc + lists.value[q]!);
      if (h >= 0) use[h]! -= lists.size[q]!;
    }
  };
  go(0, 0);
  return best;
}

const option = fc.record({ value: fc.integer({ min: 1, max: 50 }), home: fc.integer({ min: -1, max: 2 }), size: fc.integer({ min: 1, max: 3 }) });
const instance = fc.record({
  units: fc.array(fc.array(option, { maxLength: 4 }), { minLength: 1, maxLength: 4 }),
  cap: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }),
});

function toLists(units: { value: number; home: number; size: number }[][]): OptionLists {
  const from = new Int32Array(units.length + 1);
  const flat: { value: number; home: number; size: number }[] = [];
  units.forEach((opts, i) => {
    from[i] = flat.length;
    flat.push(...[...opts].sort((a, b) => b.value - a.value));
  });
  from[units.length] = flat.length;
  return {
    units: units.length,
    from,
    value: Float64Array.from(flat, (o) => o.value),
    home: Int32Array.from(flat, (o) => o.home),
    size: Int32Array.from(flat, (o) => o.size),
  };
}

describe('bestFittingCombination', () => {
  it('gives the last place to one unit and the other its next option', () => {
    const lists = toLists([
      [{ value: 5, home: 0, size: 1 }, { value: 2, home: 1, size: 1 }],
      [{ value: 4, home: 0, size: 1 }],
    ]);
    const pick = new Int32Array(2);
    const use = new Float64Array(2);
    expect(bestFittingCombination(lists, [1, 1], use, pick)).toEqual({ value: 6, exact: true });
    expect([...pick]).toEqual([1, 2]);
    expect([...use]).toEqual([0, 0]);
  });

  it('equals the brute-force best on random lists, leaves `use` at zero, and its pick fits and adds up', () => {
    fc.assert(
      fc.property(instance, ({ units, cap }) => {
        const lists = toLists(units);
        const use = new Float64Array(cap.length);
        const pick = new Int32Array(lists.units);
        const fit = bestFittingCombination(lists, cap, use, pick);
        expect(fit.exact).toBe(true);
        expect(fit.value).toBe(bruteForce(lists, cap));
        expect([...use].every((x) => x === 0)).toBe(true);
        const load = new Array<number>(cap.length).fill(0);
        let total = 0;
        pick.forEach((q, i) => {
          if (q < 0) return;
          expect(q >= lists.from[i]! && q < lists.from[i + 1]!).toBe(true);
          total += lists.value[q]!;
          const h = lists.home[q]!;
          if (h >= 0) load[h] = load[h]! + lists.size[q]!;
        });
        expect(total).toBe(fit.value);
        load.forEach((x, h) => expect(x).toBeLessThanOrEqual(cap[h]!));
      }),
      { numRuns: 300 },
    );
  });

  it('past its node limit returns the relaxed sum of the best values, an upper bound', () => {
    fc.assert(
      fc.property(instance, ({ units, cap }) => {
        const lists = toLists(units);
        const fit = bestFittingCombination(lists, cap, new Float64Array(cap.length), null, 0);
        let relaxed = 0;
        for (let i = 0; i < lists.units; i++) if (lists.from[i + 1]! > lists.from[i]!) relaxed += lists.value[lists.from[i]!]!;
        expect(fit.exact).toBe(false);
        expect(fit.value).toBe(relaxed);
        expect(fit.value).toBeGreaterThanOrEqual(bruteForce(lists, cap));
      }),
    );
  });
});
