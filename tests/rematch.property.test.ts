/**
 * fast-check properties of the cohort re-match on random cohorts (issue 3), through the public `rematch`
 * with a table scorer standing in for the match core (the model, not the scoring, is under test here;
 * tests/rematch.test.ts runs the real match core).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyOverride } from '../src/domain/policy.js';
import type { Cohort } from '../src/rematch/cohort.js';
import { rematch } from '../src/rematch/rematch.js';
import { RematchReportSchema, type RematchReport } from '../src/rematch/report.js';
import { idTableScorer, randomCohort, type IdTable } from '../src/rematch/testing/fixtures.js';
import { fakeGeography } from '../src/scoring/testing/fake-geo.js';

const geo = fakeGeography();
const CHEAP: PolicyOverride['rematch'] = { movePenaltyBase: 1, movePenaltyPerMonth: 0.1 };

function run(cohort: Cohort, table: IdTable): RematchReport {
  return rematch(cohort, geo, { scorer: idTableScorer(table) });
}

function withPolicy(rematchPolicy: PolicyOverride['rematch']) {
  return fc.constant<PolicyOverride>({ rematch: rematchPolicy });
}

/** Places each home offers this round, computed independently of src/rematch. */
function capacityOf(cohort: Cohort): Map<string, number> {
  const closed = new Set(cohort.closures?.homeIds ?? []);
  const out = new Map<string, number>();
  for (const h of cohort.homes) {
    const living = cohort.children.filter((c) => c.currentPlacement?.homeId === h.id).length;
    out.set(h.id, closed.has(h.id) ? 0 : Math.min(h.places, h.freePlaces + living));
  }
  return out;
}

function withoutTimings(r: RematchReport): unknown {
  return { ...r, stats: { ...r.stats, ms: 0, scoringMs: 0, solveMs: 0, phases: null } };
}

function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('rematch properties', () => {
  it('never exceeds a home’s places (free places + beds of cohort children who may move), bed blocking included', () => {
    fc.assert(
      fc.property(
        randomCohort({ maxChildren: 8, maxHomes: 4, solo: true, closures: true, policy: fc.oneof(withPolicy({}), withPolicy({ maxMoves: 0 }), withPolicy({ ...CHEAP, maxMoves: 1 }), withPolicy({ allowSiblingSplit: true })) }),
        ({ cohort, table }) => {
          const r = run(cohort, table);
          const cap = capacityOf(cohort);
          const used = new Map<string, number>();
          for (const c of r.contributions) used.set(c.homeId, (used.get(c.homeId) ?? 0) + c.places);
          for (const [h, u] of used) expect(u).toBeLessThanOrEqual(cap.get(h)!);
          // and the places of each contribution are at least its children
          for (const c of r.contributions) expect(c.places).toBeGreaterThanOrEqual(c.childIds.length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never splits a sibling group when the policy says together (and never newly splits one with maxMoves 0)', () => {
    fc.assert(
      fc.property(
        randomCohort({ maxChildren: 8, maxHomes: 4, closures: true, settled: true, policy: fc.oneof(withPolicy({}), withPolicy({ maxMoves: 0 }), withPolicy({ ...CHEAP, maxMoves: 1 })) }),
        ({ cohort, table }) => {
          const r = run(cohort, table);
          const byGroup = new Map<string, RematchReport['children']>();
          for (const c of r.children) if (c.siblingGroupId) byGroup.set(c.siblingGroupId, [...(byGroup.get(c.siblingGroupId) ?? []), c]);
          for (const members of byGroup.values()) {
            const placedHomes = new Set(members.filter((m) => m.homeId !== null).map((m) => m.homeId));
            const settledHomes = new Set(members.filter((m) => m.class === 'settled').map((m) => m.currentHomeId));
            // together in one home, or as today: every sibling placed lives where a settled sibling lives now
            // (a group split today may stay split; never a new split)
            if (placedHomes.size > 1) for (const h of placedHomes) expect(settledHomes.has(h)).toBe(true);
            if (r.stats.mode === 'pinned' && settledHomes.size > 0) for (const h of placedHomes) expect(settledHomes.has(h)).toBe(true);
            // a settled sibling is never evicted to make the group together
            for (const m of members) if (m.class === 'settled') expect(m.homeId).not.toBeNull();
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never moves (or evicts) a settled child when maxMoves is 0, however cheap moves are', () => {
    fc.assert(
      fc.property(randomCohort({ maxChildren: 8, maxHomes: 5, settled: true, closures: true, solo: true, policy: withPolicy({ movePenaltyBase: 0, movePenaltyPerMonth: 0, maxMoves: 0 }) }), ({ cohort, table }) => {
        const r = run(cohort, table);
        for (const c of r.children) if (c.class === 'settled') expect(c.change).toBe('stayed');
        expect(r.counts.settledMoved).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('moves at most maxMoves settled children', () => {
    fc.assert(
      fc.property(randomCohort({ maxChildren: 8, maxHomes: 5, settled: true, solo: true, policy: fc.constant({}) }), fc.integer({ min: 0, max: 3 }), ({ cohort, table }, cap) => {
        const r = run({ ...cohort, policy: { rematch: { ...CHEAP, maxMoves: cap } } }, table);
        expect(r.counts.settledMoved).toBeLessThanOrEqual(cap);
        expect(r.children.filter((c) => c.class === 'settled' && c.change !== 'stayed')).toHaveLength(r.counts.settledMoved);
      }),
      { numRuns: 200 },
    );
  });

  it('re-places children whose home closed or turned ineligible before children new to care when places are short', () => {
    fc.assert(
      fc.property(randomCohort({ maxChildren: 8, maxHomes: 3, closures: true, groups: false }), ({ cohort, table }) => {
        const r = run(cohort, table);
        const closed = new Set(cohort.closures?.homeIds ?? []);
        const newcomerIn = new Map<string, number>();
        for (const c of r.children) if (c.class === 'new' && c.homeId) newcomerIn.set(c.homeId, (newcomerIn.get(c.homeId) ?? 0) + 1);
        for (const d of r.children) {
          if (d.class !== 'displaced' || d.homeId !== null) continue;
          // no open home eligible for d holds a newcomer: d could have taken that place instead
          for (const [h, score] of Object.entries(table[d.childId]!)) {
            if (score === null || closed.has(h)) continue;
            expect(newcomerIn.get(h) ?? 0).toBe(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same output for the same input', () => {
    fc.assert(
      fc.property(randomCohort({ maxChildren: 7, maxHomes: 4, solo: true, closures: true, settled: true, policy: fc.oneof(withPolicy({}), withPolicy({ ...CHEAP, maxMoves: 1 }), withPolicy({ allowSiblingSplit: true })) }), ({ cohort, table }) => {
        expect(withoutTimings(run(cohort, table))).toEqual(withoutTimings(run(structuredClone(cohort), table)));
      }),
      { numRuns: 100 },
    );
  });

  it('finds the same optimum whatever the order of children and homes', () => {
    fc.assert(
      fc.property(
        randomCohort({ maxChildren: 8, maxHomes: 4, solo: true, closures: true, settled: true, policy: fc.oneof(withPolicy({}), withPolicy({ maxMoves: 0 }), withPolicy({ ...CHEAP, maxMoves: 1 })) }),
        fc.integer({ min: 1, max: 1 << 30 }),
        ({ cohort, table }, seed) => {
          const a = run(cohort, table);
          const b = run({ ...cohort, children: shuffle(cohort.children, seed), homes: shuffle(cohort.homes, seed + 1) }, table);
          expect(b.status).toBe(a.status);
          if (a.status === 'optimal') expect(b.objective).toBeCloseTo(a.objective, 6);
          // either way, each run's bound covers the other's objective
          expect(a.bound + 1e-6 * Math.max(1, Math.abs(a.bound))).toBeGreaterThanOrEqual(b.objective);
          expect(b.bound + 1e-6 * Math.max(1, Math.abs(b.bound))).toBeGreaterThanOrEqual(a.objective);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reports consistently: every child once, counts add up, the objective is its contributions less its penalties', () => {
    fc.assert(
      fc.property(
        randomCohort({ maxChildren: 8, maxHomes: 4, solo: true, closures: true, settled: true, policy: fc.oneof(withPolicy({}), withPolicy({ maxMoves: 0 }), withPolicy({ ...CHEAP, maxMoves: 2 }), withPolicy({ allowSiblingSplit: true, siblingSplitPenalty: 9 })) }),
        ({ cohort, table }) => {
          const r = RematchReportSchema.parse(run(cohort, table));
          const n = cohort.children.length;
          expect(r.children.map((c) => c.childId).sort()).toEqual(cohort.children.map((c) => c.id).sort());
          const k = r.counts;
          expect(k.children).toBe(n);
          expect(k.settled + k.displaced + k.new).toBe(n);
          expect(k.stayed + k.moved + k.newlyPlaced + k.unplaced).toBe(n);
          for (const change of ['stayed', 'moved', 'newly_placed', 'unplaced'] as const) {
            const key = change === 'newly_placed' ? 'newlyPlaced' : change;
            expect(r.children.filter((c) => c.change === change)).toHaveLength(k[key]);
          }
          const placed = r.contributions.flatMap((c) => c.childIds).sort();
          expect(placed).toEqual(r.children.filter((c) => c.homeId !== null).map((c) => c.childId).sort());
          for (const c of r.contributions) for (const id of c.childIds) expect(r.children.find((x) => x.childId === id)?.homeId).toBe(c.homeId);
          const sum = r.contributions.reduce((s, c) => s + c.contribution, 0);
          expect(r.objective).toBeCloseTo(sum - r.penalties.unplaced - r.penalties.siblingSplits, 6);
          expect(r.bound).toBeGreaterThanOrEqual(r.objective - 1e-9);
          if (r.status === 'optimal') expect(r.gap).toBe(0);
          for (const c of r.children) {
            if (c.change === 'unplaced') expect(['no_eligible_home', 'capacity_taken']).toContain(c.reason);
            if (c.change === 'unplaced' && c.reason === 'no_eligible_home') expect(c.eligibleHomes).toBe(0);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
