import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineKm, MILES_20_KM } from '../../geo/distance.js';
import { ageOn } from '../domain/age.js';
import { ChildSchema } from '../domain/child.js';
import { ValidationError } from '../domain/errors.js';
import { HomeSchema, settingOf, type Home } from '../domain/home.js';
import { WEST_MIDLANDS_CODES } from './dfe.js';
import { loadDistricts } from './districts.js';
import { generateDemo, type DemoData } from './generate.js';

const COVENTRY = 'E08000026';
const demo = generateDemo({ seed: 42, authorities: [COVENTRY] });
const districts = loadDistricts();
const km = (a: string, b: string): number => {
  const p = districts.get(a);
  const q = districts.get(b);
  if (!p || !q) throw new Error(`unknown district ${a} or ${b}`);
  return haversineKm(p.lat, p.lon, q.lat, q.lon);
};
const districtOf = (loc: { district?: string } | object): string => ('district' in loc && typeof loc.district === 'string' ? loc.district : '');

/** Invariants every generated demo must satisfy. */
function checkInvariants(d: DemoData): void {
  const homes = new Map<string, Home>(d.homes.map((h) => [h.id, h]));
  expect(homes.size).toBe(d.homes.length);
  expect(new Set(d.children.map((c) => c.id)).size).toBe(d.children.length);
  for (const c of d.children) {
    // Fully specified: parsing changes nothing (no defaults to fill in).
    expect(ChildSchema.parse(c)).toEqual(c);
    for (const p of c.connectedPersons) expect(homes.get(p.homeId)?.type).toBe('connected_person_foster');
    if (c.currentPlacement) {
      const h = homes.get(c.currentPlacement.homeId);
      expect(h).toBeDefined();
      if (!h) continue;
      const age = ageOn(c.dateOfBirth, d.meta.asOf);
      expect(age >= h.ageRange.min && age <= h.ageRange.max).toBe(true);
      expect(h.sexesAccepted).toContain(c.sex);
      for (const a of c.disabilityRequirements) expect(h.adaptations).toContain(a);
      for (const [dom, need] of Object.entries(c.needs)) expect(need - (h.capability[dom] ?? 0)).toBeLessThan(2);
      if (settingOf(h.type) === 'supported') expect(age).toBeGreaterThanOrEqual(16);
      expect(c.currentPlacement.since >= c.dateOfBirth && c.currentPlacement.since <= d.meta.asOf).toBe(true);
    }
  }
  const placedCount = new Map<string, number>();
  for (const c of d.children) if (c.currentPlacement) placedCount.set(c.currentPlacement.homeId, (placedCount.get(c.currentPlacement.homeId) ?? 0) + 1);
  for (const h of d.homes) {
    expect(HomeSchema.parse(h)).toEqual(h);
    expect(h.residents.length).toBeGreaterThanOrEqual(placedCount.get(h.id) ?? 0);
    expect(h.freePlaces).toBe(h.places - h.residents.length);
    expect(h.authority).toBe(districts.get(districtOf(h.location))?.centroidLaCode);
  }
  const byId = new Map(d.children.map((c) => [c.id, c]));
  for (const g of d.siblingGroups) {
    expect(g.childIds.length).toBeGreaterThanOrEqual(2);
    const members = g.childIds.map((id) => byId.get(id));
    expect(new Set(members.map((m) => districtOf(m?.homeLocation ?? {}))).size).toBe(1);
    for (const m of members) expect(m?.siblingGroupId).toBe(g.id);
  }
  expect(d.children.filter((c) => c.siblingGroupId).length).toBe(d.siblingGroups.reduce((s, g) => s + g.childIds.length, 0));
  const others = new Set(d.meta.otherPlacements.map((o) => o.childId));
  for (const c of d.children) expect(Boolean(c.currentPlacement) !== others.has(c.id)).toBe(true);
}

describe('generateDemo (Coventry, 684 children)', () => {
  it('generates the published 2025 cohort size and a registry of homes', () => {
    expect(demo.children).toHaveLength(684);
    expect(demo.meta.authorities).toEqual([{ laCode: COVENTRY, laName: 'Coventry', children: 684, dfeTotal: 684 }]);
    expect(demo.homes.length).toBeGreaterThanOrEqual(Math.ceil(0.85 * 684));
    expect(demo.children.every((c) => c.placingAuthority === COVENTRY && c.id.startsWith('C331-'))).toBe(true);
  });

  it('validates every child and home against the schemas and keeps every reference and count consistent', () => {
    checkInvariants(demo);
  });

  it('is deterministic: same seed, identical JSON; another seed, different data', () => {
    const again = generateDemo({ seed: 42, authorities: [COVENTRY] });
    expect(JSON.stringify(again)).toBe(JSON.stringify(demo));
    const other = generateDemo({ seed: 43, authorities: [COVENTRY] });
    expect(JSON.stringify(other.children)).not.toBe(JSON.stringify(demo.children));
  });

  it('puts connected-person carers near the child (within 20 miles)', () => {
    const homes = new Map(demo.homes.map((h) => [h.id, h]));
    const linked = demo.children.filter((c) => c.connectedPersons.length > 0);
    expect(linked.length).toBeGreaterThan(100);
    for (const c of linked) {
      const h = homes.get(c.connectedPersons[0]?.homeId ?? '');
      expect(km(districtOf(c.homeLocation), districtOf(h?.location ?? {}))).toBeLessThanOrEqual(MILES_20_KM);
    }
  });

  it('places schools by postcode district near where the child lives now', () => {
    const homes = new Map(demo.homes.map((h) => [h.id, h]));
    const withSchool = demo.children.filter((c) => c.school);
    expect(withSchool.length / demo.children.length).toBeGreaterThan(0.7);
    let near = 0;
    for (const c of withSchool) {
      const where = c.currentPlacement ? districtOf(homes.get(c.currentPlacement.homeId)?.location ?? {}) : undefined;
      const school = districtOf(c.school?.location ?? {});
      if (where && km(where, school) <= 25) near++;
    }
    expect(near / withSchool.filter((c) => c.currentPlacement).length).toBeGreaterThan(0.9);
  });

  it('makes hard rules bite somewhere: inadequate, pending or unregistered homes, and emergency homes with space', () => {
    const region = generateDemo({ seed: 5, authorities: ['E08000025', COVENTRY] });
    expect(region.homes.some((h) => h.ofsted === 'inadequate')).toBe(true);
    expect(region.homes.some((h) => h.registration === 'unregistered')).toBe(true);
    expect(region.homes.some((h) => h.registration === 'pending')).toBe(true);
    expect(region.homes.filter((h) => h.emergency && h.freePlaces > 0).length).toBeGreaterThan(20);
    expect(region.children.some((c) => c.urgency === 'same_day')).toBe(true);
  });

  it('splits a requested total across authorities in proportion to their DfE totals', () => {
    const d = generateDemo({ seed: 1, authorities: [COVENTRY, 'E08000029'], children: 100 });
    // Coventry 684, Solihull 489: 100 children split 58 / 42.
    expect(d.meta.authorities.map((a) => a.children)).toEqual([58, 42]);
    expect(d.children).toHaveLength(100);
  });

  it('grows the registry with homesPerChild', () => {
    const d = generateDemo({ seed: 1, authorities: [COVENTRY], children: 200, homesPerChild: 5 });
    expect(d.homes.length).toBeGreaterThanOrEqual(1000);
    expect(d.homes.filter((h) => !d.children.some((c) => c.currentPlacement?.homeId === h.id)).every((h) => h.freePlaces > 0 || h.type === 'connected_person_foster')).toBe(true);
  });

  it('rejects bad options with a ValidationError listing every problem with its path', () => {
    let err: unknown;
    try {
      generateDemo({ seed: Number.NaN, authorities: ['E99999999', COVENTRY, COVENTRY], children: 0, asOf: '2025-13-01', homesPerChild: -1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    const paths = (err as ValidationError).problems.map((p) => p.path.join('.'));
    expect(paths).toEqual(['seed', 'authorities.0', 'authorities.2', 'children', 'homesPerChild', 'asOf']);
    expect((err as ValidationError).problems[1]?.message).toBe('generateDemo: unknown authority "E99999999"');
  });

  it('keeps its invariants for any seed, size and set of authorities (property)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 120 }),
        fc.subarray([...WEST_MIDLANDS_CODES], { minLength: 1, maxLength: 3 }),
        fc.constantFrom('2025-03-31', '2024-02-29', '2026-09-01'),
        (seed, children, authorities, asOf) => {
          const d = generateDemo({ seed, children, authorities, asOf, homesPerChild: 1 });
          expect(d.children).toHaveLength(children);
          checkInvariants(d);
        },
      ),
      { numRuns: 12 },
    );
  });
});
