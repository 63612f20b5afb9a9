import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../domain/policy.js';
import { buildModel, type RematchModel } from './build-problem.js';
import { capacityBound } from './capacity-bound.js';
import { classifyChildren } from './classify.js';
import { improveNeighbourhoods } from './neighbourhood.js';
import { prepareCohort, rematchSettings } from './prepare.js';
import { switchModes } from './repair.js';
import { cachedScorer, tableScorer } from './scorer.js';
import { switchSets } from './set-switch.js';
import { bruteForceModel } from './testing/brute-force.js';
import { candidateIn, child, home, modelValue, movesOf, moveViolations, randomPricedStart } from './testing/fixtures.js';

/**
 * Siblings A1 (in H1: 2 places, 1 free) and A2 (in H2: 1 place) are "as today"; together they fit H1. T (new)
 * sits in H3 and could take H2; S (new) fits only H3. Switching the set pays only through the chain
 * A2 leaves H2, T moves H2, S takes H3.
 */
function chainModel(): { model: RematchModel; start: Int32Array } {
  const children = [child('A1', { home: 'H1', group: 'G' }), child('A2', { home: 'H2', group: 'G' }), child('T'), child('S')];
  const homes = [home('H1', 2, 1), home('H2', 1, 0), home('H3', 1, 1)];
  const settings = rematchSettings(resolvePolicy());
  const prep = prepareCohort(children, homes, '2026-11-22', undefined, settings);
  const scorer = cachedScorer(
    tableScorer(
      [
        [30, 30, null],
        [30, 30, null],
        [null, 30, 30],
        [null, null, 40],
      ],
      (h) => prep.capacity[h]!,
    ),
  );
  const model = buildModel(prep, classifyChildren(prep, scorer, settings), scorer, settings, 'free');
  const start = new Int32Array(model.units.length).fill(-1);
  const set = model.exclusive[0]!;
  for (const m of set.members) if (model.units[m]!.homes.length > 0) start[m] = 0;
  const t = model.units.findIndex((u) => u.id === 'c:T');
  start[t] = candidateIn(model, t, 2);
  return { model, start };
}

describe('switchSets', () => {
  it('switches a set to together when the places it frees pay through a chain of single children', () => {
    const { model, start } = chainModel();
    expect(model.exclusive).toHaveLength(1);
    const set = model.exclusive[0]!;
    // H2 and H3 priced like homes where unplaced children queue: the "as today" mode loses at the prices
    const prices = Float64Array.from([0, 1040, 1040]);
    const cb = capacityBound(model, 0, prices, modelValue(model, start), 0);
    const chosen = Int32Array.from(start);
    const out = switchSets(model, chosen, 0, cb);
    expect(out).toMatchObject({ tried: 1, switched: 1, reassigned: 0 });
    const optimum = bruteForceModel(model, null).objective - model.constant;
    expect(modelValue(model, chosen)).toBeCloseTo(optimum, 6);
    expect(out.gain).toBeCloseTo(optimum - modelValue(model, start), 6);
    expect(chosen[set.together]).toBe(candidateIn(model, set.together, 0));
    for (const m of set.members) expect(chosen[m]).toBe(-1);
    const t = model.units.findIndex((u) => u.id === 'c:T');
    const s = model.units.findIndex((u) => u.id === 'c:S');
    expect(chosen[t]).toBe(candidateIn(model, t, 1));
    expect(chosen[s]).toBe(candidateIn(model, s, 2));
    // the local moves miss it: switchModes re-inserts only unplaced units into the freed home, and the
    // neighbourhoods (with their set switches) do not reach the chain either
    const viaModes = Int32Array.from(start);
    expect(switchModes(model, viaModes, 0, Uint8Array.from([0]), Uint8Array.from([1]))).toBe(0);
    const viaNeighbourhoods = Int32Array.from(start);
    expect(improveNeighbourhoods(model, viaNeighbourhoods, 0, prices).gain).toBe(0);
  });

  it('respects maxMoves: the chain moves a settled child, so a budget of 0 keeps the solution', () => {
    const { model, start } = chainModel();
    const cb = capacityBound(model, 0, Float64Array.from([0, 1040, 1040]), modelValue(model, start), 0);
    expect(movesOf(model, start)).toBe(0);
    const chosen = Int32Array.from(start);
    const out = switchSets(model, chosen, 0, cb, { maxMoves: 0 });
    expect(out.gain).toBe(0);
    expect([...chosen]).toEqual([...start]);
  });

  it('tries nothing when no set has a winning other mode at the prices', () => {
    const { model, start } = chainModel();
    // at zero prices "as today" is worth more than together (A2 would move): nothing to try
    const cb = capacityBound(model, 0, new Float64Array(3), modelValue(model, start), 0);
    const chosen = Int32Array.from(start);
    expect(switchSets(model, chosen, 0, cb)).toEqual({ tried: 0, switched: 0, reassigned: 0, flows: 0, gain: 0 });
    expect([...chosen]).toEqual([...start]);
  });

  it('never lowers the value, never overfills a home, keeps sets exclusive, respects maxMoves and the optimum, and is deterministic', () => {
    let improvedRuns = 0;
    fc.assert(
      fc.property(
        randomPricedStart(1_500),
        fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
        fc.record({
          maxSets: fc.integer({ min: 0, max: 4 }),
          placements: fc.integer({ min: 1, max: 4 }),
          depth: fc.integer({ min: 0, max: 3 }),
          perHome: fc.integer({ min: 0, max: 4 }),
          maxUnits: fc.integer({ min: 0, max: 8 }),
          maxEdges: fc.integer({ min: 1, max: 4 }),
          minGain: fc.constantFrom(-Infinity, 0, 1),
        }),
        ({ model, start, prices }, maxMoves, opts) => {
          const cb = capacityBound(model, 0, prices, modelValue(model, start), 0);
          const options = { ...opts, maxMoves };
          const chosen = Int32Array.from(start);
          const out = switchSets(model, chosen, 0, cb, options);
          if (out.gain > 0) improvedRuns++;
          // counts cap the work
          expect(out.tried).toBeLessThanOrEqual(opts.maxSets);
          expect(out.switched + out.reassigned).toBeLessThanOrEqual(out.tried);
          expect(out.flows).toBeLessThanOrEqual(out.tried * (opts.placements + 1));
          // value, gain, capacity, exclusivity, the move budget (a change is kept only within it), the optimum
          expect(moveViolations(model, start, chosen, { gain: out.gain, maxMoves, sets: 'exclusive' })).toEqual([]);
          // the same input gives the same output
          const again = Int32Array.from(start);
          expect(switchSets(model, again, 0, cb, options)).toEqual(out);
          expect([...again]).toEqual([...chosen]);
        },
      ),
      { numRuns: 300 },
    );
    // the property is not vacuous: some random starts were improved
    expect(improvedRuns).toBeGreaterThan(0);
  });
});
