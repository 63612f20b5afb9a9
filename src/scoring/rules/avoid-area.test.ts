import { describe, expect, it } from 'vitest';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { avoidAreaRule } from './avoid-area.js';

const squareAround = (lat: number, lon: number, d = 0.02): GeoJSON.Polygon => ({
  type: 'Polygon',
  coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]],
});

describe('avoid_area rule', () => {
  it('passes when no area is to be avoided (neutral case)', () => {
    const r = avoidAreaRule.evaluate(ctxOf(subjectOf(childOf()), homeOf({ district: 'B1' })));
    expect(r.passed).toBe(true);
    expect(r.sentence).toMatch(/No areas/);
  });
  it('fails a home in a district to avoid', () => {
    const r = avoidAreaRule.evaluate(ctxOf(subjectOf(childOf({ avoidDistricts: ['B1'] })), homeOf({ district: 'B1' })));
    expect(r).toMatchObject({ passed: false, facts: { districtsHit: ['B1'] } });
  });
  it('fails a home inside a polygon to avoid, passes one outside', () => {
    const poly = squareAround(52.47987, -1.90938); // around B1
    const s = subjectOf(childOf({ avoidPolygons: [poly] }));
    expect(avoidAreaRule.evaluate(ctxOf(s, homeOf({ district: 'B1' }))).passed).toBe(false);
    expect(avoidAreaRule.evaluate(ctxOf(s, homeOf({ district: 'CV2' }))).passed).toBe(true);
  });
  it('never offers a counterfactual (safety is not negotiable)', () => {
    const ctx = ctxOf(subjectOf(childOf({ avoidDistricts: ['B1'] })), homeOf({ district: 'B1' }));
    expect(avoidAreaRule.counterfactual(ctx, avoidAreaRule.evaluate(ctx))).toBeNull();
  });
});
