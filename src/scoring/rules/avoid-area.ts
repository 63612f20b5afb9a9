import { ruleResult } from '../helpers.js';
import type { RuleModule, ScoringContext } from '../types.js';

/**
 * Which of the children's areas to avoid the home falls in: district codes and polygon indices.
 *
 * @example
 * avoidHits(ctx); // { districts: ['B1'], polygons: 0 }
 */
export function avoidHits(ctx: ScoringContext): { districts: string[]; polygons: number } {
  const districts: string[] = [];
  let polygons = 0;
  const d = ctx.home.district;
  for (const c of ctx.subject.children) {
    if (d !== undefined && c.avoidDistricts.includes(d) && !districts.includes(d)) districts.push(d);
    for (const g of c.avoidPolygons) if (ctx.geo.pointInGeometry(ctx.home.point, g)) polygons++;
  }
  return { districts, polygons };
}

/**
 * Hard rule: the home must not be inside an area the child must avoid for safety (postcode districts or
 * GeoJSON polygons, e.g. exploitation or gang links).
 *
 * @example
 * avoidAreaRule.evaluate(ctx).sentence; // "The home is in B1, an area the child must avoid for safety."
 */
export const avoidAreaRule: RuleModule = {
  id: 'avoid_area',
  level: 'hard',
  passes: avoidAreaPasses,
  description: 'The home must not be inside an area the child must avoid for safety.',
  overridable: false,
  evaluate(ctx) {
    const hits = avoidHits(ctx);
    const any = ctx.subject.children.some((c) => c.avoidDistricts.length > 0 || c.avoidPolygons.length > 0);
    const passed = hits.districts.length === 0 && hits.polygons === 0;
    const sentence = !any
      ? 'No areas to avoid recorded.'
      : passed
        ? 'Outside every area the child must avoid.'
        : hits.districts.length
          ? `The home is in ${hits.districts.join(', ')}, an area the child must avoid for safety.`
          : 'The home is inside an area the child must avoid for safety.';
    return ruleResult(ctx, 'avoid_area', false, passed, { district: ctx.home.district ?? null, districtsHit: hits.districts, polygonsHit: hits.polygons }, sentence);
  },
  counterfactual() {
    return null;
  },
};

/**
 * Fast path of {@link avoidAreaRule} for callers that only need the verdict (no facts or sentence): `true` exactly
 * when `evaluate(ctx).passed`.
 *
 * @example
 * avoidAreaRule.passes(ctx); // false when the home is in a district the child must avoid
 */
function avoidAreaPasses(ctx: ScoringContext): boolean {
  const d = ctx.home.district;
  for (const c of ctx.subject.children) {
    if (d !== undefined && c.avoidDistricts.includes(d)) return false;
    for (const g of c.avoidPolygons) if (ctx.geo.pointInGeometry(ctx.home.point, g)) return false;
  }
  return true;
}
