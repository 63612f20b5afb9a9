import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solve } from '../../solver/solve.js';
import { DEFAULT_POLICY, resolvePolicy } from '../domain/policy.js';
import { buildModel, candidateValue, toSolverProblem } from './build-problem.js';
import { classifyChildren } from './classify.js';
import type { Cohort } from './cohort.js';
import { placesTaken, prepareCohort, rematchSettings } from './prepare.js';
import { cachedScorer, tableScorer } from './scorer.js';
import { child, home } from './testing/fixtures.js';

function setup(cohort: Pick<Cohort, 'children' | 'homes' | 'closures' | 'policy'>, table: (number | null)[][]) {
  const settings = rematchSettings(resolvePolicy(cohort.policy));
  const prep = prepareCohort(cohort.children, cohort.homes, '2026-11-22', cohort.closures, settings);
  const scorer = cachedScorer(tableScorer(table, (h) => prep.capacity[h]!));
  const cls = classifyChildren(prep, scorer, settings);
  return { settings, prep, scorer, cls };
}

describe('prepareCohort', () => {
  it("counts a resident's own bed as a place this round, never beyond places; a closing home offers none", () => {
    const { prep } = setup(
      {
        children: [child('C1', { home: 'H1' }), child('C2', { home: 'H2' })],
        homes: [home('H1', 2, 0), home('H2', 3, 2), home('H3', 2, 2)],
        closures: { homeIds: ['H3'], providerIds: [] },
      },
      [[1, 1, 1], [1, 1, 1]],
    );
    expect([...prep.capacity]).toEqual([1, 3, 0]);
    expect([...prep.residents]).toEqual([1, 1, 0]);
  });

  it('makes a child with a solo risk flag take every place (bed blocking), less co-residents who may stay', () => {
    const { prep } = setup(
      {
        children: [child('C1', { home: 'H1', risk: ['sexually_harmful_behaviour'] }), child('C2', { home: 'H1' })],
        homes: [home('H1', 3, 1), home('H2', 3, 3)],
      },
      [[1, 1], [1, 1]],
    );
    expect(prep.capacity[0]).toBe(3);
    expect(placesTaken(prep, [0], 0)).toBe(2); // its own home: C2 may stay with it
    expect(placesTaken(prep, [0], 1)).toBe(3); // elsewhere: the whole home
    expect(placesTaken(prep, [1], 1)).toBe(1);
  });
});

describe('classifyChildren', () => {
  it('settled in an eligible open home; displaced when it closes or turns ineligible; new otherwise', () => {
    const { cls } = setup(
      {
        children: [child('C1', { home: 'H1', since: '2025-11-22' }), child('C2', { home: 'H2' }), child('C3', { home: 'H3' }), child('C4')],
        homes: [home('H1', 2, 1), home('H2', 2, 1), home('H3', 2, 1)],
        closures: { homeIds: ['H2'], providerIds: [] },
      },
      [[5, 5, 5], [5, 5, 5], [5, 5, null], [5, 5, 5]],
    );
    expect(cls.cls).toEqual(['settled', 'displaced', 'displaced', 'new']);
    expect(cls.displacedReason).toEqual([null, 'home_closed', 'home_ineligible', null]);
    expect(cls.movePenalty[0]).toBe(DEFAULT_POLICY.rematch.movePenaltyBase + 12 * DEFAULT_POLICY.rematch.movePenaltyPerMonth);
    expect([...cls.unplacedPenalty]).toEqual([100_000, 10_000, 10_000, 1_000]);
  });
});

describe('buildModel', () => {
  it('makes a sibling group one unit of its size, worth the sum of its children, on group-eligible homes only', () => {
    const { prep, cls, scorer, settings } = setup(
      { children: [child('C1', { group: 'G' }), child('C2', { group: 'G' }), child('C3')], homes: [home('H1', 2, 2), home('H2', 1, 1)] },
      [[4, 9], [6, 9], [1, 2]],
    );
    const m = buildModel(prep, cls, scorer, settings, 'free');
    const g = m.units.find((u) => u.id === 'g:G')!;
    expect(g.children).toEqual([0, 1]);
    expect([...g.homes]).toEqual([0]);
    expect([...g.score]).toEqual([10]);
    expect([...g.size]).toEqual([2]);
    expect(m.units.map((u) => u.id).sort()).toEqual(['c:C3', 'g:G']);
  });

  it('charges the move penalty on every home but the current one and counts stays', () => {
    const { prep, cls, scorer, settings } = setup(
      { children: [child('C1', { home: 'H1', since: '2026-05-22' })], homes: [home('H1', 1, 0), home('H2', 1, 1)] },
      [[3, 20]],
    );
    const m = buildModel(prep, cls, scorer, settings, 'free');
    const u = m.units[0]!;
    expect([...u.move]).toEqual([0, 16]);
    expect([...u.stay]).toEqual([1, 0]);
    expect(m.settled).toBe(1);
    // objective = constant + value: staying is worth exactly its score
    expect(m.constant + candidateValue(u, 0)).toBe(3);
    expect(m.constant + candidateValue(u, 1)).toBe(4);
  });

  it('charges each unit, single or group, the move penalties of its settled children who leave and counts those who stay', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }).chain((nh) =>
          fc.tuple(
            fc.array(fc.record({ home: fc.option(fc.nat(nh - 1), { nil: undefined }), months: fc.nat(30), group: fc.nat(2) }), { minLength: 1, maxLength: 6 }),
            fc.array(fc.integer({ min: 0, max: 9 }), { minLength: nh, maxLength: nh }),
            fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
          ),
        ),
        ([kids, values, candidateLimit]) => {
          const nh = values.length;
          // groups 1 and 2 need two children to be groups; group 0 means single
          const size = (g: number): number => kids.filter((k) => k.group === g).length;
          const children = kids.map((k, i) => {
            const g = k.group > 0 && size(k.group) >= 2 ? `G${k.group}` : undefined;
            const since = `${2026 - Math.floor((k.months + 10) / 12)}-${String(((10 - k.months) % 12 + 12) % 12 + 1).padStart(2, '0')}-22`;
            return child(`C${i}`, { ...(k.home !== undefined ? { home: `H${k.home}`, since } : {}), ...(g ? { group: g } : {}) });
          });
          const homes = Array.from({ length: nh }, (_, h) => home(`H${h}`, 8, 8 - kids.filter((k) => k.home === h).length));
          const { prep, cls, scorer, settings } = setup({ children, homes }, kids.map(() => values));
          // with a candidate limit, a settled child's own home is kept (and their moves / stays may be shared views)
          const m = buildModel(prep, cls, scorer, settings, 'free', candidateLimit !== undefined ? { candidateLimit } : {});
          for (const u of m.units) {
            for (const i of u.children) if (cls.cls[i] === 'settled' && u.children.length === 1) expect([...u.homes]).toContain(prep.current[i]);
            u.homes.forEach((h, j) => {
              let move = 0;
              let stay = 0;
              for (const i of u.children) {
                if (cls.cls[i] !== 'settled') continue;
                if (prep.current[i] === h) stay++;
                else move += cls.movePenalty[i]!;
              }
              expect(u.move[j]).toBe(move);
              expect(u.stay[j]).toBe(stay);
              expect(u.size[j]).toBe(u.children.length);
            });
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('pins settled children in pinned mode and lets the rest of their group only join them', () => {
    const { prep, cls, scorer, settings } = setup(
      {
        children: [child('C1', { home: 'H1', group: 'G' }), child('C2', { group: 'G' }), child('C3')],
        homes: [home('H1', 3, 1), home('H2', 2, 2)],
      },
      [[5, 5], [5, 8], [2, 2]],
    );
    const m = buildModel(prep, cls, scorer, settings, 'pinned');
    expect(m.pinned).toEqual([{ child: 0, home: 0, score: 5, size: 1 }]);
    expect([...m.capacity]).toEqual([1, 2]);
    const rest = m.units.find((u) => u.id === 'g:G')!;
    expect([...rest.homes]).toEqual([0]);
    expect(m.settled).toBe(0);
  });

  it('pins two children needing a solo home who live together as one block of the home (never over capacity)', () => {
    const solo = ['sexually_harmful_behaviour'] as const;
    const { prep, cls, scorer, settings } = setup(
      {
        children: [child('C1', { home: 'H1', group: 'G', risk: [...solo] }), child('C2', { home: 'H1', group: 'G', risk: [...solo] })],
        homes: [home('H1', 3, 1)],
        policy: { rematch: { maxMoves: 0 } },
      },
      [[0], [0]],
    );
    const m = buildModel(prep, cls, scorer, settings, 'pinned');
    expect(m.pinned.map((p) => p.size)).toEqual([2, 1]);
    expect(m.capacity[0]).toBe(0);
  });

  it('with splits allowed adds a together unit with a bonus and member units that exclude it', () => {
    const { prep, cls, scorer, settings } = setup(
      {
        children: [child('C1', { group: 'G' }), child('C2', { group: 'G' })],
        homes: [home('H1', 2, 2), home('H2', 1, 1)],
        policy: { rematch: { allowSiblingSplit: true, siblingSplitPenalty: 7 } },
      },
      [[4, 9], [6, 9]],
    );
    const m = buildModel(prep, cls, scorer, settings, 'free');
    expect(m.units.map((u) => u.id)).toEqual(['g:G', 'm:C1', 'm:C2']);
    expect(m.units[0]!.bonus).toBe(7);
    expect(m.exclusive).toEqual([{ group: 0, together: 0, members: [1, 2] }]);
    // together at H1: 10; split C1->H2, C2->H1: 9 + 6 - 7 = 8
    expect(m.constant + candidateValue(m.units[0]!, 0)).toBe(10);
    expect(m.constant + candidateValue(m.units[1]!, 1) + candidateValue(m.units[2]!, 0)).toBe(8);
  });

  it('keeps the best candidates under a limit, always keeping the current home', () => {
    const { prep, cls, scorer, settings } = setup(
      { children: [child('C1', { home: 'H1' })], homes: [home('H1', 1, 0), home('H2', 1, 1), home('H3', 1, 1), home('H4', 1, 1)] },
      [[0, 50, 60, 40]],
    );
    const m = buildModel(prep, cls, scorer, settings, 'free', { candidateLimit: 1 });
    expect([...m.units[0]!.homes]).toEqual([0, 2]);
  });
});

describe('candidate limit', () => {
  it('keeps exactly the reference selection: best by score less move, ties to the lower home, stays kept', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((nh) =>
          fc.tuple(
            fc.array(fc.array(fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }), { minLength: nh, maxLength: nh }), { minLength: 1, maxLength: 5 }),
            fc.array(fc.option(fc.nat(nh - 1), { nil: undefined }), { minLength: 5, maxLength: 5 }),
            fc.integer({ min: 1, max: 6 }),
          ),
        ),
        ([table, homesOf, limit]) => {
          const nh = table[0]!.length;
          const homes = Array.from({ length: nh }, (_, h) => home(`H${h}`, 3, 1));
          const children = table.map((_, i) => (homesOf[i] === undefined ? child(`C${i}`) : child(`C${i}`, { home: `H${homesOf[i]}` })));
          const { prep, cls, scorer, settings } = setup({ children, homes }, table);
          const all = buildModel(prep, cls, scorer, settings, 'free');
          const cut = buildModel(prep, cls, scorer, settings, 'free', { candidateLimit: limit });
          all.units.forEach((u, ui) => {
            // reference (a full sort): the limit-th best value is the threshold; keep what beats it and every
            // stay, then ties in home order while places under the limit remain
            const key = [...u.homes.keys()].map((j) => u.score[j]! - u.move[j]!);
            let expected = [...u.homes];
            if (key.length > limit) {
              const threshold = [...key].sort((a, b) => a - b)[key.length - limit]!;
              let ties = limit - key.filter((v) => v > threshold).length;
              expected = expected.filter((_, j) => key[j]! > threshold || u.stay[j]! > 0 || (key[j] === threshold && ties-- > 0));
            }
            expect([...cut.units[ui]!.homes]).toEqual(expected);
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('toSolverProblem', () => {
  it('is a valid generic problem the solver solves, names homes and units by id', () => {
    const { prep, cls, scorer, settings } = setup(
      { children: [child('C1', { home: 'H1' }), child('C2')], homes: [home('H1', 1, 0), home('H2', 1, 1)] },
      [[3, 20], [5, null]],
    );
    const m = buildModel(prep, cls, scorer, settings, 'free');
    const { problem } = toSolverProblem(prep, m);
    expect(problem.targets).toEqual([{ id: 'H1', capacity: 1 }, { id: 'H2', capacity: 1 }]);
    const r = solve(problem);
    expect(r.status).toBe('optimal');
    if (r.status === 'infeasible') return;
    // C2 can only go to H1, which C1 leaves for H2 (20 - move penalty > 3, and C2 then is placed)
    expect(r.assignments.map((a) => `${a.unit}->${a.target}`).sort()).toEqual(['c:C1->H2', 'c:C2->H1']);
  });
});
