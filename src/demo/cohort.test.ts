import { describe, expect, it } from 'vitest';
import { DEFAULT_NEED_DOMAINS } from '../domain/needs.js';
import { draftCohort } from './cohort.js';
import { DFE_MIX_KEYS, dfePlacementProfile } from './dfe.js';
import { loadDistricts } from './districts.js';
import { AGE_BANDS, EHCP_SHARE, MALE_SHARE } from './distributions.js';
import { apportion, createRng } from './rng.js';

const LA = 'E08000026';
const profile = dfePlacementProfile(LA);
const cohort = draftCohort(createRng(7), {
  laCode: LA,
  idPrefix: 'C331',
  size: 684,
  asOf: '2025-03-31',
  districts: loadDistricts().ofAuthority(LA),
  profile,
  uascShare: 0.1,
});
const kids = cohort.children;

describe('draftCohort (Coventry, 684 children)', () => {
  it('hits the age bands, sex and UASC quotas exactly', () => {
    const expected = apportion(
      684,
      AGE_BANDS.map((b) => b.share),
    );
    const got = AGE_BANDS.map((b) => kids.filter((c) => c.age >= b.min && c.age <= b.max).length);
    expect(got).toEqual(expected);
    expect(kids.filter((c) => c.sex === 'male').length).toBe(Math.round(684 * MALE_SHARE));
    expect(kids.filter((c) => c.uasc).length).toBe(68);
    expect(kids.filter((c) => c.uasc && c.age >= 16).length / 68).toBeGreaterThan(0.8);
  });

  it("reproduces the authority's DfE placement mix as exact quotas", () => {
    const expected = apportion(
      684,
      DFE_MIX_KEYS.map((k) => profile.mixShares[k]),
    );
    const got = DFE_MIX_KEYS.map((k) => kids.filter((c) => c.category === k).length);
    // Whole families go home to parents together, so that group may land within half a family of its quota.
    got.forEach((g, i) => expect(Math.abs(g - (expected[i] as number))).toBeLessThanOrEqual(2));
    expect(got.reduce((a, b) => a + b, 0)).toBe(684);
  });

  it('keeps placements legal and plausible for age', () => {
    for (const c of kids) {
      if (c.category === 'supported') expect(c.age).toBeGreaterThanOrEqual(16);
      if (c.category === 'adoption') expect(c.age).toBeLessThanOrEqual(6);
      const registry = c.category === 'foster' || c.category === 'childrens_homes' || c.category === 'supported' || c.category === 'residential_schools';
      expect(c.variant !== undefined).toBe(registry);
    }
  });

  it('forms sibling groups of 2-4 sharing a family and home district, with ids', () => {
    const groups = cohort.families.filter((f) => f.members.length > 1);
    expect(groups.length).toBeGreaterThan(40);
    for (const f of groups) {
      expect(f.members.length).toBeGreaterThanOrEqual(2);
      expect(f.members.length).toBeLessThanOrEqual(4);
      expect(f.siblingGroupId).toMatch(/^SG331-\d{4}$/);
      for (const c of f.members) expect(c.family).toBe(f);
      expect(f.members.every((c) => !c.uasc)).toBe(true);
    }
  });

  it('places children of one placement group in the same category and home type', () => {
    for (const g of cohort.groups) {
      expect(new Set(g.children.map((c) => c.category)).size).toBe(1);
      expect(new Set(g.children.map((c) => c.variant?.type)).size).toBe(1);
      expect(new Set(g.children.map((c) => c.family)).size).toBe(1);
    }
    expect(cohort.groups.reduce((s, g) => s + g.children.length, 0)).toBe(684);
  });

  it('gives every child a full 0-4 needs profile, EHCPs at the domain.md share, and learning needs that follow them', () => {
    for (const c of kids) {
      for (const d of DEFAULT_NEED_DOMAINS) {
        const v = c.needs[d];
        expect(Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 4).toBe(true);
      }
      if (c.sen === 'ehcp') expect(c.needs.learning).toBeGreaterThanOrEqual(3);
      if (c.age < 10) expect(c.needs.risk_outside_home).toBe(0);
      if (c.age < 14) expect(c.needs.independence).toBe(0);
    }
    const schoolAge = kids.filter((c) => c.age >= 4).length;
    expect(kids.filter((c) => c.sen === 'ehcp').length).toBe(Math.round(schoolAge * EHCP_SHARE));
  });

  it('links about 21 % of non-UASC children to a connected person, never UASC', () => {
    const citizens = kids.filter((c) => !c.uasc);
    const linked = citizens.filter((c) => c.family?.kinship).length;
    expect(linked / citizens.length).toBeGreaterThan(0.19);
    expect(linked / citizens.length).toBeLessThan(0.23);
    expect(kids.some((c) => c.uasc && c.family?.kinship)).toBe(false);
  });

  it('derives care plans from needs and age: supported only at 16+, residential for intensive needs', () => {
    for (const c of kids) {
      if (c.carePlanSetting === 'supported') expect(c.age).toBeGreaterThanOrEqual(16);
      const intensive = ['emotional_wellbeing', 'behaviour', 'risk_outside_home', 'self_harm'].filter((d) => (c.needs[d] ?? 0) >= 3).length;
      if (c.carePlanSetting === 'fostering' && c.age >= 8) expect(intensive).toBeLessThan(2);
    }
  });

  it('is deterministic for a seed', () => {
    const again = draftCohort(createRng(7), {
      laCode: LA,
      idPrefix: 'C331',
      size: 684,
      asOf: '2025-03-31',
      districts: loadDistricts().ofAuthority(LA),
      profile,
      uascShare: 0.1,
    });
    const strip = (cs: typeof kids) => cs.map(({ family, variant, ...rest }) => ({ ...rest, family: family?.index, variant }));
    expect(strip(again.children)).toEqual(strip(kids));
  });
});
