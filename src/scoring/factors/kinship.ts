import type { FactorModule, ScoringContext } from '../types.js';

/**
 * Kinship score: the share of the children placed here who are connected to the home (1 for one connected
 * child).
 *
 * @example
 * kinshipScore(1, 1); // 1
 */
export function kinshipScore(connectedChildren: number, children: number): number {
  return connectedChildren / children;
}

/**
 * Soft factor, s22C(7)(a): preference for a relative, friend or other connected person who is a foster
 * carer. Its default weight (100) is larger than the spread the other factors produce between eligible
 * homes in practice, so an eligible connected carer normally ranks first.
 *
 * @example
 * kinshipFactor.evaluate(ctx).impact; // 100 for the child's grandparent carer
 */
export const kinshipFactor: FactorModule = {
  id: 'kinship',
  level: 'soft',
  impact: kinshipImpact,
  description: 'Preference for a connected person (relative or friend) who is a foster carer: s22C(7)(a).',
  evaluate(ctx) {
    const weight = ctx.policy.weights.kinship;
    const rel: string[] = [];
    let n = 0;
    for (const c of ctx.subject.children) {
      const r = c.connected.get(ctx.home.id);
      if (r !== undefined) {
        n++;
        if (!rel.includes(r)) rel.push(r);
      }
    }
    const score = kinshipScore(n, ctx.subject.children.length);
    const sentence =
      n === 0
        ? 'Not a connected person of the child: no kinship preference.'
        : `A connected person (${rel.join(', ')}) of ${n === ctx.subject.children.length ? (n > 1 ? 'all the children' : 'the child') : `${n} of the children`}: s22C(7)(a) gives this placement preference.`;
    return { id: 'kinship', level: 'soft', weight, score, impact: weight * score, facts: { connectedChildren: n, relationships: rel, homeType: ctx.home.type }, sentence };
  },
};

/**
 * Fast path of {@link kinshipFactor} for callers that only need the impact (no facts or sentence): the same
 * arithmetic in the same order, so exactly `evaluate(ctx).impact`, to the last bit.
 *
 * @example
 * kinshipFactor.impact(ctx); // === kinshipFactor.evaluate(ctx).impact
 */
function kinshipImpact(ctx: ScoringContext): number {
  let n = 0;
  for (const c of ctx.subject.children) if (c.connected.get(ctx.home.id) !== undefined) n++;
  return ctx.policy.weights.kinship * kinshipScore(n, ctx.subject.children.length);
}
