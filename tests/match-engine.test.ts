import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MatchResponseSchema, ValidationError, type Home } from '../src/domain/index.js';
import { match, scoreAll } from '../src/match/engine.js';
import { buildRegistry } from '../src/match/registry.js';
import { resolveSubject } from '../src/match/resolve-child.js';
import { childInput, homeInput, requestOf } from '../src/match/testing/requests.js';
import { DEFAULT_POLICY } from '../src/domain/index.js';
import { fakeGeography, homesArb } from '../src/scoring/testing/arbitraries.js';
import type { ResolvedHome } from '../src/scoring/types.js';

const geo = fakeGeography();

/** A domain Home from a resolved arbitrary home (location is its district; authority derived again). */
function toHome(r: ResolvedHome): Home {
  const { index: _i, point: _p, district: _d, authority: _a, setting: _s, ...home } = r;
  return home as Home;
}

const childArb = fc.record({
  district: fc.constantFrom('CV1', 'CV2', 'CV3', 'B1', 'CV34'),
  dob: fc.constantFrom('2009-01-10', '2011-10-02', '2015-06-30', '2020-02-02'),
  sex: fc.constantFrom('female', 'male') as fc.Arbitrary<'female' | 'male'>,
  needs: fc.dictionary(fc.constantFrom('behaviour', 'learning', 'health_disability', 'emotional_wellbeing'), fc.integer({ min: 0, max: 4 })),
  school: fc.option(fc.constantFrom('CV1', 'B90', 'CV21'), { nil: undefined }),
  plan: fc.constantFrom('fostering', 'residential', 'supported', 'any') as fc.Arbitrary<'fostering' | 'residential' | 'supported' | 'any'>,
  urgency: fc.constantFrom('planned', 'planned', 'same_day') as fc.Arbitrary<'planned' | 'same_day'>,
});

type ChildDraw = typeof childArb extends fc.Arbitrary<infer T> ? T : never;

function childFrom(c: ChildDraw) {
  return childInput({
    homeLocation: { district: c.district },
    dateOfBirth: c.dob,
    sex: c.sex,
    needs: c.needs,
    ...(c.school ? { school: { location: { district: c.school } } } : {}),
    carePlanSetting: c.plan,
    urgency: c.urgency,
  });
}

describe('match engine (fake geography)', () => {
  it('ranks an eligible connected carer first (s22C(7)(a))', () => {
    const homes = [
      homeInput({ id: 'H-NEAR', location: { district: 'CV1' }, capability: { behaviour: 2 } }),
      homeInput({ id: 'H-KIN', type: 'connected_person_foster', location: { district: 'CV34' }, annualCost: 16960 }),
      homeInput({ id: 'H-BLOCK', type: 'external_childrens_home', location: { district: 'CV2' }, contract: 'block', annualCost: 175725 }),
    ];
    const reg = buildRegistry(homes, geo);
    const res = match(requestOf({ child: childInput({ connectedPersons: [{ homeId: 'H-KIN', relationship: 'grandmother' }] }) }), reg, geo, { requestId: 'r1' });
    expect(res.ranked.map((r) => r.homeId)).toEqual(['H-KIN', 'H-NEAR', 'H-BLOCK']);
    expect(res.ranked[0]?.approvals.map((a) => a.regulation)).toEqual(['reg11_out_of_area', 'reg13_notify_host']);
    expect(MatchResponseSchema.parse(res)).toEqual(res);
  });

  it('explains the top homes with the same totals the fast path ranks by', () => {
    fc.assert(
      fc.property(homesArb(1, 25), childArb, (rh, c) => {
        const reg = buildRegistry(rh.map(toHome), geo);
        const req = requestOf({ child: childFrom(c), top: 30 });
        const res = match(req, reg, geo);
        const subject = resolveSubject(req, DEFAULT_POLICY, geo, { asOf: '2026-11-22', registry: reg });
        const s = scoreAll(subject, reg, DEFAULT_POLICY, [], geo);
        for (const r of res.ranked) {
          const i = reg.indexOf(r.homeId);
          expect(Math.abs(r.explanation.total - (s.totals[i] as number))).toBeLessThanOrEqual(1e-9);
          expect(Math.abs(r.explanation.total - r.explanation.factors.reduce((t, f) => t + f.impact, 0))).toBeLessThanOrEqual(1e-9);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('never ranks an ineligible home, and ranks eligible homes by total then id', () => {
    fc.assert(
      fc.property(homesArb(1, 25), childArb, (rh, c) => {
        const reg = buildRegistry(rh.map(toHome), geo);
        const res = match(requestOf({ child: childFrom(c), top: 10 }), reg, geo);
        const ineligible = new Set(res.ineligibleSummary.flatMap((g) => g.homeIds));
        const all = [...res.ranked.map((r) => ({ id: r.homeId, t: r.explanation.total })), ...res.moreEligible.homeIds.map((id, k) => ({ id, t: res.moreEligible.totals[k] as number }))];
        for (const r of res.ranked) {
          expect(ineligible.has(r.homeId)).toBe(false);
          expect(r.explanation.rules.every((x) => x.passed || x.overridden)).toBe(true);
        }
        for (let k = 1; k < all.length; k++) {
          const a = all[k - 1] as { id: string; t: number };
          const b = all[k] as { id: string; t: number };
          expect(a.t > b.t || (a.t === b.t && a.id < b.id)).toBe(true);
        }
        expect(res.counts.eligible + res.counts.ineligible + res.counts.outOfScope).toBe(reg.size);
        expect(all.length).toBe(res.counts.eligible);
        expect(ineligible.size).toBe(res.counts.ineligible);
        for (const x of res.ineligible) expect(x.brokenRules.map((r) => r.id)).toEqual(res.ineligibleSummary.find((g) => g.homeIds.includes(x.homeId))?.rules);
      }),
      { numRuns: 80 },
    );
  });

  it('ranks independently of the order the homes are given in', () => {
    fc.assert(
      fc.property(
        homesArb(2, 25).chain((hs) => fc.tuple(fc.constant(hs), fc.shuffledSubarray(hs, { minLength: hs.length, maxLength: hs.length }))),
        childArb,
        ([a, b], c) => {
          const req = requestOf({ child: childFrom(c), top: 5 });
          const ra = match(req, buildRegistry(a.map(toHome), geo), geo, { requestId: 'x' });
          const rb = match(req, buildRegistry(b.map(toHome), geo), geo, { requestId: 'x' });
          const strip = (r: typeof ra) => ({ ...r, registryVersion: '' });
          expect(strip(rb)).toEqual(strip(ra));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('nearer is never worse, all else equal', () => {
    const coventry = ['CV1', 'CV2', 'CV3', 'CV6'];
    fc.assert(
      fc.property(homesArb(1, 1), fc.constantFrom(...coventry), fc.constantFrom(...coventry), fc.constantFrom(...coventry), (rh, childD, d1, d2) => {
        const base = toHome(rh[0] as ResolvedHome);
        const homes = [
          { ...base, id: 'H-A', location: { district: d1 } },
          { ...base, id: 'H-B', location: { district: d2 } },
        ];
        const reg = buildRegistry(homes, geo);
        const req = requestOf({ child: childInput({ homeLocation: { district: childD } }) });
        const subject = resolveSubject(req, DEFAULT_POLICY, geo, { asOf: '2026-11-22', registry: reg });
        const s = scoreAll(subject, reg, DEFAULT_POLICY, [], geo);
        const [ka, kb] = [s.km[0] as number, s.km[1] as number];
        if (ka < kb) expect(s.totals[0]).toBeGreaterThanOrEqual(s.totals[1] as number);
        if (kb < ka) expect(s.totals[1]).toBeGreaterThanOrEqual(s.totals[0] as number);
        expect(s.eligible[0]).toBe(s.eligible[1]);
      }),
      { numRuns: 150 },
    );
  });

  it('lists every ineligible home with all its rules, and a counterfactual for one broken rule', () => {
    const homes = [
      homeInput({ id: 'H-FULL', freePlaces: 0 }),
      homeInput({ id: 'H-BAD', ofsted: 'inadequate' }),
      homeInput({ id: 'H-BOTH', freePlaces: 0, ofsted: 'inadequate' }),
      homeInput({ id: 'H-OK' }),
    ];
    const res = match(requestOf({ child: childInput() }), buildRegistry(homes, geo), geo);
    expect(res.ranked.map((r) => r.homeId)).toEqual(['H-OK']);
    const byId = new Map(res.ineligible.map((x) => [x.homeId, x]));
    expect(byId.get('H-FULL')?.counterfactual).toBe('Would be eligible with 1 more free place.');
    expect(byId.get('H-BAD')?.counterfactual).toBe('Would be eligible with an Ofsted override (recorded with a reason).');
    expect(byId.get('H-BOTH')?.brokenRules.map((r) => r.id)).toEqual(['ofsted_inadequate', 'free_places']);
    expect(byId.get('H-BOTH')?.counterfactual).toBeNull();
    expect(res.ineligibleSummary).toEqual([
      { rules: ['ofsted_inadequate'], count: 1, homeIds: ['H-BAD'] },
      { rules: ['free_places'], count: 1, homeIds: ['H-FULL'] },
      { rules: ['ofsted_inadequate', 'free_places'], count: 1, homeIds: ['H-BOTH'] },
    ]);
  });

  it('applies a recorded override and flags the approval it needs', () => {
    const reg = buildRegistry([homeInput({ id: 'H-BAD', ofsted: 'inadequate' })], geo);
    const res = match(
      requestOf({ child: childInput(), overrides: [{ rule: 'ofsted_inadequate', homeIds: ['H-BAD'], reason: 'Sibling placed there, action plan agreed' }] }),
      reg,
      geo,
    );
    expect(res.ranked[0]?.homeId).toBe('H-BAD');
    expect(res.ranked[0]?.approvals.map((a) => a.regulation)).toContain('ofsted_override');
  });
});

describe('match edge cases', () => {
  it('answers an empty registry with empty lists and zero-count relaxations', () => {
    const res = match(requestOf({ child: childInput() }), buildRegistry([], geo), geo);
    expect(res.counts).toEqual({ homes: 0, eligible: 0, ineligible: 0, outOfScope: 0 });
    expect(res.ranked).toEqual([]);
    expect(res.ineligibleSummary).toEqual([]);
    expect(res.relaxations.every((r) => r.eligibleHomes === 0 && r.bestHomeId === null)).toBe(true);
    expect(MatchResponseSchema.parse(res)).toEqual(res);
  });
  it('accepts a child located by coordinates and records the policy override in the version', () => {
    const reg = buildRegistry([homeInput({ id: 'H-1', location: { district: 'CV2' } })], geo);
    const res = match(requestOf({ child: childInput({ homeLocation: { lat: 52.409, lon: -1.506 } }), policy: { weights: { distance: 40 } } }), reg, geo);
    expect(res.policyVersion).toBe('homefinder-default-2026.1+override');
    expect(res.ranked[0]?.explanation.factors.find((f) => f.id === 'distance')?.weight).toBe(40);
  });
  it('uses the request\'s own homes instead of the registry when given', () => {
    const reg = buildRegistry([homeInput({ id: 'H-REG' })], geo);
    const res = match(requestOf({ child: childInput(), homes: [homeInput({ id: 'H-OWN' })] }), reg, geo);
    expect(res.ranked.map((r) => r.homeId)).toEqual(['H-OWN']);
    expect(res.registryVersion).not.toBe(reg.version);
  });
});

describe('match validation', () => {
  const reg = buildRegistry([homeInput({ id: 'H-1' })], geo);
  it('names the field of an unknown postcode', () => {
    try {
      match(requestOf({ child: childInput({ homeLocation: { postcode: 'ZZ9 9ZZ' } }) }), reg, geo);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).problems).toEqual([
        { path: ['child', 'homeLocation', 'postcode'], code: 'unknown_postcode', message: 'resolveSubject: unknown postcode "ZZ9 9ZZ"' },
      ]);
    }
  });
  it('collects every problem across the child, the request homes and the overrides', () => {
    const req = requestOf({
      child: childInput({
        homeLocation: { district: 'QQ1' },
        needs: { made_up: 2 },
        connectedPersons: [{ homeId: 'H-NOPE', relationship: 'aunt' }],
      }),
      homes: [homeInput({ id: 'H-1' }), homeInput({ id: 'H-1', location: { postcode: 'ZZ9 9ZZ' } })],
      overrides: [{ rule: 'needs_gap', homeIds: ['H-GONE'], reason: 'recorded by the team manager' }],
    });
    try {
      match(req, reg, geo);
      expect.unreachable();
    } catch (e) {
      const problems = (e as ValidationError).problems.map((p) => `${p.path.join('.')}:${p.code}`);
      expect(problems.sort()).toEqual(
        [
          'homes.1.id:duplicate_id',
          'homes.1.location.postcode:unknown_postcode',
          'child.homeLocation.district:unknown_postcode',
          'child.needs.made_up:unknown_domain',
          'child.connectedPersons.0.homeId:dangling_reference',
          'overrides.0.homeIds.0:dangling_reference',
        ].sort(),
      );
    }
  });
  it('checks a sibling group: duplicate ids, group id, one placing authority', () => {
    const req = requestOf({
      siblingGroup: {
        id: 'G-1',
        children: [childInput({ id: 'C-1' }), childInput({ id: 'C-1', siblingGroupId: 'G-2' }), childInput({ id: 'C-3', placingAuthority: 'E08000025' })],
      },
    });
    expect(() => match(req, reg, geo)).toThrow(ValidationError);
    try {
      match(req, reg, geo);
    } catch (e) {
      expect((e as ValidationError).problems.map((p) => p.code).sort()).toEqual(['duplicate_id', 'inconsistent_reference', 'inconsistent_value']);
    }
  });
});

describe('sibling groups', () => {
  const kids = [childInput({ id: 'C-1', dateOfBirth: '2015-01-01' }), childInput({ id: 'C-2', dateOfBirth: '2017-01-01' }), childInput({ id: 'C-3', dateOfBirth: '2019-01-01' })];
  it('ranks homes taking the whole group, and proposes split plans when too few can', () => {
    const homes = [
      homeInput({ id: 'H-ALL', places: 3, freePlaces: 3, maxSiblingGroup: 3, location: { district: 'CV3' } }),
      homeInput({ id: 'H-TWO', places: 2, freePlaces: 2, maxSiblingGroup: 2, location: { district: 'CV1' } }),
      homeInput({ id: 'H-ONE', places: 1, freePlaces: 1, location: { district: 'CV2' } }),
      homeInput({ id: 'H-ONE-B', places: 1, freePlaces: 1, location: { district: 'CV6' } }),
    ];
    const res = match(requestOf({ siblingGroup: { id: 'G-1', children: kids }, top: 3 }), buildRegistry(homes, geo), geo);
    expect(res.subject).toEqual({ kind: 'siblingGroup', id: 'G-1', childIds: ['C-1', 'C-2', 'C-3'] });
    expect(res.ranked.map((r) => r.homeId)).toEqual(['H-ALL']);
    expect(res.ranked[0]?.explanation.factors.find((f) => f.id === 'siblings')?.score).toBe(1);
    expect(res.splitPlans.length).toBeGreaterThan(0);
    expect(res.splitPlans.length).toBeLessThanOrEqual(2);
    const best = res.splitPlans[0];
    expect(best?.assignments.map((a) => a.childId).sort()).toEqual(['C-1', 'C-2', 'C-3']);
    // The best split keeps two together in H-TWO (or uses H-ALL for two), never three separate homes first.
    const homesUsed = new Set(best?.assignments.map((a) => a.homeId));
    expect(homesUsed.size).toBe(2);
    expect(best?.sentence).toMatch(/apart\.$/);
    expect(best?.maxDistanceBetweenHomesKm).toBeGreaterThan(0);
    for (let k = 1; k < res.splitPlans.length; k++) expect((res.splitPlans[k - 1]?.total as number) >= (res.splitPlans[k]?.total as number)).toBe(true);
    expect(MatchResponseSchema.parse(res)).toEqual(res);
  });
  it('proposes no split plans when enough homes take the group together', () => {
    const homes = [homeInput({ id: 'H-A', places: 3, freePlaces: 3, maxSiblingGroup: 3 }), homeInput({ id: 'H-B', places: 3, freePlaces: 3, maxSiblingGroup: 3 })];
    const res = match(requestOf({ siblingGroup: { id: 'G-1', children: kids }, top: 2 }), buildRegistry(homes, geo), geo);
    expect(res.splitPlans).toEqual([]);
  });
});

describe('same-day mode', () => {
  const child = childInput({ urgency: 'same_day' });
  it('ranks only emergency homes within the same-day scope', () => {
    const homes = [
      homeInput({ id: 'H-EM', emergency: true, location: { district: 'CV2' } }),
      homeInput({ id: 'H-NO', emergency: false, location: { district: 'CV2' } }),
      homeInput({ id: 'H-FAR', emergency: true, location: { district: 'ST1' } }),
    ];
    const res = match(requestOf({ child }), buildRegistry(homes, geo), geo);
    expect(res.mode).toBe('same_day');
    expect(res.ranked.map((r) => r.homeId)).toEqual(['H-EM']);
    expect(res.counts).toEqual({ homes: 3, eligible: 1, ineligible: 1, outOfScope: 1 });
    expect(res.relaxations).toEqual([]);
  });
  it('says which relaxation would find a home rather than returning nothing', () => {
    const homes = [
      homeInput({ id: 'H-NO', emergency: false, location: { district: 'CV2' } }),
      homeInput({ id: 'H-FAR', emergency: true, location: { district: 'ST1' } }),
      homeInput({ id: 'H-RES', emergency: true, type: 'council_childrens_home', location: { district: 'CV3' } }),
    ];
    const res = match(requestOf({ child: { ...child, carePlanSetting: 'fostering' } }), buildRegistry(homes, geo), geo);
    expect(res.ranked).toEqual([]);
    const found = Object.fromEntries(res.relaxations.map((r) => [r.relax, [r.eligibleHomes, r.bestHomeId]]));
    expect(found).toMatchObject({
      non_emergency_homes: [1, 'H-NO'],
      other_setting: [1, 'H-RES'],
      wider_radius_out_of_area: [1, 'H-FAR'],
      wider_radius: [0, null],
      out_of_area: [0, null],
    });
    expect(res.relaxations.find((r) => r.relax === 'non_emergency_homes')?.sentence).toMatch(/finds 1 eligible home; the best is H-NO/);
  });
});
