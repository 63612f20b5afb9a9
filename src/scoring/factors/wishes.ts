import type { FactorModule, ResolvedChild, ResolvedHome, ScoringContext } from '../types.js';

/**
 * True when a child's preferred areas (postcode districts or authority codes) include the home's district or
 * authority; null when the child records no wishes.
 *
 * @example
 * wishMatch(child, home); // true when the child asked for "CV2" and the home is in CV2
 */
export function wishMatch(child: ResolvedChild, home: Pick<ResolvedHome, 'district' | 'authority'>): boolean | null {
  if (child.preferredAreas.length === 0) return null;
  return (
    (home.district !== undefined && child.preferredAreas.includes(home.district)) ||
    (home.authority !== undefined && child.preferredAreas.includes(home.authority))
  );
}

/**
 * Soft factor: the child's wishes and feelings (s22(4)-(5)): areas the child would like to live in. Score is
 * the share of the children whose wish the home meets; no wishes recorded: no effect.
 *
 * @example
 * wishesFactor.evaluate(ctx).score; // 1 when the home is in an area the child asked for
 */
export const wishesFactor: FactorModule = {
  id: 'wishes',
  level: 'soft',
  impact: wishesImpact,
  description: 'The child would like to live in the area (their recorded wishes).',
  evaluate(ctx) {
    let matched = 0;
    let withWishes = 0;
    const areas: string[] = [];
    for (const c of ctx.subject.children) {
      const m = wishMatch(c, ctx.home);
      if (m === null) continue;
      withWishes++;
      if (m) matched++;
      for (const a of c.preferredAreas) if (!areas.includes(a)) areas.push(a);
    }
    const score = matched / ctx.subject.children.length;
    const weight = ctx.policy.weights.wishes;
    const sentence =
      withWishes === 0
        ? 'No wishes about where to live recorded: no effect.'
        : matched
          ? `In an area the child asked for (${areas.join(', ')}).`
          : `Not in an area the child asked for (${areas.join(', ')}).`;
    return { id: 'wishes', level: 'soft', weight, score, impact: weight * score, facts: { preferredAreas: areas, childrenWithWishes: withWishes, matched }, sentence };
  },
};

/**
 * Fast path of {@link wishesFactor} for callers that only need the impact (no facts or sentence): the same
 * arithmetic in the same order, so exactly `evaluate(ctx).impact`, to the last bit.
 *
 * @example
 * wishesFactor.impact(ctx); // === wishesFactor.evaluate(ctx).impact
 */
function wishesImpact(ctx: ScoringContext): number {
  let matched = 0;
  for (const c of ctx.subject.children) if (wishMatch(c, ctx.home) === true) matched++;
  return ctx.policy.weights.wishes * (matched / ctx.subject.children.length);
}
