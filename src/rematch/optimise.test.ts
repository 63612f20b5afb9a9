import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolvePolicy, type PolicyOverride } from '../domain/policy.js';
import { compileProblem } from '../../solver/compile.js';
import { buildModel, toSolverProblem } from './build-problem.js';
import { classifyChildren } from './classify.js';
import type { Cohort } from './cohort.js';
import { compileModel, compiledByTarget, optimiseModel, wholeModel } from './optimise.js';
import { Scratch } from '../../solver/scratch.js';
import { prepareCohort, rematchSettings } from './prepare.js';
import { cachedScorer } from './scorer.js';
import { bruteForceModel } from './testing/brute-force.js';
import { child, home, idTableScorer, randomCohort, type IdTable } from './testing/fixtures.js';

function modelOf(cohort: Pick<Cohort, 'children' | 'homes' | 'closures' | 'policy'>, table: IdTable, mode: 'free' | 'pinned' = 'free') {
  const settings = rematchSettings(resolvePolicy(cohort.policy));
  const prep = prepareCohort(cohort.children, cohort.homes, '2026-11-22', cohort.closures, settings);
  const scorer = cachedScorer(idTableScorer(table)(prep));
  const cls = classifyChildren(prep, scorer, settings);
  return { prep, model: buildModel(prep, cls, scorer, settings, mode), settings };
}

const EPS = 1e-6;
/** Cheap moves, so that the move cap binds often enough to matter. */
const CHEAP_MOVES = { rematch: { movePenaltyBase: 1, movePenaltyPerMonth: 0.1 } } satisfies PolicyOverride;

describe('optimiseModel', () => {
  it('moves settled children only while the gain beats the move penalty, and respects maxMoves', () => {
    // three settled children each 40 points better off in the empty home next door (move penalty 10 + months)
    const cohort = {
      children: [child('C1', { home: 'H1', since: '2026-10-22' }), child('C2', { home: 'H2', since: '2026-10-22' }), child('C3', { home: 'H3', since: '2026-10-22' })],
      homes: [home('H1', 1, 0), home('H2', 1, 0), home('H3', 1, 0), home('H4', 1, 1), home('H5', 1, 1), home('H6', 1, 1)],
    };
    const table: IdTable = {
      C1: { H1: 0, H2: null, H3: null, H4: 40, H5: null, H6: null },
      C2: { H1: null, H2: 0, H3: null, H4: null, H5: 35, H6: null },
      C3: { H1: null, H2: null, H3: 0, H4: null, H5: null, H6: 5 },
    };
    const { prep, model } = modelOf(cohort, table);
    const free = optimiseModel(prep, model, { maxMoves: null });
    expect(free.status).toBe('optimal');
    expect(free.solution?.moves).toBe(2); // C3's gain 5 < penalty 11
    expect(free.solution?.objective).toBeCloseTo(40 - 11 + 35 - 11, 9);
    const capped = optimiseModel(prep, model, { maxMoves: 1 });
    expect(capped.solution?.moves).toBe(1);
    expect(capped.solution?.objective).toBeCloseTo(29, 9);
    expect(capped.status).toBe('optimal');
    expect(capped.method).toMatch(/^lagrangian\(maxMoves\)/);
  });

  it('matches the brute-force optimum of the model, with a valid bound, under random move caps', () => {
    fc.assert(
      fc.property(randomCohort({ maxChildren: 6, maxHomes: 5, settled: true, closures: true, solo: true, policy: fc.constant(CHEAP_MOVES) }), fc.option(fc.integer({ min: 0, max: 3 }), { freq: 2 }), ({ cohort, table }, cap) => {
        const { prep, model } = modelOf(cohort, table);
        const out = optimiseModel(prep, model, { maxMoves: cap });
        const ref = bruteForceModel(model, cap);
        if (out.status === 'infeasible') {
          // only when the free model cannot meet the cap (rematch then falls back to the pinned model)
          expect(cap).not.toBeNull();
          return;
        }
        const sol = out.solution!;
        expect(sol.objective).toBeLessThanOrEqual(ref.objective + EPS * Math.max(1, Math.abs(ref.objective)));
        expect(out.bound).toBeGreaterThanOrEqual(ref.objective - EPS * Math.max(1, Math.abs(ref.objective)));
        if (cap !== null) expect(sol.moves).toBeLessThanOrEqual(cap);
        if (out.status === 'optimal') expect(sol.objective).toBeCloseTo(ref.objective, 6);
      }),
      { numRuns: 300 },
    );
  });

  it('handles allowed sibling splits (mode fixing, priced bound): never better than brute force says is possible, bound valid', () => {
    const policy: PolicyOverride = { rematch: { ...CHEAP_MOVES.rematch, allowSiblingSplit: true, siblingSplitPenalty: 12 } };
    fc.assert(
      fc.property(randomCohort({ maxChildren: 6, maxHomes: 4, settled: true, policy: fc.constant(policy) }), fc.option(fc.integer({ min: 0, max: 2 })), ({ cohort, table }, cap) => {
        const { prep, model } = modelOf(cohort, table);
        const out = optimiseModel(prep, model, { maxMoves: cap });
        const ref = bruteForceModel(model, cap);
        if (out.status === 'infeasible') return;
        const sol = out.solution!;
        expect(sol.objective).toBeLessThanOrEqual(ref.objective + EPS * Math.max(1, Math.abs(ref.objective)));
        expect(out.bound).toBeGreaterThanOrEqual(ref.objective - EPS * Math.max(1, Math.abs(ref.objective)));
        if (out.status === 'optimal') expect(sol.objective).toBeCloseTo(ref.objective, 6);
        // exclusivity: a group is never both together and split
        for (const set of model.exclusive) {
          if (sol.chosen[set.together]! >= 0) for (const m of set.members) expect(sol.chosen[m]).toBe(-1);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('without mode enumeration (the large-model path) stays feasible with a valid bound', () => {
    const policies: PolicyOverride[] = [{ rematch: { ...CHEAP_MOVES.rematch } }, { rematch: { ...CHEAP_MOVES.rematch, allowSiblingSplit: true, siblingSplitPenalty: 12 } }];
    fc.assert(
      // atScale: the national-scale solves (no branch-and-bound, no solver bound steps before the capacity bound)
      fc.property(randomCohort({ maxChildren: 6, maxHomes: 4, settled: true, solo: true, policy: fc.constantFrom(...policies) }), fc.option(fc.integer({ min: 0, max: 2 })), fc.boolean(), ({ cohort, table }, cap, atScale) => {
        const { prep, model } = modelOf(cohort, table);
        const out = optimiseModel(prep, model, { maxMoves: cap, exactModeSets: 0, ...(atScale ? { solver: { exactUpTo: 0, boundIterations: 0 } } : {}) });
        const ref = bruteForceModel(model, cap);
        if (out.status === 'infeasible') return;
        const sol = out.solution!;
        expect(sol.objective).toBeLessThanOrEqual(ref.objective + EPS * Math.max(1, Math.abs(ref.objective)));
        expect(out.bound).toBeGreaterThanOrEqual(ref.objective - EPS * Math.max(1, Math.abs(ref.objective)));
        if (out.status === 'optimal') expect(sol.objective).toBeCloseTo(ref.objective, 6);
        for (const set of model.exclusive) {
          if (sol.chosen[set.together]! >= 0) for (const m of set.members) expect(sol.chosen[m]).toBe(-1);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('pinned model: optimum equals brute force and nobody settled moves', () => {
    fc.assert(
      fc.property(randomCohort({ maxChildren: 6, maxHomes: 4, closures: true }), ({ cohort, table }) => {
        const { prep, model } = modelOf(cohort, table, 'pinned');
        const out = optimiseModel(prep, model, { maxMoves: null });
        const ref = bruteForceModel(model, null);
        expect(out.status).toBe('optimal');
        expect(out.solution!.objective).toBeCloseTo(ref.objective, 6);
        expect(out.solution!.moves).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('compileModel is the same problem as toSolverProblem (edge for edge), with and without multipliers', () => {
    fc.assert(
      fc.property(randomCohort({ maxChildren: 6, maxHomes: 4, settled: true, solo: true }), fc.double({ min: 0, max: 50, noNaN: true }), ({ cohort, table }, lambda) => {
        const { prep, model } = modelOf(cohort, table);
        const active = Uint8Array.from(model.units, (_, i) => (i % 3 === 2 ? 0 : 1));
        const { cp, unitOf } = compileModel(prep, model, { lambda, active });
        const ref = compileProblem(toSolverProblem(prep, model, { lambda, active }).problem);
        expect(cp.nUnits).toBe(ref.nUnits);
        expect(cp.nEdges).toBe(ref.nEdges);
        expect([...cp.edgeStart]).toEqual([...ref.edgeStart]);
        expect([...cp.edgeValue]).toEqual([...ref.edgeValue]);
        expect([...cp.edgeSize]).toEqual([...ref.edgeSize]);
        // targets: home indices here, ids there
        for (let e = 0; e < cp.nEdges; e++) expect(cp.targetIds[cp.edgeTarget[e]!]).toBe(ref.targetIds[ref.edgeTarget[e]!]);
        for (let u = 0; u < cp.nUnits; u++) expect(cp.unitIds[u]).toBe(model.units[unitOf[u]!]!.id);
      }),
      { numRuns: 60 },
    );
  });
  it('compileModel copies runs of active units unchanged: any active mask and unit shifts give the per-unit problem', () => {
    fc.assert(
      fc.property(
        randomCohort({ maxChildren: 8, maxHomes: 4, settled: true, solo: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
        fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.double({ min: -5, max: 5, noNaN: true })), { minLength: 24, maxLength: 24 }),
        ({ cohort, table }, lambda, mask, shift) => {
          const { prep, model } = modelOf(cohort, table);
          const active = Uint8Array.from(model.units, (_, i) => (mask[i % mask.length] ? 1 : 0));
          const unitShift = Float64Array.from(model.units, (_, i) => shift[i % shift.length]!);
          const { cp } = compileModel(prep, model, { lambda, active, unitShift });
          const ref = compileProblem(toSolverProblem(prep, model, { lambda, active, unitShift }).problem);
          expect(cp.nEdges).toBe(ref.nEdges);
          expect([...cp.edgeStart]).toEqual([...ref.edgeStart]);
          expect([...cp.edgeValue]).toEqual([...ref.edgeValue]);
          expect([...cp.edgeSize]).toEqual([...ref.edgeSize]);
          for (let e = 0; e < cp.nEdges; e++) expect(cp.targetIds[cp.edgeTarget[e]!]).toBe(ref.targetIds[ref.edgeTarget[e]!]);
          expect(cp.integralValues).toBe(ref.integralValues);
          expect(cp.allUnitSize).toBe(ref.allUnitSize);
        },
      ),
      { numRuns: 80 },
    );
  });
  it('compiledByTarget lists a compiled variant\'s edges by target as a counting sort of its edges does; wholeModel is the model unmasked', () => {
    fc.assert(
      fc.property(
        randomCohort({ maxChildren: 8, maxHomes: 4, settled: true, solo: true }),
        fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
        ({ cohort, table }, mask) => {
          const { prep, model } = modelOf(cohort, table);
          const active = Uint8Array.from(model.units, (_, i) => (mask[i % mask.length] ? 1 : 0));
          const { cp, unitOf } = compileModel(prep, model, { lambda: 0, active });
          const bt = compiledByTarget(model, cp, unitOf, new Scratch());
          const start: number[] = [0];
          const edge: number[] = [];
          const source: number[] = [];
          for (let t = 0; t < cp.nTargets; t++) {
            for (let u = 0; u < cp.nUnits; u++) {
              for (let e = cp.edgeStart[u]!; e < cp.edgeStart[u + 1]!; e++) {
                if (cp.edgeTarget[e] !== t) continue;
                edge.push(e);
                source.push(u);
              }
            }
            start.push(edge.length);
          }
          expect([...bt.start]).toEqual(start);
          expect([...bt.edge]).toEqual(edge);
          expect([...bt.source]).toEqual(source);
          const whole = wholeModel(prep, model, 0);
          const all = compileModel(prep, model, { lambda: 0 }).cp;
          expect([...whole.edgeStart]).toEqual([...all.edgeStart]);
          expect([...whole.edgeTarget]).toEqual([...all.edgeTarget]);
          expect([...whole.edgeValue]).toEqual([...all.edgeValue]);
          expect([...whole.edgeSize]).toEqual([...all.edgeSize]);
          expect(whole.allUnitSize).toBe(all.allUnitSize);
          expect(whole.integralValues).toBe(all.integralValues);
        },
      ),
      { numRuns: 80 },
    );
  });
});
