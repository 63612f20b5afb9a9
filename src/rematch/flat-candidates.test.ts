import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidateValue, type ModelUnit, type RematchModel } from './build-problem.js';
import { capacityBound } from './capacity-bound.js';
import { flatCandidates, flatHomes, homeCandidates } from './flat-candidates.js';
import { compileModel } from './optimise.js';
import { repairSolution } from './repair.js';
import type { PreparedCohort } from './prepare.js';
import { mulberry32 } from '../../solver/random-problems.js';
import { capacityLagrangian } from '../../solver/lagrangian.js';

/** A synthetic model whose units have many candidates (the best-first index is built), values with ties. */
function manyCandidateModel(seed: number, nUnits: number, nHomes: number): RematchModel {
  const rnd = mulberry32(seed);
  const units: ModelUnit[] = [];
  for (let u = 0; u < nUnits; u++) {
    const deg = 26 + Math.floor(rnd() * 30);
    const homes = Int32Array.from({ length: deg }, () => Math.floor(rnd() * nHomes));
    units.push({
      id: `c:${u}`,
      kind: 'child',
      children: [u],
      group: -1,
      penalty: 1000,
      bonus: 0,
      settled: 0,
      homes,
      score: Float64Array.from(homes, () => Math.floor(rnd() * 6) * 2.5),
      move: Float64Array.from(homes, () => (rnd() < 0.2 ? 3 : 0)),
      stay: Int32Array.from(homes, () => (rnd() < 0.1 ? 1 : 0)),
      size: Int32Array.from(homes, () => 1 + Math.floor(rnd() * 2)),
      eligibleCount: deg,
      ruledOut: {},
    });
  }
  return {
    mode: 'free',
    units,
    exclusive: [],
    capacity: Int32Array.from({ length: nHomes }, () => Math.floor(rnd() * 3)),
    pinned: [],
    constant: 0,
    settled: 0,
  };
}

describe('flatCandidates', () => {
  it('holds every candidate value, home and size in model order, and a valid best-first index', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(0, 0.5, 7), (seed, lambda) => {
        const model = manyCandidateModel(seed, 5, 9);
        const f = flatCandidates(model, lambda);
        model.units.forEach((u, ui) => {
          expect(f.start[ui + 1]! - f.start[ui]!).toBe(u.homes.length);
          for (let j = 0; j < u.homes.length; j++) {
            const e = f.start[ui]! + j;
            expect(f.value[e]).toBe(candidateValue(u, j) + lambda * u.stay[j]!);
            expect(f.home[e]).toBe(u.homes[j]);
            expect(f.size[e]).toBe(u.size[j]);
          }
          const top = f.top!;
          const listed = new Set(top.edge.subarray(top.start[ui]!, top.start[ui + 1]!));
          for (let e = f.start[ui]!; e < f.start[ui + 1]!; e++) if (!listed.has(e)) expect(f.value[e]!).toBeLessThanOrEqual(top.restBest[ui]!);
        });
        // another multiplier rebuilds the values (kept per model and multiplier)
        const g = flatCandidates(model, lambda + 1);
        expect(g.lambda).toBe(lambda + 1);
        expect(flatCandidates(model, lambda + 1)).toBe(g);
      }),
      { numRuns: 100 },
    );
  });

  it('compileModel carries the index over to the active units, shifted with their values', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (seed, act) => {
        const model = manyCandidateModel(seed, 6, 9);
        const prep = { homes: Array.from({ length: 9 }, (_, h) => ({ id: `h${h}` })) } as unknown as PreparedCohort;
        const active = Uint8Array.from(act, (a) => (a ? 1 : 0));
        const unitShift = Float64Array.from(model.units, (_, ui) => ui * 1.5);
        const { cp } = compileModel(prep, model, { lambda: 0, active, unitShift });
        const top = cp.valueTop;
        if (cp.nUnits === 0) return;
        expect(top).toBeDefined();
        for (let u = 0; u < cp.nUnits; u++) {
          const listed = new Set(top!.edge.subarray(top!.start[u]!, top!.start[u + 1]!));
          for (const e of listed) expect(e >= cp.edgeStart[u]! && e < cp.edgeStart[u + 1]!).toBe(true);
          for (let e = cp.edgeStart[u]!; e < cp.edgeStart[u + 1]!; e++) if (!listed.has(e)) expect(cp.edgeValue[e]!).toBeLessThanOrEqual(top!.restBest[u]!);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('capacityBound reads the index and gives the plain scan\'s value at any prices (units with many candidates)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(fc.constantFrom(0, 0, 1, 2.5, 40, 1500), { minLength: 9, maxLength: 9 }), (seed, prices) => {
        const model = manyCandidateModel(seed, 6, 9);
        const p = Float64Array.from(prices);
        let L = 0;
        for (let h = 0; h < 9; h++) L += p[h]! * model.capacity[h]!;
        for (const u of model.units) {
          let best = 0;
          for (let j = 0; j < u.homes.length; j++) {
            if (u.size[j]! > model.capacity[u.homes[j]!]!) continue;
            best = Math.max(best, candidateValue(u, j) - p[u.homes[j]!]! * u.size[j]!);
          }
          L += best;
        }
        expect(capacityBound(model, 0, p, 0, 0).bound).toBeCloseTo(L, 6);
      }),
      { numRuns: 100 },
    );
  });

  it('the repair pass reading the index ends where it does without one (the same model padded with empty units)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(fc.integer({ min: -1, max: 30 }), { minLength: 8, maxLength: 8 }), (seed, picks) => {
        const model = manyCandidateModel(seed, 8, 6);
        // empty units bring the average below the index threshold: the same problem, read without the index
        const empty = { ...model.units[0]!, homes: new Int32Array(0), score: new Float64Array(0), move: new Float64Array(0), stay: new Int32Array(0), size: new Int32Array(0) };
        const padded: RematchModel = { ...model, units: [...model.units, ...Array.from({ length: 40 }, (_, k) => ({ ...empty, id: `z:${k}` }))] };
        expect(flatCandidates(model, 0).top).not.toBeNull();
        expect(flatCandidates(padded, 0).top).toBeNull();
        const used = new Int32Array(model.capacity.length);
        const chosen = new Int32Array(model.units.length).fill(-1);
        model.units.forEach((u, ui) => {
          const j = picks[ui]!;
          if (j < 0 || j >= u.homes.length || used[u.homes[j]!]! + u.size[j]! > model.capacity[u.homes[j]!]!) return;
          used[u.homes[j]!]! += u.size[j]!;
          chosen[ui] = j;
        });
        const plain = Int32Array.from({ length: padded.units.length }, (_, ui) => (ui < chosen.length ? chosen[ui]! : -1));
        const a = repairSolution(model, chosen, 0);
        const b = repairSolution(padded, plain, 0);
        expect(a).toBe(b);
        expect([...chosen]).toEqual([...plain.subarray(0, chosen.length)]);
      }),
      { numRuns: 200 },
    );
  });

  it('homeCandidates lists every candidate once under its home, units ascending, candidates in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 7 }), (seed, nUnits) => {
        const model = manyCandidateModel(seed, nUnits, 6);
        const idx = homeCandidates(model);
        const flat = flatHomes(model);
        // the reference: every (unit, flat candidate) in model order, grouped by home
        const expected: [number, number][][] = Array.from({ length: 6 }, () => []);
        model.units.forEach((u, ui) => u.homes.forEach((h, j) => expected[h]!.push([ui, flat.start[ui]! + j])));
        expect(idx.start[0]).toBe(0);
        expected.forEach((list, h) => {
          const got: [number, number][] = [];
          for (let x = idx.start[h]!; x < idx.start[h + 1]!; x++) got.push([idx.unit[x]!, idx.edge[x]!]);
          expect(got).toEqual(list);
        });
        expect(homeCandidates(model)).toBe(idx);
      }),
      { numRuns: 100 },
    );
  });

  it('capacityBound and the Lagrangian give the same answers when models alternate (their reused buffers)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), fc.array(fc.constantFrom(0, 1, 2.5, 40), { minLength: 9, maxLength: 9 }), (s1, s2, prices) => {
        const p = Float64Array.from(prices);
        const prep = { homes: Array.from({ length: 9 }, (_, h) => ({ id: `h${h}` })) } as unknown as PreparedCohort;
        const a = manyCandidateModel(s1, 6, 9);
        const b = manyCandidateModel(s2, 4 + (s2 % 3), 9);
        const boundA = capacityBound(a, 0, p, 0, 3);
        const boundB = capacityBound(b, 0, p, 0, 3);
        expect(capacityBound(a, 0, p, 0, 3)).toEqual(boundA);
        expect(capacityBound(b, 0, p, 0, 3)).toEqual(boundB);
        const cpA = compileModel(prep, a).cp;
        const cpB = compileModel(prep, b).cp;
        const lagA = capacityLagrangian(cpA, p);
        const lagB = capacityLagrangian(cpB, p);
        expect(capacityLagrangian(cpA, p)).toEqual(lagA);
        expect(capacityLagrangian(cpB, p)).toEqual(lagB);
      }),
      { numRuns: 100 },
    );
  });
});
