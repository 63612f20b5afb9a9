import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Location } from '../domain/index.js';
import { fakeGeography } from '../scoring/testing/fake-geo.js';
import { isProblem, resolveLocation, type LocationCache } from './resolve-location.js';

const geo = fakeGeography();

/** Texts that resolve (postcodes and districts, some naming one district several ways) and some that do not. */
const TEXTS = ['CV1 2AB', 'CV1', 'cv1 2ab', 'CV1 3XY', 'CV2', 'CV2 1AA', 'B1', 'B1 1AA', 'ZZ9 9ZZ', 'ZZ9', 'not a postcode', ''];
const location: fc.Arbitrary<Location> = fc.oneof(
  fc.constantFrom(...TEXTS).map((postcode) => ({ postcode }) as Location),
  fc.constantFrom(...TEXTS).map((district) => ({ district }) as Location),
  fc.record({ lat: fc.double({ min: 52.3, max: 52.6, noNaN: true }), lon: fc.double({ min: -2, max: -1.4, noNaN: true }) }) as fc.Arbitrary<Location>,
);

describe('resolveLocation', () => {
  it('with a cache, resolves any sequence of locations to the values it gives without one (texts cached, problems not)', () => {
    fc.assert(
      fc.property(fc.array(location, { maxLength: 30 }), (locs) => {
        const cache: LocationCache = new Map();
        const path = ['homes', 0];
        locs.forEach((loc, i) => {
          path[1] = i;
          const cached = resolveLocation(loc, geo, path, 'fn', cache, ['location']);
          const fresh = resolveLocation(loc, geo, ['homes', i], 'fn', undefined, ['location']);
          expect(cached).toEqual(fresh);
          if (!isProblem(cached) && !('lat' in loc)) expect(cache.get(cached.district!)).toBe(cached); // one object per district
        });
        expect(path).toEqual(['homes', Math.max(0, locs.length - 1)]); // the caller's array is never kept or changed
      }),
      { numRuns: 200 },
    );
  });

  it('reports an unknown text every time it is met, with that call path', () => {
    const cache: LocationCache = new Map();
    const a = resolveLocation({ postcode: 'ZZ9 9ZZ' }, geo, ['homes', 3], 'buildRegistry', cache, ['location']);
    const b = resolveLocation({ postcode: 'ZZ9 9ZZ' }, geo, ['homes', 7], 'buildRegistry', cache, ['location']);
    expect(a).toEqual({ path: ['homes', 3, 'location', 'postcode'], code: 'unknown_postcode', message: 'buildRegistry: unknown postcode "ZZ9 9ZZ"' });
    expect(isProblem(b) && b.path).toEqual(['homes', 7, 'location', 'postcode']);
  });
});
