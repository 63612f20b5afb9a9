import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../domain/policy.js';
import { assertCohort } from './cohort.js';
import { placesTaken, prepareCohort, rematchSettings } from './prepare.js';
import { child, home, randomCohort } from './testing/fixtures.js';

const settings = rematchSettings(resolvePolicy(undefined));

describe('prepareCohort', () => {
  it("indexes a cohort the same with assertCohort's id index as without it", () => {
    fc.assert(
      fc.property(randomCohort({ maxHomes: 5, maxChildren: 8, solo: true, closures: true }), ({ cohort }) => {
        const index = assertCohort(cohort);
        const own = prepareCohort(cohort.children, cohort.homes, '2026-11-22', cohort.closures, settings);
        const shared = prepareCohort(cohort.children, cohort.homes, '2026-11-22', cohort.closures, settings, index);
        expect(shared).toEqual(own);
        expect([...shared.homeIndex]).toEqual([...own.homeIndex]);
      }),
      { numRuns: 150 },
    );
  });

  it('ignores an index made for other arrays (builds its own)', () => {
    const homes = [home('H1', 2, 1), home('H2', 1, 0)];
    const children = [child('C1', { home: 'H2' }), child('C2', { home: 'H1' })];
    const other = assertCohort({ children: [child('X')], homes: [home('H9', 1, 1)], overrides: [] });
    const prep = prepareCohort(children, homes, '2026-11-22', undefined, settings, other);
    expect([...prep.current]).toEqual([1, 0]);
    expect([...prep.residents]).toEqual([1, 1]);
    expect(placesTaken(prep, [0], 1)).toBe(1);
  });

  it('marks a child carrying a solo risk flag, whatever its position among the flags', () => {
    const children = [child('C1', { risk: ['self_harm', 'sexually_harmful_behaviour'] }), child('C2', { risk: ['self_harm'] }), child('C3')];
    expect([...prepareCohort(children, [home('H1', 1, 1)], '2026-11-22', undefined, settings).solo]).toEqual([1, 0, 0]);
  });
});
