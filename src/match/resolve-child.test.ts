import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type Problem } from '../domain/index.js';
import { child } from '../rematch/testing/fixtures.js';
import { fakeGeography } from '../scoring/testing/fake-geo.js';
import { resolveChild } from './resolve-child.js';

const geo = fakeGeography();
const asOf = '2026-11-22';

describe('resolveChild', () => {
  it('writes the needs into the vector needsAlloc makes, with the values of a vector of its own', () => {
    const c = child('C1', { extra: { needs: { emotional_wellbeing: 3 } } });
    const block = new Float64Array(64);
    let at = 0;
    const needsAlloc = (n: number): Float64Array => {
      const v = block.subarray(at, at + n);
      at += n;
      return v;
    };
    const problems: Problem[] = [];
    const own = resolveChild(c, DEFAULT_POLICY, geo, { asOf }, ['children', 0], problems);
    const viewed = resolveChild(c, DEFAULT_POLICY, geo, { asOf, needsAlloc }, ['children', 0], problems);
    expect(problems).toEqual([]);
    expect(viewed!.needs.buffer).toBe(block.buffer);
    expect(Array.from(viewed!.needs)).toEqual(Array.from(own!.needs));
    expect(Array.from(own!.needs)).toContain(3);
  });

  it('reads each policy domain\'s level (0 when absent) and reports every need outside the policy, in key order', () => {
    const names = ['a', 'b', 'c', 'd', 'emotional_wellbeing'];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 6 }),
        fc.dictionary(fc.constantFrom(...names), fc.integer({ min: 0, max: 4 })),
        (domains, needs) => {
          const policy = { ...DEFAULT_POLICY, domains };
          const problems: Problem[] = [];
          const r = resolveChild(child('C1', { extra: { needs } }), policy, geo, { asOf }, ['children', 0], problems);
          expect(Array.from(r!.needs)).toEqual(domains.map((d) => needs[d] ?? 0));
          expect(problems.map((p) => p.path)).toEqual(Object.keys(needs).filter((d) => !domains.includes(d)).map((d) => ['children', 0, 'needs', d]));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives children without entries equal (shared) empty lists and map, and children with entries their own', () => {
    const problems: Problem[] = [];
    const a = resolveChild(child('C1'), DEFAULT_POLICY, geo, { asOf }, ['children', 0], problems)!;
    const b = resolveChild(child('C2'), DEFAULT_POLICY, geo, { asOf }, ['children', 1], problems)!;
    expect(a.connected.size).toBe(0);
    expect(a.avoidDistricts).toEqual([]);
    expect(a.preferredAreas).toBe(b.preferredAreas);
    const withEntries = child('C3', {
      extra: {
        connectedPersons: [{ homeId: 'H9', relationship: 'aunt' }],
        wishes: { preferredAreas: ['cv1', 'CV1'] },
        avoidAreas: { districts: ['CV2'], polygons: [] },
      },
    });
    const c = resolveChild(withEntries, DEFAULT_POLICY, geo, { asOf }, ['children', 2], problems)!;
    expect(problems).toEqual([]);
    expect([...c.connected]).toEqual([['H9', 'aunt']]);
    expect(c.preferredAreas).toEqual(['CV1']);
    expect(c.avoidDistricts).toEqual(['CV2']);
    expect(a.connected.size).toBe(0); // the shared empty map was not written
  });

  it('reports an unresolvable location with the full path, the caller’s path array left as it was', () => {
    const problems: Problem[] = [];
    const path = ['children', 4];
    const bad = child('C5', { extra: { homeLocation: { district: 'ZZ99' } } });
    expect(resolveChild(bad, DEFAULT_POLICY, geo, { asOf }, path, problems)).toBeUndefined();
    expect(problems.map((p) => p.path)).toEqual([['children', 4, 'homeLocation', 'district']]);
    expect(path).toEqual(['children', 4]);
  });
});
