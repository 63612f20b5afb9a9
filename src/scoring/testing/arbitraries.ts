import fc from 'fast-check';
import { ADAPTATIONS, DEFAULT_NEED_DOMAINS, DEFAULT_POLICY, HOME_TYPES, RISK_FLAGS, settingOf, type Policy, type RuleOverride } from '../../domain/index.js';
import type { ResolvedChild, ResolvedHome, ResolvedSubject } from '../types.js';
import { fakeGeography, COVENTRY, WARWICKSHIRE } from './fake-geo.js';
import { childOf, homeOf, needsVector, subjectOf } from './fixtures.js';

/**
 * fast-check arbitraries over the fake geography's districts, varied enough to hit every rule and factor
 * branch (for property tests of the fast path against the explained path, and of the ranking).
 */
export const DISTRICTS = ['B1', 'B36', 'B90', 'CV1', 'CV2', 'CV3', 'CV6', 'CV21', 'CV34', 'HR1', 'LE1', 'ST1', 'WV1', 'B78'] as const;
const LANGS = ['English', 'polish', 'Urdu', 'Somali'];
const RELIGIONS = ['Christian', 'Muslim', 'none'];
const CULTURES = ['Pakistani', 'White British', 'Eritrean'];

/** Needs: a few domains, mostly low, so that a fair share of random homes are eligible. */
const needsProfile = fc.dictionary(fc.constantFrom(...DEFAULT_NEED_DOMAINS), fc.constantFrom(0, 1, 1, 2, 2, 3, 4), { maxKeys: 3 });

export const homeArb: fc.Arbitrary<Omit<ResolvedHome, 'index' | 'id'>> = fc
  .record({
    district: fc.constantFrom(...DISTRICTS),
    type: fc.constantFrom(...HOME_TYPES),
    registration: fc.constantFrom(...(Array(10).fill('registered') as 'registered'[]), 'pending', 'unregistered') as fc.Arbitrary<'registered' | 'pending' | 'unregistered'>,
    ofsted: fc.constantFrom('outstanding', 'good', 'good', 'requires_improvement', 'inadequate', 'not_yet_inspected') as fc.Arbitrary<ResolvedHome['ofsted']>,
    places: fc.integer({ min: 1, max: 4 }),
    free: fc.integer({ min: 0, max: 4 }),
    ageMin: fc.constantFrom(0, 0, 0, 5, 11, 16),
    ageMax: fc.constantFrom(12, 17, 17, 17),
    sexes: fc.constantFrom(['female', 'male'], ['female', 'male'], ['female', 'male'], ['female'], ['male']) as fc.Arbitrary<('female' | 'male')[]>,
    capability: fc.dictionary(fc.constantFrom(...DEFAULT_NEED_DOMAINS), fc.constantFrom(0, 1, 2, 3, 4, 4), { minKeys: 4, maxKeys: 10 }),
    adaptations: fc.subarray([...ADAPTATIONS], { maxLength: 3 }),
    emergency: fc.boolean(),
    maxSiblingGroup: fc.integer({ min: 1, max: 4 }),
    residents: fc.array(fc.record({ age: fc.integer({ min: 0, max: 17 }), riskFlags: fc.subarray([...RISK_FLAGS], { maxLength: 1 }) }), { maxLength: 2 }),
    household: fc.option(fc.record({ childrenAges: fc.array(fc.integer({ min: 0, max: 25 }), { maxLength: 2 }), pets: fc.subarray(['dog', 'cat']) }), { nil: undefined }),
    annualCost: fc.integer({ min: 0, max: 500_000 }),
    contract: fc.constantFrom('council_run', 'block', 'framework', 'spot') as fc.Arbitrary<ResolvedHome['contract']>,
    languages: fc.subarray(['English', 'Polish', 'urdu', 'Arabic']),
    religion: fc.subarray(['christian', 'Muslim', 'Sikh']),
    culture: fc.subarray(['pakistani', 'Eritrean', 'Indian']),
    /** A third of homes are broadly capable, so that a fair share of pairs are eligible. */
    good: fc.constantFrom(false, false, true),
    goodCap: fc.array(fc.integer({ min: 2, max: 4 }), { minLength: DEFAULT_NEED_DOMAINS.length, maxLength: DEFAULT_NEED_DOMAINS.length }),
  })
  .map((h0) => {
    const h = h0.good
      ? {
          ...h0,
          registration: 'registered' as const,
          ofsted: 'good' as const,
          free: 4,
          places: 4,
          ageMin: 0,
          ageMax: 17,
          sexes: ['female', 'male'] as ('female' | 'male')[],
          capability: Object.fromEntries(DEFAULT_NEED_DOMAINS.map((d, k) => [d, h0.goodCap[k] as number])),
          adaptations: [...ADAPTATIONS],
          emergency: true,
          maxSiblingGroup: 4,
          residents: [],
          household: undefined,
        }
      : h0;
    const { index: _i, id: _id, ...rest } = homeOf({
      district: h.district,
      type: h.type,
      setting: settingOf(h.type),
      registration: h.registration,
      ofsted: h.ofsted,
      places: Math.max(h.places, h.free),
      freePlaces: h.free,
      ageRange: { min: Math.min(h.ageMin, h.ageMax), max: h.ageMax },
      sexesAccepted: h.sexes,
      capability: h.capability,
      adaptations: h.adaptations,
      emergency: h.emergency,
      maxSiblingGroup: h.maxSiblingGroup,
      residents: h.residents,
      household: h.household,
      annualCost: h.annualCost,
      contract: h.contract,
      languages: h.languages,
      religion: h.religion,
      culture: h.culture,
    });
    return rest;
  });

/** `n` homes with ids H-000..; distinct ids. */
export function homesArb(min = 1, max = 25): fc.Arbitrary<ResolvedHome[]> {
  return fc.array(homeArb, { minLength: min, maxLength: max }).map((hs) => hs.map((h, i) => ({ ...h, index: i, id: `H-${String(i).padStart(3, '0')}` })));
}

export const childArb = (homeCount: number): fc.Arbitrary<ResolvedChild> =>
  fc
    .record({
      district: fc.constantFrom(...DISTRICTS),
      age: fc.integer({ min: 0, max: 17 }),
      sex: fc.constantFrom('female', 'male') as fc.Arbitrary<'female' | 'male'>,
      school: fc.option(fc.constantFrom(...DISTRICTS), { nil: undefined }),
      needs: needsProfile,
      req: fc.oneof({ arbitrary: fc.constant([]), weight: 3 }, { arbitrary: fc.subarray([...ADAPTATIONS], { minLength: 1, maxLength: 1 }), weight: 1 }),
      risk: fc.subarray([...RISK_FLAGS], { maxLength: 1 }),
      connected: fc.option(fc.integer({ min: 0, max: Math.max(0, homeCount - 1) }), { nil: undefined }),
      current: fc.option(fc.integer({ min: 0, max: Math.max(0, homeCount - 1) }), { nil: undefined }),
      languages: fc.subarray(LANGS, { maxLength: 2 }),
      religion: fc.option(fc.constantFrom(...RELIGIONS), { nil: undefined }),
      ethnicity: fc.option(fc.constantFrom(...CULTURES), { nil: undefined }),
      wishes: fc.subarray(['CV2', 'B1', WARWICKSHIRE, 'HR1'], { maxLength: 2 }),
      avoid: fc.subarray(['B1', 'CV3', 'WV1'], { maxLength: 1 }),
      polygon: fc.constantFrom(false, false, false, true),
      urgency: fc.constantFrom('planned', 'planned', 'within_5_days', 'same_day') as fc.Arbitrary<ResolvedChild['urgency']>,
      plan: fc.constantFrom('fostering', 'residential', 'supported', 'any', 'any', 'any', 'any') as fc.Arbitrary<ResolvedChild['carePlanSetting']>,
    })
    .map((c) =>
      childOf({
        district: c.district,
        age: c.age,
        sex: c.sex,
        keyStage: c.age >= 14 && c.age <= 15 ? 4 : 2,
        ...(c.school ? { schoolDistrict: c.school } : {}),
        needs: needsVector(c.needs),
        disabilityRequirements: c.req,
        riskFlags: c.risk,
        connected: c.connected === undefined ? new Map() : new Map([[`H-${String(c.connected).padStart(3, '0')}`, 'aunt']]),
        currentHomeId: c.current === undefined ? undefined : `H-${String(c.current).padStart(3, '0')}`,
        languages: c.languages.map((l) => l.toLowerCase()),
        religion: c.religion?.toLowerCase(),
        ethnicity: c.ethnicity?.toLowerCase(),
        preferredAreas: c.wishes,
        avoidDistricts: c.avoid,
        // A square around Birmingham city centre (B1).
        avoidPolygons: c.polygon ? [{ type: 'Polygon', coordinates: [[[-1.95, 52.45], [-1.87, 52.45], [-1.87, 52.51], [-1.95, 52.51], [-1.95, 52.45]]] }] : [],
        urgency: c.urgency,
        carePlanSetting: c.plan,
      }),
    );

/** A child or a sibling group of 2-3 (distinct ids, one placing authority). */
export const subjectArb = (homeCount: number): fc.Arbitrary<ResolvedSubject> =>
  fc.oneof({ arbitrary: fc.integer({ min: 1, max: 1 }), weight: 3 }, { arbitrary: fc.integer({ min: 2, max: 3 }), weight: 2 })
    .chain((k) => fc.array(childArb(homeCount), { minLength: k, maxLength: k }))
    .map((cs) => subjectOf(cs.map((c, i) => ({ ...c, id: `C-${i}`, placingAuthority: COVENTRY }))));

export const overridesArb = (homeCount: number): fc.Arbitrary<RuleOverride[]> =>
  fc.array(
    fc.record({
      rule: fc.constantFrom('ofsted_inadequate', 'needs_gap') as fc.Arbitrary<'ofsted_inadequate' | 'needs_gap'>,
      homeIds: fc.option(fc.array(fc.integer({ min: 0, max: Math.max(0, homeCount - 1) }).map((i) => `H-${String(i).padStart(3, '0')}`), { maxLength: 2 }), { nil: undefined }),
      reason: fc.constant('Recorded: not reasonably practicable otherwise'),
    }),
    { maxLength: 2 },
  ).map((os) => os.map((o) => (o.homeIds === undefined ? { rule: o.rule, reason: o.reason } : o)));

export const policyArb: fc.Arbitrary<Policy> = fc
  .record({
    distance: fc.integer({ min: 0, max: 50 }),
    needs: fc.integer({ min: 0, max: 50 }),
    half: fc.constantFrom(8, 16, 30),
    gap: fc.constantFrom(1, 2, 3),
  })
  .map((p) => ({
    ...DEFAULT_POLICY,
    weights: { ...DEFAULT_POLICY.weights, distance: p.distance, needs_fit: p.needs },
    thresholds: { ...DEFAULT_POLICY.thresholds, distanceHalfLifeKm: p.half, needsGapHard: p.gap },
  }));

export { fakeGeography };
