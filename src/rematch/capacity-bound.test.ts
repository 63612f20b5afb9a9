import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidateValue } from './build-problem.js';
import { capacityBound, modeBounds, sortByValue } from './capacity-bound.js';
import { bruteForceModel } from './testing/brute-force.js';
import { handModel, handUnit, randomCohort, settledSiblingModel, SPLIT_POLICIES, tableModel } from './testing/fixtures.js';

describe('capacityBound', () => {
  it('counts a sibling alternative only as far as its units fit together (a settled sibling\'s full home)', () => {
    // A1 lives in H1 (1 place); new sibling A2 may only join A1 there (as today), or the group goes to H2
    // (a poor match, so that the alternative's relaxed value is above the together unit's)
    const model = settledSiblingModel([[5, 1], [5, 1]]);
    expect(model.exclusive).toHaveLength(1);
    const set = model.exclusive[0]!;
    // at zero prices the alternative's units would both take H1's one place
    let relaxedAlt = 0;
    for (const m of set.members) {
      const u = model.units[m]!;
      let best = 0;
      for (let j = 0; j < u.homes.length; j++) if (u.size[j]! <= model.capacity[u.homes[j]!]!) best = Math.max(best, candidateValue(u, j));
      relaxedAlt += best;
    }
    const opt = bruteForceModel(model, null).objective;
    const b = capacityBound(model, 0, new Float64Array(model.capacity.length), opt - model.constant, 0);
    expect(b.bound + model.constant).toBeGreaterThanOrEqual(opt - 1e-9);
    // exact: max(together, the alternative's best fitting combination), no other unit competes
    expect(b.bound + model.constant).toBeCloseTo(opt, 6);
    expect(b.bound).toBeLessThan(relaxedAlt);
  });


  it("gives the same bound, prices and steps with each unit's best few candidates read first (ties included)", () => {
    // many candidates per unit: the flat model lists each unit's most valuable ones (`top`) and reads them
    // by value; padded with units of no candidate the model has too few per unit for that list, and every
    // candidate is read in order. Values and prices from small sets, so that priced values tie often.
    const cand = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.oneof(fc.constantFrom(0, 10, 20, 30), fc.integer({ min: -5, max: 30 })), fc.integer({ min: 1, max: 2 }));
    fc.assert(
      fc.property(
        fc.array(fc.array(cand, { minLength: 26, maxLength: 40 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.constantFrom(0, 1, 2, 5, 10, 20, 40), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 0, max: 25 }),
        (cands, capacity, prices, steps) => {
          const units = cands.map((c, i) => handUnit(`U${i}`, c));
          const listed = handModel(units, capacity);
          const pads = Array.from({ length: 40 * units.length }, (_, i) => handUnit(`P${i}`, []));
          const plain = handModel([...units, ...pads], capacity);
          const a = capacityBound(listed, 0, Float64Array.from(prices), 0, steps);
          const b = capacityBound(plain, 0, Float64Array.from(prices), 0, steps);
          expect(a.bound).toBe(b.bound);
          expect(Array.from(a.prices)).toEqual(Array.from(b.prices));
          expect(a.iterations).toBe(b.iterations);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never falls below the exhaustive optimum, from any prices, with sibling alternatives', () => {
    fc.assert(
      fc.property(
        randomCohort({ maxChildren: 6, maxHomes: 4, settled: true, solo: true, policy: fc.constantFrom(...SPLIT_POLICIES) }),
        fc.array(fc.double({ min: 0, max: 2000, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 30 }),
        ({ cohort, table }, prices, steps) => {
          const { model } = tableModel(cohort, table);
          const opt = bruteForceModel(model, null).objective;
          const b = capacityBound(model, 0, Float64Array.from(prices), opt - model.constant, steps);
          expect(b.bound + model.constant).toBeGreaterThanOrEqual(opt - 1e-6 * Math.max(1, Math.abs(opt)));
          expect(b.together).toHaveLength(model.exclusive.length);
          // per set and mode: at least the best solution with the set in that mode (the other mode's units
          // given no candidate)
          model.exclusive.forEach((set, k) => {
            for (const mode of [0, 1]) {
              const off = new Set(mode ? set.members : [set.together]);
              const units = model.units.map((u, ui) =>
                off.has(ui) ? { ...u, homes: new Int32Array(0), score: new Float64Array(0), move: new Float64Array(0), stay: new Int32Array(0), size: new Int32Array(0) } : u,
              );
              const restricted = bruteForceModel({ ...model, units }, null).objective;
              const modes = new Uint8Array(model.exclusive.length);
              modes[k] = mode;
              expect(modeBounds(b, modes)[k]! + model.constant).toBeGreaterThanOrEqual(restricted - 1e-6 * Math.max(1, Math.abs(restricted)));
            }
          });
        },
      ),
      { numRuns: 400 },
    );
  });

  it("takes a set's alternative as its best fitting combination when that term decides (exhaustive check)", () => {
    // at the given prices (no steps): the alternative's term is never below the best fitting combination of
    // its units' priced candidates, and equals it whenever it is above the together term (then it was
    // searched exactly: the search's candidate lists, best first, must not lose a combination)
    fc.assert(
      fc.property(
        randomCohort({ maxChildren: 7, maxHomes: 4, settled: true, solo: true, policy: fc.constantFrom(...SPLIT_POLICIES) }),
        fc.array(fc.double({ min: 0, max: 60, noNaN: true }), { minLength: 4, maxLength: 4 }),
        ({ cohort, table }, prices) => {
          const { model } = tableModel(cohort, table);
          const p = Float64Array.from(prices.slice(0, model.capacity.length));
          const b = capacityBound(model, 0, p, -Infinity, 0);
          model.exclusive.forEach((set, k) => {
            const used = new Float64Array(model.capacity.length);
            const best = (i: number): number => {
              if (i === set.members.length) return 0;
              const u = model.units[set.members[i]!]!;
              let v = best(i + 1); // this unit placed nowhere
              for (let j = 0; j < u.homes.length; j++) {
                const h = u.homes[j]!;
                const z = u.size[j]!;
                const r = candidateValue(u, j) - p[h]! * z;
                if (r <= 0 || used[h]! + z > model.capacity[h]!) continue;
                used[h]! += z;
                v = Math.max(v, r + best(i + 1));
                used[h]! -= z;
              }
              return v;
            };
            const exact = best(0);
            const alt = b.alternativeValue[k]!;
            expect(alt).toBeGreaterThanOrEqual(exact - 1e-9 * Math.max(1, exact));
            if (alt > b.togetherValue[k]!) expect(alt).toBeCloseTo(exact, 9);
          });
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('sortByValue', () => {
  it('orders a range of candidates by value, highest first, ties by index (short and long ranges)', () => {
    const value = fc.integer({ min: -3, max: 6 });
    fc.assert(
      fc.property(fc.oneof(fc.array(value, { maxLength: 32 }), fc.array(value, { minLength: 33, maxLength: 90 })), fc.nat(5), fc.nat(5), (vals, pre, post) => {
        const eVal = Float64Array.from([...new Array<number>(pre).fill(99), ...vals, ...new Array<number>(post).fill(-99)]);
        const by = new Int32Array(eVal.length).fill(-7);
        sortByValue(by, eVal, pre, pre + vals.length);
        const want = vals.map((_, i) => pre + i).sort((x, y) => eVal[y]! - eVal[x]! || x - y);
        expect(Array.from(by.subarray(pre, pre + vals.length))).toEqual(want);
        // outside the range, nothing written
        expect(by.subarray(0, pre).every((x) => x === -7) && by.subarray(pre + vals.length).every((x) => x === -7)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
