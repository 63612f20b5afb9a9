import type { FactorModule, ScoringContext } from '../types.js';

/**
 * Stability score: the share of the children placed here who already live here (re-matching).
 *
 * @example
 * stabilityScore(1, 1); // 1
 */
export function stabilityScore(alreadyHere: number, children: number): number {
  return alreadyHere / children;
}

/**
 * Soft factor: stability. Staying in the current home avoids the harm of a move (re-matching); a child with
 * no current home: no effect.
 *
 * @example
 * stabilityFactor.evaluate(ctx).sentence; // "The child already lives here: staying avoids a move."
 */
export const stabilityFactor: FactorModule = {
  id: 'stability',
  level: 'soft',
  impact: stabilityImpact,
  description: 'Staying in the current home (re-matching): avoids the harm of a move.',
  evaluate(ctx) {
    let here = 0;
    let placed = 0;
    for (const c of ctx.subject.children) {
      if (c.currentHomeId !== undefined) placed++;
      if (c.currentHomeId === ctx.home.id) here++;
    }
    const n = ctx.subject.children.length;
    const score = stabilityScore(here, n);
    const weight = ctx.policy.weights.stability;
    const sentence =
      placed === 0
        ? 'No current home recorded: no effect.'
        : here === 0
          ? 'A move from the current home.'
          : here === n
            ? `${n > 1 ? 'The children already live' : 'The child already lives'} here: staying avoids a move.`
            : `${here} of the ${n} children already live here.`;
    return { id: 'stability', level: 'soft', weight, score, impact: weight * score, facts: { childrenWithCurrentHome: placed, alreadyHere: here }, sentence };
  },
};

/**
 * Fast path of {@link stabilityFactor} for callers that only need the impact (no facts or sentence): the same
 * arithmetic in the same order, so exactly `evaluate(ctx).impact`, to the last bit.
 *
 * @example
 * stabilityFactor.impact(ctx); // === stabilityFactor.evaluate(ctx).impact
 */
function stabilityImpact(ctx: ScoringContext): number {
  let here = 0;
  for (const c of ctx.subject.children) if (c.currentHomeId === ctx.home.id) here++;
  return ctx.policy.weights.stability * stabilityScore(here, ctx.subject.children.length);
}
