import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../domain/policy.js';
import { fakeGeography } from '../scoring/testing/fake-geo.js';
import { scoreAll } from '../match/engine.js';
import { rulesOfMask } from '../scoring/codes.js';
import { matchScorer, rematchRegistry, resolveCohortChildren, sortInts, toCohortOrder } from './match-scorer.js';
import { prepareCohort, rematchSettings } from './prepare.js';
import { child, home } from './testing/fixtures.js';

const settings = rematchSettings(DEFAULT_POLICY);
const districts = ['CV1', 'CV2', 'CV3', 'CV6', 'CV21', 'CV34', 'B1', 'B36', 'B90', 'LE1'];

function setup(vacancyH0 = 1) {
  const homes = districts.map((d, i) => home(`H${i}`, 2, i === 9 ? 0 : i === 0 ? vacancyH0 : 1, { location: { district: d } }));
  const children = [child('C1', { home: 'H9', extra: { homeLocation: { district: 'CV2' } } }), child('C2', { group: 'G' }), child('C3', { group: 'G' })];
  return prepareCohort(children, homes, '2026-11-22', undefined, settings);
}

describe('matchScorer', () => {
  it('scores with the match core: eligible homes ascending, a child’s own full home eligible for it', () => {
    const prep = setup();
    const s = matchScorer(prep, fakeGeography(), DEFAULT_POLICY, [], '2026-11-22').score([0], 1);
    expect(s.evaluated).toBe(10);
    expect([...s.homes]).toEqual([...s.homes].sort((a, b) => a - b));
    expect(s.homes).toContain(9); // H9 has no vacancy, but C1 lives there: its bed counts
    expect(s.totals.every((t) => Number.isFinite(t))).toBe(true);
  });

  it('values a group at its per-subject total times its size, eligible only where it fits', () => {
    const prep = setup(2);
    const geo = fakeGeography();
    const g = matchScorer(prep, geo, DEFAULT_POLICY, [], '2026-11-22').score([1, 2], 2);
    expect([...g.homes]).toEqual([0]); // only H0 has two places
    expect(g.ruledOut['free_places']).toBe(9);
    const registry = rematchRegistry(prep, geo);
    const kids = resolveCohortChildren(prep, registry, geo, DEFAULT_POLICY);
    const subject = { kind: 'siblingGroup' as const, id: 'G', children: [kids[1]!, kids[2]!], groupSize: 2, placingAuthority: kids[1]!.placingAuthority, urgency: 'planned' as const, domains: DEFAULT_POLICY.domains, asOf: '2026-11-22' };
    expect(g.totals[0]).toBeCloseTo(2 * scoreAll(subject, registry, DEFAULT_POLICY, [], geo).totals[0]!, 9);
  });

  it('counts the homes each rule rules out over the full masks, though scoring stops at the first failing check', () => {
    const prep = setup();
    const geo = fakeGeography();
    const scorer = matchScorer(prep, geo, DEFAULT_POLICY, [], '2026-11-22');
    const registry = rematchRegistry(prep, geo);
    const kids = resolveCohortChildren(prep, registry, geo, DEFAULT_POLICY);
    for (const [i, kid] of kids.entries()) {
      const s = scorer.score([i], 1);
      const subject = { kind: 'child' as const, id: kid.id, children: [kid], groupSize: 1, placingAuthority: kid.placingAuthority, urgency: 'planned' as const, domains: DEFAULT_POLICY.domains, asOf: '2026-11-22' };
      const full = scoreAll(subject, registry, DEFAULT_POLICY, [], geo);
      const expected: Record<string, number> = {};
      for (const m of full.broken) for (const id of rulesOfMask(m)) expected[id] = (expected[id] ?? 0) + 1;
      expect(s.ruledOut).toEqual(expected);
      expect([...s.homes]).toEqual([...full.eligible.keys()].filter((h) => full.eligible[h] === 1));
    }
  });

  it('counts the rules of a subject with no eligible home, single or group, as the full masks do', () => {
    // aged 17 on a care plan for fostering, with homes that take children up to 10 only: nothing is eligible
    const homes = districts.map((d, i) => home(`H${i}`, 3, 2, { location: { district: d }, ageRange: { min: 0, max: 10 } }));
    const children = [child('C1', { extra: { dateOfBirth: '2009-01-01' } }), child('C2', { group: 'G', extra: { dateOfBirth: '2009-01-01' } }), child('C3', { group: 'G', extra: { dateOfBirth: '2009-02-01' } })];
    const prep = prepareCohort(children, homes, '2026-11-22', undefined, settings);
    const geo = fakeGeography();
    const scorer = matchScorer(prep, geo, DEFAULT_POLICY, [], '2026-11-22');
    const registry = rematchRegistry(prep, geo);
    const kids = resolveCohortChildren(prep, registry, geo, DEFAULT_POLICY);
    for (const idx of [[0], [1, 2]]) {
      const s = scorer.score(idx, idx.length);
      expect(s.homes.length).toBe(0);
      const members = idx.map((i) => kids[i]!);
      const subject = { kind: idx.length === 1 ? ('child' as const) : ('siblingGroup' as const), id: members.map((k) => k.id).join('+'), children: members, groupSize: idx.length, placingAuthority: members[0]!.placingAuthority, urgency: 'planned' as const, domains: DEFAULT_POLICY.domains, asOf: '2026-11-22' };
      const full = scoreAll(subject, registry, DEFAULT_POLICY, [], geo);
      const expected: Record<string, number> = {};
      for (const m of full.broken) for (const id of rulesOfMask(m)) expected[id] = (expected[id] ?? 0) + 1;
      expect(expected['age_sex_registration']).toBe(10);
      expect(s.ruledOut).toEqual(expected);
    }
  });

  it('with nearestHomes scores a window around the child plus its current home', () => {
    const prep = setup();
    const s = matchScorer(prep, fakeGeography(), DEFAULT_POLICY, [], '2026-11-22', { nearestHomes: 2, cellKm: 2 }).score([0], 1);
    expect(s.evaluated).toBeLessThan(10);
    expect(s.homes).toContain(9); // LE1, far away, but the current home
    const all = matchScorer(prep, fakeGeography(), DEFAULT_POLICY, [], '2026-11-22').score([0], 1);
    for (let k = 0; k < s.homes.length; k++) {
      const j = [...all.homes].indexOf(s.homes[k]!);
      expect(all.totals[j]).toBeCloseTo(s.totals[k]!, 9);
    }
  });
});

describe('sortInts', () => {
  it('sorts like the built-in sort, short and long arrays, with duplicates', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 5000 }), { maxLength: 400 }), (xs) => {
        const a = Int32Array.from(xs);
        sortInts(a);
        expect(Array.from(a)).toEqual([...xs].sort((x, y) => x - y));
      }),
      { numRuns: 300 },
    );
  });
});

describe('toCohortOrder', () => {
  it('bit set and sort give the eligible homes in ascending cohort order with their totals, and leave the bit set clear', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }).chain((n) =>
          fc.tuple(fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }), fc.uniqueArray(fc.integer({ min: 0, max: n - 1 })), fc.integer({ min: 1, max: 3 })),
        ),
        ([perm, picked, mult]) => {
          const n = perm.length;
          const toCohort = Int32Array.from(perm);
          const list = Int32Array.from([...picked].sort((a, b) => a - b));
          const tot = Float64Array.from({ length: n }, (_, r) => r * 0.37 - 5);
          const expected = [...list].map((r) => ({ c: toCohort[r]!, t: tot[r]! * mult })).sort((a, b) => a.c - b.c);
          for (const [useBits, packed, two] of [[true, true, false], [true, true, true], [false, true, false], [false, false, false]] as const) {
            const homes = new Int32Array(list.length);
            const totals = new Float64Array(list.length);
            const bits = new Int32Array((n + 31) >>> 5);
            const summary = two ? new Int32Array((bits.length + 31) >>> 5) : undefined;
            toCohortOrder(list, list.length, toCohort, tot, mult, homes, totals, new Float64Array(n), bits, useBits, packed, summary);
            expect(Array.from(homes)).toEqual(expected.map((e) => e.c));
            expect(Array.from(totals)).toEqual(expected.map((e) => e.t));
            expect(bits.every((w) => w === 0)).toBe(true);
            if (summary) expect(summary.every((w) => w === 0)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
