import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../domain/policy.js';
import { buildModel, candidateValue } from './build-problem.js';
import { classifyChildren } from './classify.js';
import { prepareCohort, rematchSettings } from './prepare.js';
import { repairModes, repairSolution } from './repair.js';
import { cachedScorer, tableScorer } from './scorer.js';
import { child, home, idTableScorer, randomCohort } from './testing/fixtures.js';

function valueOf(model: ReturnType<typeof buildModel>, chosen: Int32Array): number {
  let s = 0;
  chosen.forEach((j, ui) => {
    if (j >= 0) s += candidateValue(model.units[ui]!, j);
  });
  return s;
}

describe('repairSolution', () => {
  it('puts back a settled child a heuristic left out, moving a newcomer to a free place', () => {
    const children = [child('C1', { home: 'H1' }), child('C2')];
    const homes = [home('H1', 1, 0), home('H2', 1, 1)];
    const settings = rematchSettings(resolvePolicy());
    const prep = prepareCohort(children, homes, '2026-11-22', undefined, settings);
    const scorer = cachedScorer(tableScorer([[5, null], [9, 1]], (h) => prep.capacity[h]!));
    const model = buildModel(prep, classifyChildren(prep, scorer, settings), scorer, settings, 'free');
    // a poor solution: the newcomer took the settled child's bed
    const chosen = Int32Array.from([-1, 0]);
    expect(repairSolution(model, chosen, 0)).toBe(1);
    expect([...chosen]).toEqual([0, 1]);
  });

  it('switches a group out of "together" when that cost a settled child their home', () => {
    // siblings A1 (in H1) and A2 (in H2) could only be together in H3, where S lives
    const children = [child('A1', { home: 'H1', group: 'G' }), child('A2', { home: 'H2', group: 'G' }), child('S', { home: 'H3' })];
    const homes = [home('H1', 1, 0), home('H2', 1, 0), home('H3', 2, 1)];
    const settings = rematchSettings(resolvePolicy());
    const prep = prepareCohort(children, homes, '2026-11-22', undefined, settings);
    const scorer = cachedScorer(tableScorer([[5, null, 40], [null, 5, 40], [null, null, 3]], (h) => prep.capacity[h]!));
    const model = buildModel(prep, classifyChildren(prep, scorer, settings), scorer, settings, 'free');
    const ids = model.units.map((u) => u.id);
    expect(ids).toEqual(['c:S', 'g:G', 'k:A1', 'k:A2']);
    expect(model.exclusive).toHaveLength(1);
    const chosen = Int32Array.from([-1, 0, -1, -1]); // G together in H3, S evicted
    const together = Uint8Array.from([1]);
    expect(repairModes(model, chosen, 0, together)).toBe(1);
    expect(together[0]).toBe(0);
    expect(chosen[0]).toBe(0); // S back in H3
    expect(chosen[1]).toBe(-1);
  });

  it('never lowers the value, never overfills a home, never places an inactive unit', () => {
    fc.assert(
      fc.property(randomCohort({ maxChildren: 8, maxHomes: 4, solo: true, settled: true }), fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 12, maxLength: 12 }), ({ cohort, table }, picks) => {
        const settings = rematchSettings(resolvePolicy(cohort.policy));
        const prep = prepareCohort(cohort.children, cohort.homes, '2026-11-22', cohort.closures, settings);
        const scorer = cachedScorer(idTableScorer(table)(prep));
        const model = buildModel(prep, classifyChildren(prep, scorer, settings), scorer, settings, 'free');
        // a random feasible start: take picks greedily while they fit
        const used = new Int32Array(model.capacity.length);
        const active = Uint8Array.from(model.units, (_, ui) => (model.exclusive.some((s) => s.together === ui) ? 0 : 1));
        const chosen = new Int32Array(model.units.length).fill(-1);
        model.units.forEach((u, ui) => {
          const j = picks[ui % picks.length]!;
          if (!active[ui] || j < 0 || j >= u.homes.length) return;
          if (used[u.homes[j]!]! + u.size[j]! > model.capacity[u.homes[j]!]!) return;
          used[u.homes[j]!]! += u.size[j]!;
          chosen[ui] = j;
        });
        const before = valueOf(model, chosen);
        repairSolution(model, chosen, 0, active);
        expect(valueOf(model, chosen)).toBeGreaterThanOrEqual(before - 1e-9);
        const after = new Int32Array(model.capacity.length);
        chosen.forEach((j, ui) => {
          if (j < 0) return;
          expect(active[ui]).toBe(1);
          after[model.units[ui]!.homes[j]!]! += model.units[ui]!.size[j]!;
        });
        after.forEach((x, h) => expect(x).toBeLessThanOrEqual(model.capacity[h]!));
      }),
      { numRuns: 200 },
    );
  });
});
