import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOME_TYPES, HomeSchema, type HomeType } from '../domain/home.js';
import { DEFAULT_NEED_DOMAINS } from '../domain/needs.js';
import type { DraftChild } from './cohort.js';
import { loadDistricts, type DemoDistrict } from './districts.js';
import { canHost, fillOthers, finishHome, makeHome } from './homes.js';
import { createRng } from './rng.js';

const cv2 = loadDistricts().get('CV2') as DemoDistrict;

function kid(over: Partial<DraftChild> = {}): DraftChild {
  return {
    id: 'C331-00001',
    la: 'E08000026',
    age: 12,
    dob: '2012-06-01',
    sex: 'female',
    uasc: false,
    family: undefined,
    category: 'foster',
    variant: { type: 'council_foster', contract: 'council_run' },
    stepDown: false,
    needs: Object.fromEntries(DEFAULT_NEED_DOMAINS.map((d) => [d, 1])),
    sen: 'none',
    disability: [],
    riskFlags: [],
    legalStatus: 'care_order',
    urgency: 'planned',
    carePlanSetting: 'fostering',
    ethnicity: 'White',
    religion: undefined,
    languages: ['English'],
    ...over,
  };
}

const contractOf = (t: HomeType) => (t.startsWith('council') || t === 'connected_person_foster' ? 'council_run' : 'spot');

describe('makeHome', () => {
  it('makes a valid home of every type, in every mode', () => {
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom(...HOME_TYPES), fc.constantFrom('host', 'extra', 'kinship_available' as const), (seed, type, mode) => {
        const rng = createRng(seed);
        const forChildren = mode === 'extra' ? [] : [kid({ age: type.startsWith('supported') ? 16 : 12 })];
        const h = makeHome(rng, { id: 'H-000001', variant: { type, contract: contractOf(type) }, district: cv2, council: { laCode: 'E08000026', laNumber: '331' }, forChildren, mode });
        fillOthers(rng, h, 0, mode === 'extra');
        const home = finishHome(h);
        expect(HomeSchema.safeParse(home).success).toBe(true);
        expect(home.authority).toBe('E08000026');
        if (type === 'council_childrens_home' || type === 'external_childrens_home') {
          expect(home.places).toBeGreaterThanOrEqual(2);
          expect(home.places).toBeLessThanOrEqual(4);
        }
        if (type.startsWith('supported')) expect(home.ageRange.min).toBe(16);
        if (type.endsWith('foster')) expect(home.household).toBeDefined();
        if (type.startsWith('council') || type === 'connected_person_foster') {
          expect(home.contract).toBe('council_run');
          expect(home.providerId).toBe('P-LA331');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('fits the children it is made for: ages, sex, adaptations, needs gap under 2, no pets for an allergic child', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 10, maxLength: 10 }), (seed, levels) => {
        const c = kid({
          needs: Object.fromEntries(DEFAULT_NEED_DOMAINS.map((d, i) => [d, levels[i] as number])),
          disability: ['wheelchair_access', 'hoist'],
          riskFlags: ['pet_allergy', 'risk_to_younger_children'],
        });
        const h = makeHome(createRng(seed), { id: 'H-1', variant: { type: 'ifa_foster', contract: 'framework' }, district: cv2, forChildren: [c], mode: 'host' });
        expect(canHost(h, [c])).toBe(true);
        expect(h.household?.pets).toEqual([]);
        expect(h.household?.childrenAges.every((a) => a > c.age)).toBe(true);
      }),
    );
  });

  it('prices homes around the domain.md costs', () => {
    const rng = createRng(5);
    const mean = (type: HomeType, contract: 'council_run' | 'block' | 'framework' | 'spot') => {
      let s = 0;
      for (let i = 0; i < 400; i++) s += makeHome(rng, { id: 'H-1', variant: { type, contract }, district: cv2, mode: 'extra' }).annualCost;
      return s / 400;
    };
    expect(mean('connected_person_foster', 'council_run') / 16_960).toBeCloseTo(1, 1);
    expect(mean('council_foster', 'council_run') / 23_993).toBeCloseTo(1, 1);
    expect(mean('ifa_foster', 'framework') / 50_326).toBeCloseTo(1, 1);
    expect(mean('external_childrens_home', 'block') / 175_725).toBeCloseTo(1, 1);
  });
});

describe('canHost', () => {
  const base = () => makeHome(createRng(1), { id: 'H-1', variant: { type: 'external_childrens_home', contract: 'spot' }, district: cv2, forChildren: [kid({ age: 14 })], mode: 'host' });

  it('accepts a compatible child and refuses when full', () => {
    const h = base();
    expect(canHost(h, [kid({ age: 14 })])).toBe(true);
    const tooMany = Array.from({ length: h.openCap + 1 }, () => kid({ age: 14, sex: h.sexesAccepted[0] ?? 'female' }));
    expect(canHost(h, tooMany)).toBe(false);
  });

  it('refuses an age outside approval, a missing adaptation, a needs gap of 2, or an unmet sex', () => {
    const h = base();
    expect(canHost(h, [kid({ age: h.ageRange.min - 1 })])).toBe(false);
    const missing = (['wheelchair_access', 'hoist', 'ceiling_track'] as const).find((a) => !h.adaptations.includes(a));
    if (missing) expect(canHost(h, [kid({ age: 14, disability: [missing] })])).toBe(false);
    const d = DEFAULT_NEED_DOMAINS.find((x) => (h.capability[x] ?? 0) <= 2) ?? 'independence';
    expect(canHost(h, [kid({ age: 14, needs: { ...kid().needs, [d]: (h.capability[d] ?? 0) + 2 } })])).toBe(false);
    if (h.sexesAccepted.length === 1) expect(canHost(h, [kid({ age: 14, sex: h.sexesAccepted[0] === 'male' ? 'female' : 'male' })])).toBe(false);
  });

  it('keeps a child who is a risk to younger children away from younger residents, and vice versa', () => {
    const h = base();
    h.occupants.push(kid({ age: 15, riskFlags: ['risk_to_younger_children'] }));
    expect(canHost(h, [kid({ age: 13 })])).toBe(false);
    expect(canHost(h, [kid({ age: 16 })])).toBe(true);
    const h2 = base();
    h2.occupants.push(kid({ age: 12 }));
    expect(canHost(h2, [kid({ age: 15, riskFlags: ['sexually_harmful_behaviour'] })])).toBe(false);
  });

  it('keeps exploiters apart from children vulnerable to exploitation', () => {
    const h = base();
    h.occupants.push(kid({ age: 15, riskFlags: ['vulnerable_to_exploitation'] }));
    expect(canHost(h, [kid({ age: 15, riskFlags: ['exploitation_risk_to_others'] })])).toBe(false);
  });
});

describe('fillOthers and finishHome', () => {
  it('never overfills, keeps the requested places free, and lists everyone as residents', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 1 }), (seed, keepFree) => {
        const rng = createRng(seed);
        const h = makeHome(rng, { id: 'H-1', variant: { type: 'supported_shared', contract: 'block' }, district: cv2, forChildren: [kid({ age: 16 })], mode: 'host' });
        h.occupants.push(kid({ age: 16 }));
        fillOthers(rng, h, keepFree, false);
        const home = finishHome(h);
        expect(home.residents.length).toBe(h.occupants.length + h.others.length);
        expect(home.freePlaces).toBe(home.places - home.residents.length);
        expect(home.freePlaces).toBeGreaterThanOrEqual(Math.min(keepFree, home.places - h.occupants.length));
        expect(home.residents.every((r) => r.age >= 16 && r.age <= 17)).toBe(true);
      }),
    );
  });
});
