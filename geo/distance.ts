import type { DistanceProvider, LatLon } from './types.js';

/** Mean Earth radius (IUGG R1), kilometres. */
export const EARTH_RADIUS_KM = 6371.0088;

/**
 * 20 miles in kilometres (the DfE "more than 20 miles from home" mark).
 *
 * @example
 * const far = greatCircle.km(home, placement) > MILES_20_KM;
 */
export const MILES_20_KM = 32.1869;

const RAD = Math.PI / 180;

/**
 * Great-circle (haversine) distance in km between two coordinate pairs. No allocation.
 *
 * @example
 * haversineKm(52.40937, -1.50638, 52.47987, -1.90938); // ≈ 28.4 (CV1 to B1)
 */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const sinDLat = Math.sin((lat2 - lat1) * RAD * 0.5);
  const sinDLon = Math.sin((lon2 - lon1) * RAD * 0.5);
  const h = sinDLat * sinDLat + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * sinDLon * sinDLon;
  // Clamp: rounding can push h a hair above 1 for antipodal points.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h < 1 ? h : 1));
}

/**
 * The default distance: great-circle km on a sphere of radius {@link EARTH_RADIUS_KM}.
 * Replace it with a road travel-time provider behind the same {@link DistanceProvider} interface.
 *
 * @example
 * greatCircle.km({ lat: 52.40937, lon: -1.50638 }, { lat: 52.47987, lon: -1.90938 }); // ≈ 28.4
 */
export const greatCircle: DistanceProvider = Object.freeze({
  id: 'great-circle',
  km(a: LatLon, b: LatLon): number {
    return haversineKm(a.lat, a.lon, b.lat, b.lon);
  },
});
