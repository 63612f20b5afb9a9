import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolvePolicy, type PolicyOverride } from '../domain/policy.js';
import { buildModel } from './build-problem.js';
import { capacityBound } from './capacity-bound.js';
import { classifyChildren } from './classify.js';
import { prepareCohort, rematchSettings } from './prepare.js';
import { cachedScorer } from './scorer.js';
import { bruteForceModel } from './testing/brute-force.js';
import { idTableScorer, randomCohort } from './testing/fixtures.js';

const policies: PolicyOverride[] = [{}, { rematch: { allowSiblingSplit: true, siblingSplitPenalty: 15 } }];

describe('capacityBound', () => {
  it('never falls below the exhaustive optimum, from any prices, with sibling alternatives', () => {
    fc.assert(
      fc.property(
        randomCohort({ maxChildren: 6, maxHomes: 4, settled: true, solo: true, policy: fc.constantFrom(...policies) }),
        fc.array(fc.double({ min: 0, max: 2000, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 30 }),
        ({ cohort, table }, prices, steps) => {
          const settings = rematchSettings(resolvePolicy(cohort.policy));
          const prep = prepareCohort(cohort.children, cohort.homes, '2026-11-22', cohort.closures, settings);
          const scorer = cachedScorer(idTableScorer(table)(prep));
          const model = buildModel(prep, classifyChildren(prep, scorer, settings), scorer, settings, 'free');
          const opt = bruteForceModel(model, null).objective;
          const b = capacityBound(model, 0, Float64Array.from(prices), opt - model.constant, steps);
          expect(b.bound + model.constant).toBeGreaterThanOrEqual(opt - 1e-6 * Math.max(1, Math.abs(opt)));
          expect(b.together).toHaveLength(model.exclusive.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
