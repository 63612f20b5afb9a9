import { authorityRelation, type AuthorityRelation } from '../helpers.js';
import type { FactorModule, ScoringContext } from '../types.js';

/**
 * Own-authority score: 1 inside the placing authority, `adjoiningScore` in an adjoining one, else 0.
 *
 * @example
 * ownAuthorityScore(1, 0.3); // 0.3
 */
export function ownAuthorityScore(relation: AuthorityRelation, adjoiningScore: number): number {
  return relation === 2 ? 1 : relation === 1 ? adjoiningScore : 0;
}

/**
 * Soft factor, s22C(9): within the authority's own area unless that is not reasonably practicable.
 *
 * @example
 * ownAuthorityFactor.evaluate(ctx).sentence; // "In Warwickshire, which adjoins the placing authority ..."
 */
export const ownAuthorityFactor: FactorModule = {
  id: 'own_authority',
  level: 'soft',
  impact: ownAuthorityImpact,
  description: "Within the placing authority's area (s22C(9)); partial credit in an adjoining authority.",
  evaluate(ctx) {
    const placing = ctx.subject.placingAuthority;
    const home = ctx.home.authority;
    const rel = authorityRelation(ctx.geo, placing, home);
    const adj = ctx.policy.thresholds.adjoiningAuthorityScore;
    const score = ownAuthorityScore(rel, adj);
    const weight = ctx.policy.weights.own_authority;
    const name = home === undefined ? 'outside England' : `in ${ctx.geo.authority(home)?.name ?? home}`;
    const sentence =
      rel === 2
        ? `Inside the placing authority's own area (${ctx.geo.authority(placing)?.name ?? placing}).`
        : rel === 1
          ? `Out of area but ${name}, which adjoins the placing authority.`
          : `Out of area, ${name}, which does not adjoin the placing authority.`;
    return {
      id: 'own_authority',
      level: 'soft',
      weight,
      score,
      impact: weight * score,
      facts: { placingAuthority: placing, homeAuthority: home ?? null, sameAuthority: rel === 2, adjoining: rel === 1 },
      sentence,
    };
  },
};

/**
 * Fast path of {@link ownAuthorityFactor} for callers that only need the impact (no facts or sentence): the same
 * arithmetic in the same order, so exactly `evaluate(ctx).impact`, to the last bit.
 *
 * @example
 * ownAuthorityFactor.impact(ctx); // === ownAuthorityFactor.evaluate(ctx).impact
 */
function ownAuthorityImpact(ctx: ScoringContext): number {
  const rel = authorityRelation(ctx.geo, ctx.subject.placingAuthority, ctx.home.authority);
  return ctx.policy.weights.own_authority * ownAuthorityScore(rel, ctx.policy.thresholds.adjoiningAuthorityScore);
}
