import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolvePolicy, type PolicyOverride } from '../domain/policy.js';
import { buildModel, type RematchModel } from './build-problem.js';
import { classifyChildren } from './classify.js';
import { optimiseModel } from './optimise.js';
import { prepareCohort, rematchSettings, type PreparedCohort } from './prepare.js';
import { buildReport, reportGap, type RematchReport } from './report.js';
import { cachedScorer } from './scorer.js';
import { idTableScorer, randomCohort } from './testing/fixtures.js';

describe('reportGap', () => {
  it('divides the shortfall by the placement score, not by an objective full of penalty constants', () => {
    // objective -7,000 (penalties of unplaced children) vs bound -6,990: 10 points short on 2,000 points of placements
    expect(reportGap('feasible', -6_990, -7_000, [{ score: 1_500 }, { score: 500 }])).toBeCloseTo(0.005, 12);
    // the same shortfall whatever constant both carry
    expect(reportGap('feasible', 1e8 + 10, 1e8, [{ score: 2_000 }])).toBeCloseTo(0.005, 12);
  });

  it('is 0 when optimal, Infinity when infeasible, never negative, and safe with no placements', () => {
    expect(reportGap('optimal', 5, 5, [{ score: 3 }])).toBe(0);
    expect(reportGap('infeasible', 5, 0, [])).toBe(Infinity);
    expect(reportGap('feasible', 5, 5.0000001, [{ score: 3 }])).toBe(0);
    expect(reportGap('feasible', 10, 4, [])).toBe(6);
  });
});

describe('buildReport sibling counts', () => {
  /** The counting rules as first written (sets per group, a scan of the pinned children per group). */
  function reference(report: RematchReport, prep: PreparedCohort, model: RematchModel, chosen: ArrayLike<number> | null, S: number) {
    const homeOf = report.children.map((c) => c.homeId);
    let together = 0;
    let split = 0;
    for (const { members } of prep.groups) {
      const homes = new Set(members.map((i) => homeOf[i]));
      if (members.every((i) => homeOf[i] !== null) && homes.size === 1) together++;
      if (new Set(members.filter((i) => homeOf[i] !== null).map((i) => homeOf[i])).size > 1) split++;
    }
    let charged = 0;
    if (S > 0 && chosen) {
      const placed = new Set<number>();
      Array.from(chosen).forEach((j, ui) => {
        const u = model.units[ui]!;
        if (j >= 0 && u.kind === 'group' && u.bonus > 0) placed.add(u.group);
      });
      prep.groups.forEach(({ members }, gi) => {
        if (placed.has(gi)) return;
        const pinnedHomes = new Set(model.pinned.filter((p) => prep.groupOf[p.child] === gi).map((p) => p.home));
        if (members.every((i) => model.pinned.some((p) => p.child === i)) && pinnedHomes.size <= 1) return;
        charged++;
      });
    }
    return { together, split, splits: S * charged };
  }

  it('counts groups together and split, and charges split penalties, as the per-group sets did', () => {
    const policies = fc.constantFrom<PolicyOverride['rematch']>(
      { maxMoves: 0, allowSiblingSplit: true, siblingSplitPenalty: 7 },
      { allowSiblingSplit: true, siblingSplitPenalty: 5 },
      { maxMoves: 0 },
      {},
    );
    fc.assert(
      fc.property(randomCohort({ maxHomes: 4, maxChildren: 7, settled: true, policy: policies.map((rematch) => ({ rematch })) }), ({ cohort, table }) => {
        const policy = resolvePolicy(cohort.policy);
        const settings = rematchSettings(policy);
        const prep = prepareCohort(cohort.children, cohort.homes, '2026-11-22', cohort.closures, settings);
        const scorer = cachedScorer(idTableScorer(table)(prep));
        const cls = classifyChildren(prep, scorer, settings);
        const model = buildModel(prep, cls, scorer, settings, settings.maxMoves === 0 ? 'pinned' : 'free');
        const outcome = optimiseModel(prep, model, { maxMoves: settings.maxMoves === 0 ? null : settings.maxMoves });
        const report = buildReport({ prep, cls, settings, model, outcome, policyVersion: policy.version, timing: { ms: 0, scoringMs: 0, solveMs: 0, subjectsScored: 0 }, notes: [] });
        const S = settings.allowSiblingSplit ? settings.siblingSplitPenalty : 0;
        const want = reference(report, prep, model, outcome.solution?.chosen ?? null, S);
        expect({ together: report.counts.siblingGroupsTogether, split: report.counts.siblingGroupsSplit, splits: report.penalties.siblingSplits }).toEqual(want);
      }),
      { numRuns: 150 },
    );
  });
});
