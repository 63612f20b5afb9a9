import { describe, expect, it } from 'vitest';
import { DEFAULT_DYNAMICS } from './dynamics.js';
import { entrantEndsWithin, meanPlacementDays, placementDays, residualDays, residualEndsWithin, steadyArrivalsPerYear } from './durations.js';
import { createRng } from './random.js';
import { fixtureChild, fixtureHome } from './fixtures.js';

const d = DEFAULT_DYNAMICS;

describe('durations', () => {
  it('gives the median at z = 0, scaled by setting, and stops at the 18th birthday', () => {
    expect(placementDays(d, 12, 5000, 'fostering', 0)).toBe(820);
    expect(placementDays(d, 12, 5000, 'residential', 0)).toBe(492);
    expect(placementDays(d, 17, 40, 'supported', 2)).toBe(40);
    expect(placementDays(d, 3, 5000, 'kinship', -10)).toBeGreaterThanOrEqual(1);
  });
  it('matches the residual probability with a Monte Carlo estimate', () => {
    const rng = createRng(11);
    let within = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) if (residualDays(d, 8, 3000, 'fostering', rng.next(), rng.normal()) < 365) within++;
    expect(residualEndsWithin(d, 8, 3000, 'fostering', 365)).toBeCloseTo(within / n, 1);
    expect(residualEndsWithin(d, 17, 100, 'fostering', 365)).toBe(1);
  });
  it('has entrants leaving within the year less often than the year is long', () => {
    const q = entrantEndsWithin(d, { fostering: 1, residential: 0, supported: 0, kinship: 0 }, 365, () => 1);
    expect(q).toBeGreaterThan(0.05);
    expect(q).toBeLessThan(0.6);
    expect(meanPlacementDays(d, { fostering: 1, residential: 0, supported: 0, kinship: 0 })).toBeGreaterThan(365);
  });
  it('sets a steady entry rate that grows with the number in care', () => {
    const homes = [fixtureHome(1, { places: 100, freePlaces: 0 })];
    const kids = (n: number) => Array.from({ length: n }, (_, i) => fixtureChild(i, { currentPlacement: { homeId: 'H-0001', since: '2025-01-01' } }));
    const a = steadyArrivalsPerYear(kids(50), homes, '2026-04-01', 365, d);
    const b = steadyArrivalsPerYear(kids(100), homes, '2026-04-01', 365, d);
    expect(a).toBeGreaterThan(5);
    expect(b / a).toBeCloseTo(2, 6);
  });
});
