/**
 * updateRegistry: a registry patched change by change is the registry a fresh build gives (columns byte
 * for byte, tables, records, id order) and so gives exactly the same match results; slot-local changes
 * are patched, structural ones rebuilt; the old registry is never modified.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADAPTATIONS, DEFAULT_NEED_DOMAINS, HOME_TYPES, RISK_FLAGS, ValidationError, type Home } from '../domain/index.js';
import { fakeGeography } from '../scoring/testing/fake-geo.js';
import { match } from './engine.js';
import { buildRegistry, registryBuildKind, updateRegistry, type Registry } from './registry.js';
import { childInput, homeInput, requestOf } from './testing/requests.js';

const geo = fakeGeography();
const DISTRICTS = ['CV1', 'CV2', 'CV3', 'CV6', 'CV21', 'B1', 'B36'] as const;
const LANGS = ['English', 'Polish', 'Urdu', 'Punjabi'] as const;

/** Everything a fresh build determines, in comparable form. */
function snapshot(r: Registry): unknown {
  return {
    version: r.version,
    size: r.size,
    bytes: Buffer.from(new Uint8Array(r.columns.buffer)).toString('base64'),
    layout: r.columns.layout,
    dims: [r.columns.n, r.columns.domainCount, r.columns.capChunks, r.columns.pointCount],
    tables: r.tables,
    tableIndex: Object.fromEntries(Object.entries(r.tableIndex).map(([k, m]) => [k, [...m]])),
    homes: r.homes,
    idOrder: Array.from(r.idOrder),
    ids: r.ids,
    sortedIds: r.sortedIds,
    lookups: r.ids.map((id) => [r.indexOf(id), r.get(id)?.id]),
  };
}

const CHILDREN = [
  childInput({ id: 'C-1', homeLocation: { district: 'CV2' }, needs: { behaviour: 2, emotional_wellbeing: 1 } }),
  childInput({ id: 'C-2', dateOfBirth: '2010-05-01', sex: 'male', homeLocation: { district: 'B1' }, placingAuthority: 'E08000025', languages: ['Polish'] }),
];

function matches(r: Registry): unknown[] {
  return CHILDREN.map((child) => match(requestOf({ child, top: 100 }), r, geo, { requestId: 'x' }));
}

const arbHomeFields = fc.record({
  type: fc.constantFrom(...HOME_TYPES),
  district: fc.constantFrom(...DISTRICTS),
  places: fc.integer({ min: 0, max: 4 }),
  free: fc.integer({ min: 0, max: 4 }),
  ofsted: fc.constantFrom('outstanding', 'good', 'requires_improvement', 'inadequate'),
  ageMin: fc.integer({ min: 0, max: 12 }),
  ageSpan: fc.integer({ min: 0, max: 10 }),
  cost: fc.integer({ min: 10_000, max: 400_000 }),
  capability: fc.dictionary(fc.constantFrom(...DEFAULT_NEED_DOMAINS, 'equine_therapy'), fc.integer({ min: 0, max: 4 }), { maxKeys: 4 }),
  languages: fc.uniqueArray(fc.constantFrom(...LANGS), { maxLength: 2 }),
  adaptations: fc.uniqueArray(fc.constantFrom(...ADAPTATIONS), { maxLength: 2 }),
  residents: fc.array(fc.record({ age: fc.integer({ min: 0, max: 18 }), riskFlags: fc.uniqueArray(fc.constantFrom(...RISK_FLAGS), { maxLength: 1 }) }), { maxLength: 2 }),
  emergency: fc.boolean(),
});
type HomeFields = typeof arbHomeFields extends fc.Arbitrary<infer T> ? T : never;

function makeHome(id: string, f: HomeFields): Home {
  const places = Math.max(f.places, f.free);
  return homeInput({
    id,
    type: f.type,
    location: { district: f.district },
    places,
    freePlaces: f.free,
    ofsted: f.ofsted,
    ageRange: { min: f.ageMin, max: Math.min(25, f.ageMin + f.ageSpan) },
    annualCost: f.cost,
    capability: f.capability,
    languages: f.languages,
    adaptations: f.adaptations,
    residents: f.residents,
    emergency: f.emergency,
    maxSiblingGroup: 3,
  });
}

/** One change to the registry, as the store would apply it. */
const arbChange = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('vacancies' as const), at: fc.nat(), free: fc.integer({ min: 0, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cost' as const), at: fc.nat(), cost: fc.integer({ min: 10_000, max: 400_000 }), ofsted: fc.constantFrom('good', 'inadequate') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('update' as const), at: fc.nat(), fields: arbHomeFields }) },
  // An update that keeps the location and languages (the usual provider edit): a slot change.
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('edit' as const), at: fc.nat(), fields: arbHomeFields }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('create' as const), fields: arbHomeFields }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), at: fc.nat() }) },
);
type Change = typeof arbChange extends fc.Arbitrary<infer T> ? T : never;

/** Apply a change: a new array in id order, the SAME objects for unchanged homes (as the store's snapshot). */
function apply(homes: readonly Home[], c: Change, nextId: () => string): Home[] {
  const out = homes.slice();
  if (c.kind === 'create') {
    out.push(makeHome(nextId(), c.fields));
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  if (out.length === 0) return out;
  const i = c.at % out.length;
  const h = out[i] as Home;
  if (c.kind === 'close') out.splice(i, 1);
  else if (c.kind === 'vacancies') out[i] = { ...h, freePlaces: c.free, places: Math.max(h.places, c.free) };
  else if (c.kind === 'cost') out[i] = { ...h, annualCost: c.cost, ofsted: c.ofsted };
  else if (c.kind === 'edit') {
    const district = 'district' in h.location ? (h.location.district as HomeFields['district']) : c.fields.district;
    out[i] = makeHome(h.id, { ...c.fields, district, languages: h.languages as HomeFields['languages'] });
  } else out[i] = makeHome(h.id, c.fields);
  return out;
}

describe('updateRegistry', () => {
  it('over any sequence of changes equals a fresh build (bytes, tables, records) and gives the same match results', () => {
    let patched = 0;
    let built = 0;
    fc.assert(
      fc.property(fc.array(arbHomeFields, { minLength: 1, maxLength: 25 }), fc.array(arbChange, { minLength: 1, maxLength: 12 }), (initial, changes) => {
        let n = 0;
        const nextId = (): string => `H-${String(++n).padStart(4, '0')}`;
        let homes = initial.map((f) => makeHome(nextId(), f));
        let current = buildRegistry(homes, geo, 'r0');
        changes.forEach((c, k) => {
          const version = `r${k + 1}`;
          const before = snapshot(current);
          homes = apply(homes, c, nextId);
          const next = updateRegistry(current, homes, geo, version);
          // The previous registry is untouched (in-flight requests and workers may still read it).
          expect(snapshot(current)).toEqual(before);
          const fresh = buildRegistry(homes, geo, version);
          expect(snapshot(next)).toEqual(snapshot(fresh));
          expect(matches(next)).toEqual(matches(fresh));
          if (registryBuildKind(next) === 'patched') patched += 1;
          else built += 1;
          current = next;
        });
      }),
      { numRuns: 60 },
    );
    // Both paths were exercised.
    expect(patched).toBeGreaterThan(20);
    expect(built).toBeGreaterThan(5);
  });

  it('patches vacancy and slot-local changes, and rebuilds structural ones', () => {
    const homes = DISTRICTS.map((d, i) => homeInput({ id: `H-${i}`, location: { district: d }, languages: i === 0 ? ['Polish'] : [], capability: { behaviour: 2 } }));
    const r1 = buildRegistry(homes, geo, 'r1');
    expect(registryBuildKind(r1)).toBe('built');
    const vacancy = homes.map((h, i) => (i === 2 ? { ...h, freePlaces: 0 } : h));
    const r2 = updateRegistry(r1, vacancy, geo, 'r2');
    expect(registryBuildKind(r2)).toBe('patched');
    expect(r2.columns.freePlaces[2]).toBe(0);
    expect(r1.columns.freePlaces[2]).toBe(1);
    expect(r2.get('H-2')?.freePlaces).toBe(0);
    expect(r2.version).toBe('r2');
    // New capability domain among the defaults: still a slot change.
    const cap = vacancy.map((h, i) => (i === 3 ? { ...h, capability: { self_harm: 3 } } : h));
    expect(registryBuildKind(updateRegistry(r2, cap, geo, 'r3'))).toBe('patched');
    // A move, a new language, a new home or a closed one: rebuilt.
    expect(registryBuildKind(updateRegistry(r2, vacancy.map((h, i) => (i === 1 ? { ...h, location: { district: 'CV3' } } : h)), geo, 'r3'))).toBe('built');
    expect(registryBuildKind(updateRegistry(r2, vacancy.map((h, i) => (i === 1 ? { ...h, languages: ['Urdu'] } : h)), geo, 'r3'))).toBe('built');
    expect(registryBuildKind(updateRegistry(r2, vacancy.slice(1), geo, 'r3'))).toBe('built');
    // Nothing changed but the version: the columns are shared, not copied.
    const same = updateRegistry(r2, vacancy, geo, 'r3');
    expect(same.columns).toBe(r2.columns);
    expect(same.version).toBe('r3');
  });

  it('reports problems exactly as buildRegistry does', () => {
    const homes = [homeInput({ id: 'H-1', location: { district: 'CV2' } }), homeInput({ id: 'H-2', location: { district: 'CV3' } })];
    const r1 = buildRegistry(homes, geo, 'r1');
    const bad = [homes[0] as Home, { ...(homes[1] as Home), authority: 'E08000025' }];
    const problems = (f: () => unknown): unknown => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as ValidationError).problems;
      }
      return expect.unreachable();
    };
    expect(problems(() => updateRegistry(r1, bad, geo, 'r2'))).toEqual(problems(() => buildRegistry(bad, geo, 'r2')));
  });
});
