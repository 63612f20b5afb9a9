import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RematchModel } from './build-problem.js';
import { improveChains } from './ejection-chains.js';
import { improveSizedUnits } from './size-flow.js';
import { bruteForceModel } from './testing/brute-force.js';
import { candidateIn, child, handModel, handUnit, home, modelValue, moveViolations, randomPricedStart, scoredModel } from './testing/fixtures.js';

function unitOf(model: RematchModel, id: string): number {
  const u = model.units.findIndex((x) => x.id === id);
  if (u < 0) throw new Error(`unitOf: no unit "${id}"`);
  return u;
}

/**
 * Units of different sizes: group G3 (three children) fits only H1 (three places), held by group G2 (two
 * children, H2 a point worse) and single child S (H3 a point worse); G2's H2 (two places) and S's H3 (one
 * place) are empty. Worth it only as a chain of mixed sizes: G2 to H2, S to H3, G3 into H1.
 */
function mixedModel(): { model: RematchModel; start: Int32Array } {
  const children = [child('A', { group: 'G2' }), child('B', { group: 'G2' }), child('C', { group: 'G3' }), child('D', { group: 'G3' }), child('E', { group: 'G3' }), child('S')];
  const homes = [home('H1', 3, 3), home('H2', 2, 2), home('H3', 1, 1)];
  const g2 = [20, 19, null];
  const g3 = [20, null, null];
  const model = scoredModel(children, homes, [g2, g2, g3, g3, g3, [20, null, 19]]);
  const start = new Int32Array(model.units.length).fill(-1);
  start[unitOf(model, 'g:G2')] = candidateIn(model, unitOf(model, 'g:G2'), 0);
  start[unitOf(model, 'c:S')] = candidateIn(model, unitOf(model, 'c:S'), 0);
  return { model, start };
}

describe('improveChains', () => {
  it('ejects a group and a single child to place a larger group (a chain the size flows do not follow)', () => {
    const { model, start } = mixedModel();
    const viaSizeFlows = Int32Array.from(start);
    expect(improveSizedUnits(model, viaSizeFlows, 0).gain).toBe(0);
    const chosen = Int32Array.from(start);
    const out = improveChains(model, chosen, 0, new Float64Array(3));
    const optimum = bruteForceModel(model, null).objective - model.constant;
    expect(modelValue(model, chosen)).toBeCloseTo(optimum, 6);
    expect(out.gain).toBeCloseTo(optimum - modelValue(model, start), 6);
    expect(out).toMatchObject({ chains: 1, unitsChanged: 3 });
    expect(chosen[unitOf(model, 'g:G3')]).toBe(candidateIn(model, unitOf(model, 'g:G3'), 0));
    expect(chosen[unitOf(model, 'g:G2')]).toBe(candidateIn(model, unitOf(model, 'g:G2'), 1));
    expect(chosen[unitOf(model, 'c:S')]).toBe(candidateIn(model, unitOf(model, 'c:S'), 2));
    // a chain needs two ejections at once here: one ejection per chain finds nothing
    const shallow = Int32Array.from(start);
    expect(improveChains(model, shallow, 0, new Float64Array(3), { maxEjections: 1 }).gain).toBe(0);
    expect([...shallow]).toEqual([...start]);
  });

  it('never lowers the value, never overfills a home, never places both modes of a set, respects maxMoves and the optimum, and is deterministic', () => {
    let improvedRuns = 0;
    fc.assert(
      fc.property(randomPricedStart(30), fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }), fc.integer({ min: 1, max: 4 }), ({ model, start, prices }, maxMoves, breadth) => {
        const chosen = Int32Array.from(start);
        const out = improveChains(model, chosen, 0, prices, { maxMoves, breadth, minSlack: 0 });
        if (out.gain > 0) improvedRuns++;
        expect(moveViolations(model, start, chosen, { gain: out.gain, maxMoves, sets: 'exclusive' })).toEqual([]);
        const again = Int32Array.from(start);
        expect(improveChains(model, again, 0, prices, { maxMoves, breadth, minSlack: 0 })).toEqual(out);
        expect([...again]).toEqual([...chosen]);
      }),
      { numRuns: 300 },
    );
    // the property is not vacuous: some random starts were improved
    expect(improvedRuns).toBeGreaterThan(0);
  });

  it('with regionFlow, re-places the ejected single child by the flow and reaches the optimum', () => {
    const { model, start } = mixedModel();
    const chosen = Int32Array.from(start);
    const out = improveChains(model, chosen, 0, new Float64Array(3), { regionFlow: true });
    const optimum = bruteForceModel(model, null).objective - model.constant;
    expect(modelValue(model, chosen)).toBeCloseTo(optimum, 6);
    expect(out.gain).toBeCloseTo(optimum - modelValue(model, start), 6);
    expect(out.chains).toBe(1);
    expect(chosen[unitOf(model, 'c:S')]).toBe(candidateIn(model, unitOf(model, 'c:S'), 2));
  });

  it('with regionFlow: never lowers the value, never overfills a home, keeps sets exclusive, maxMoves and the optimum, deterministic', () => {
    let improvedRuns = 0;
    fc.assert(
      fc.property(randomPricedStart(30), fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }), fc.integer({ min: 1, max: 4 }), ({ model, start, prices }, maxMoves, breadth) => {
        const chosen = Int32Array.from(start);
        const options = { maxMoves, breadth, minSlack: 0, regionFlow: true };
        const out = improveChains(model, chosen, 0, prices, options);
        if (out.gain > 0) improvedRuns++;
        expect(moveViolations(model, start, chosen, { gain: out.gain, maxMoves, sets: 'exclusive' })).toEqual([]);
        const again = Int32Array.from(start);
        expect(improveChains(model, again, 0, prices, options)).toEqual(out);
        expect([...again]).toEqual([...chosen]);
      }),
      { numRuns: 300 },
    );
    // the property is not vacuous: some random starts were improved
    expect(improvedRuns).toBeGreaterThan(0);
  });

  it("finds the same chains when units have many candidates (each unit's most valuable read first)", () => {
    // with 26+ candidates per unit the flat candidates list each unit's most valuable ones (`top`); padded
    // with units of no candidate, the model has too few per unit for that list and every candidate is read
    const cand = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: -5, max: 30 }), fc.integer({ min: 1, max: 2 }));
    fc.assert(
      fc.property(
        fc.array(fc.array(cand, { minLength: 26, maxLength: 34 }), { minLength: 4, maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.constantFrom(0, 5, 20, 40), { minLength: 6, maxLength: 6 }),
        (cands, capacity, prices) => {
          const units = cands.map((c, i) => handUnit(`U${i}`, c));
          const pads = Array.from({ length: 40 * units.length }, (_, i) => handUnit(`P${i}`, []));
          // a start with occupants to eject: each unit on its first candidate with room, if any
          const listed = new Int32Array(units.length).fill(-1);
          const used = capacity.map(() => 0);
          cands.forEach((c, i) => {
            const j = c.findIndex(([h, , z]) => z <= capacity[h]! - used[h]!);
            if (j < 0) return;
            listed[i] = j;
            used[c[j]![0]]! += c[j]![2];
          });
          const plain = new Int32Array(units.length + pads.length).fill(-1);
          plain.set(listed);
          const options = { maxMoves: null, minSlack: 0.5 }; // (units of no candidate have slack 0)
          const a = improveChains(handModel(units, capacity), listed, 0, Float64Array.from(prices), options);
          const b = improveChains(handModel([...units, ...pads], capacity), plain, 0, Float64Array.from(prices), options);
          expect(a).toEqual(b);
          expect(Array.from(listed)).toEqual(Array.from(plain.subarray(0, units.length)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
