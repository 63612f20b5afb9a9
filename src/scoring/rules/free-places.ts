import { plural, ruleResult } from '../helpers.js';
import type { ResolvedSubject, RuleModule, ScoringContext } from '../types.js';

/**
 * Free places a home needs for the subject: one per child, less children already living there (re-matching).
 *
 * @example
 * placesNeeded(subject, 'H-1'); // 2 for a pair of siblings neither of whom lives in H-1
 */
export function placesNeeded(s: ResolvedSubject, homeId: string): number {
  let here = 0;
  for (const c of s.children) if (c.currentHomeId === homeId) here++;
  return s.children.length - here;
}

/**
 * Hard rule: a home needs a free place for every child placed there; a sibling group placed together also
 * needs the home to be approved for a group that size.
 *
 * @example
 * freePlacesRule.evaluate(ctx).facts; // { freePlaces: 1, needed: 2, groupSize: 2, maxSiblingGroup: 1 }
 */
export const freePlacesRule: RuleModule = {
  id: 'free_places',
  level: 'hard',
  passes: freePlacesPasses,
  description: 'The home must have a free place for every child placed there (a sibling group placed together needs that many).',
  overridable: false,
  evaluate(ctx) {
    const n = ctx.subject.children.length;
    const needed = placesNeeded(ctx.subject, ctx.home.id);
    const free = ctx.home.freePlaces;
    const placesOk = free >= needed;
    const groupOk = n < 2 || ctx.home.maxSiblingGroup >= n;
    const passed = placesOk && groupOk;
    let sentence: string;
    if (passed) sentence = `${plural(free, 'free place')} for ${plural(needed, 'child', 'children')} needing one.`;
    else if (!placesOk && !groupOk)
      sentence = `Only ${plural(free, 'free place')} for ${needed} and approved for sibling groups of up to ${ctx.home.maxSiblingGroup}, not ${n}.`;
    else if (!placesOk) sentence = free === 0 ? `No free place; ${needed} needed.` : `Only ${plural(free, 'free place')}; ${needed} needed.`;
    else sentence = `Approved for sibling groups of up to ${ctx.home.maxSiblingGroup}; this group has ${n}.`;
    return ruleResult(
      ctx,
      'free_places',
      false,
      passed,
      { freePlaces: free, needed, groupSize: n, maxSiblingGroup: ctx.home.maxSiblingGroup },
      sentence,
    );
  },
  counterfactual(ctx) {
    const n = ctx.subject.children.length;
    const short = placesNeeded(ctx.subject, ctx.home.id) - ctx.home.freePlaces;
    const groupShort = n >= 2 && ctx.home.maxSiblingGroup < n;
    if (short > 0 && !groupShort) return `with ${plural(short, 'more free place', 'more free places')}`;
    if (short <= 0 && groupShort) return `if approved for a sibling group of ${n}`;
    return null;
  },
};

/**
 * Fast path of {@link freePlacesRule} for callers that only need the verdict (no facts or sentence): `true` exactly
 * when `evaluate(ctx).passed`.
 *
 * @example
 * freePlacesRule.passes(ctx); // false when the home has fewer free places than children
 */
function freePlacesPasses(ctx: ScoringContext): boolean {
  const n = ctx.subject.children.length;
  return ctx.home.freePlaces >= placesNeeded(ctx.subject, ctx.home.id) && (n < 2 || ctx.home.maxSiblingGroup >= n);
}
