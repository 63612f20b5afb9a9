import { childToHomeKm, decayScore, fmtKm, round, KM_PER_MILE } from '../helpers.js';
import type { FactorModule, ScoringContext } from '../types.js';

/**
 * Soft factor, s22C(8)(a): live near home. Score = 0.5^(km / half-life) per child, averaged over the
 * children placed here; the explanation reports whether the home is within the 20-mile mark.
 *
 * @example
 * distanceFactor.evaluate(ctx).facts; // { km: 16, miles: 9.9, within20Miles: true, halfLifeKm: 16, ... }
 */
export const distanceFactor: FactorModule = {
  id: 'distance',
  level: 'soft',
  impact: distanceImpact,
  description: "Near the child's home: the score halves every `distanceHalfLifeKm` km; the 20-mile mark is reported.",
  evaluate(ctx) {
    const { distanceHalfLifeKm: half, twentyMilesKm } = ctx.policy.thresholds;
    const weight = ctx.policy.weights.distance;
    let sumKm = 0;
    let sumScore = 0;
    let maxKm = 0;
    for (const c of ctx.subject.children) {
      const km = childToHomeKm(ctx, c);
      sumKm += km;
      sumScore += decayScore(km, half);
      if (km > maxKm) maxKm = km;
    }
    const n = ctx.subject.children.length;
    const km = sumKm / n;
    const score = sumScore / n;
    const within = maxKm <= twentyMilesKm;
    const sentence = `${fmtKm(km)} from the child's home, ${within ? 'within' : 'beyond'} the 20-mile mark; the distance score halves every ${half} km.`;
    return {
      id: 'distance',
      level: 'soft',
      weight,
      score,
      impact: weight * score,
      facts: { km: round(km, 2), miles: round(km / KM_PER_MILE, 2), within20Miles: within, twentyMilesKm, halfLifeKm: half, provider: ctx.geo.distance.id },
      sentence,
    };
  },
};

/**
 * Fast path of {@link distanceFactor} for callers that only need the impact (no facts or sentence): the same
 * arithmetic in the same order, so exactly `evaluate(ctx).impact`, to the last bit.
 *
 * @example
 * distanceFactor.impact(ctx); // === distanceFactor.evaluate(ctx).impact
 */
function distanceImpact(ctx: ScoringContext): number {
  const half = ctx.policy.thresholds.distanceHalfLifeKm;
  let sumScore = 0;
  for (const c of ctx.subject.children) sumScore += decayScore(childToHomeKm(ctx, c), half);
  return ctx.policy.weights.distance * (sumScore / ctx.subject.children.length);
}
