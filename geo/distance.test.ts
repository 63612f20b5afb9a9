import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EARTH_RADIUS_KM, greatCircle, haversineKm, MILES_20_KM } from './distance.js';
import type { LatLon } from './types.js';

// District centroids from opendata/geo/gb_postcode_district_centroids.csv.
const CV1: LatLon = { lat: 52.40937, lon: -1.50638 };
const B1: LatLon = { lat: 52.47987, lon: -1.90938 };
const WV1: LatLon = { lat: 52.58646, lon: -2.11579 };

const latLon = fc.record({
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
});

describe('greatCircle', () => {
  it('is named for explanations', () => {
    expect(greatCircle.id).toBe('great-circle');
  });

  it('matches the data README spot checks (CV1-B1 28.4 km, B1-WV1 18.3 km)', () => {
    expect(greatCircle.km(CV1, B1)).toBeCloseTo(28.4, 1);
    expect(greatCircle.km(B1, WV1)).toBeCloseTo(18.3, 1);
  });

  it('gives a quarter meridian of pi/2 R and half the equator of pi R', () => {
    expect(greatCircle.km({ lat: 0, lon: 0 }, { lat: 90, lon: 0 })).toBeCloseTo((Math.PI / 2) * EARTH_RADIUS_KM, 6);
    expect(greatCircle.km({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * EARTH_RADIUS_KM, 6);
  });

  it('one degree of latitude is about 111.2 km', () => {
    expect(haversineKm(52, -1.5, 53, -1.5)).toBeCloseTo(111.195, 2);
  });

  it('20 miles is 32.1869 km', () => {
    expect(MILES_20_KM).toBeCloseTo(20 * 1.609344, 4);
  });

  it('is zero on identity', () => {
    fc.assert(fc.property(latLon, (p) => greatCircle.km(p, p) === 0));
  });

  it('is symmetric', () => {
    fc.assert(
      fc.property(latLon, latLon, (a, b) => Math.abs(greatCircle.km(a, b) - greatCircle.km(b, a)) <= 1e-9),
    );
  });

  it('is non-negative and at most half the circumference', () => {
    fc.assert(
      fc.property(latLon, latLon, (a, b) => {
        const d = greatCircle.km(a, b);
        return d >= 0 && d <= Math.PI * EARTH_RADIUS_KM + 1e-9;
      }),
    );
  });

  it('satisfies the triangle inequality', () => {
    // 1 m of slack: haversine's asin(sqrt(h)) is ill-conditioned near antipodal points (h -> 1), where its
    // absolute error reaches R * sqrt(machine epsilon) ~ 1e-4 km (found by fast-check: lon 180 vs lon 0)
    fc.assert(
      fc.property(latLon, latLon, latLon, (a, b, c) =>
        greatCircle.km(a, c) <= greatCircle.km(a, b) + greatCircle.km(b, c) + 1e-3,
      ),
    );
  });
});
