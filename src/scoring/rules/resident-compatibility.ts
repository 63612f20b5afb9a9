import type { RiskFlag } from '../../domain/index.js';
import { RISK_EXPLOITER, RISK_PET_ALLERGY, RISK_SEXUAL, RISK_VULNERABLE, RISK_YOUNGER, riskMask } from '../codes.js';
import { occupantSummary } from '../columns.js';
import { ruleResult } from '../helpers.js';
import type { ResolvedChild, ResolvedHome, RuleModule, ScoringContext } from '../types.js';

/**
 * Conflict kinds (bits) and their plain-language reasons.
 *
 * @example
 * CONFLICTS.filter((_, i) => mask & (1 << i));
 */
export const CONFLICTS = [
  'the child poses a risk to younger children and a younger child lives there',
  'the child has sexually harmful behaviour and a younger child lives there',
  'a resident who poses a risk to younger children is older than the child',
  'a resident with sexually harmful behaviour is older than the child',
  'the child is vulnerable to exploitation and a resident poses an exploitation risk to others',
  'the child poses an exploitation risk and a resident is vulnerable to exploitation',
  'the child is allergic to pets and the household has pets',
] as const;

/**
 * The incompatibility table between one child and a home's occupants, as a bit mask over {@link CONFLICTS}
 * (0 = compatible). Pure numbers, so the fast path calls it on columns and the rule on the same summary.
 *
 * @param youngest youngest resident or household child (255 when none)
 * @param occupantRisk OR of the residents' risk-flag bits
 * @param maxAgeRiskYounger oldest resident flagged risk_to_younger_children (-1 when none)
 * @param maxAgeSexualHarm oldest resident flagged sexually_harmful_behaviour (-1 when none)
 * @example
 * conflictMask(14, riskBit('risk_to_younger_children'), 8, 0, -1, -1, false); // 1
 */
export function conflictMask(
  childAge: number,
  childRisk: number,
  youngest: number,
  occupantRisk: number,
  maxAgeRiskYounger: number,
  maxAgeSexualHarm: number,
  pets: boolean,
): number {
  // Every test runs on every call, each bit added as `cond ? BIT : 0` (the same mask as the plain `if`s):
  // the fast path inlines this, and a test first met after it was optimised would deoptimise it.
  const younger = youngest < childAge;
  const olderRiskYounger = maxAgeRiskYounger > childAge;
  const olderSexualHarm = maxAgeSexualHarm > childAge;
  const exploiterThere = (occupantRisk & RISK_EXPLOITER) !== 0;
  const vulnerableThere = (occupantRisk & RISK_VULNERABLE) !== 0;
  let m = 0;
  m |= (childRisk & RISK_YOUNGER) !== 0 && younger ? 1 : 0;
  m |= (childRisk & RISK_SEXUAL) !== 0 && younger ? 2 : 0;
  m |= olderRiskYounger ? 4 : 0;
  m |= olderSexualHarm ? 8 : 0;
  m |= (childRisk & RISK_VULNERABLE) !== 0 && exploiterThere ? 16 : 0;
  m |= (childRisk & RISK_EXPLOITER) !== 0 && vulnerableThere ? 32 : 0;
  m |= (childRisk & RISK_PET_ALLERGY) !== 0 && pets ? 64 : 0;
  return m;
}

/** A resident entry as the rule reads it: an age and risk flags (the schema carries no identity). */
export interface ResidentEntry {
  readonly age: number;
  readonly riskFlags: readonly RiskFlag[];
}

/**
 * The residents of a home without the entries of `own`, the subject's children who live there today (a
 * child being re-matched must not be judged against itself). Residents carry no id, so a child's own entry
 * is the first resident not yet discounted with exactly the child's risk flags and the child's age, or,
 * failing that, an age one year younger (recorded before a birthday). A child with no such entry discounts
 * nothing. Order of the remaining residents is kept.
 *
 * @example
 * residentsWithout([{ age: 14, riskFlags: ['pet_allergy'] }, { age: 9, riskFlags: [] }], [{ age: 14, riskFlags: ['pet_allergy'] }]);
 * // [{ age: 9, riskFlags: [] }]
 */
export function residentsWithout<R extends ResidentEntry>(residents: readonly R[], own: readonly ResidentEntry[]): R[] {
  const skip = ownResidentEntries(residents, own);
  return skip.length === 0 ? [...residents] : residents.filter((_, j) => !skip.includes(j));
}

/**
 * Positions in `residents` of the entries of `own` (see {@link residentsWithout}), in the order of `own`.
 *
 * @example
 * ownResidentEntries([{ age: 9, riskFlags: [] }, { age: 14, riskFlags: [] }], [{ age: 14, riskFlags: [] }]); // [1]
 */
export function ownResidentEntries(residents: readonly ResidentEntry[], own: readonly ResidentEntry[]): number[] {
  const taken: number[] = [];
  for (const c of own) {
    const m = riskMask(c.riskFlags);
    let best = -1;
    for (let j = 0; j < residents.length; j++) {
      const r = residents[j]!;
      if (r.age !== c.age && r.age !== c.age - 1) continue;
      if (taken.includes(j) || riskMask(r.riskFlags) !== m) continue;
      if (r.age === c.age) {
        best = j;
        break;
      }
      if (best < 0) best = j;
    }
    if (best >= 0) taken.push(best);
  }
  return taken;
}

const NO_SKIP: readonly number[] = [];

/**
 * The occupant summary a subject is checked against in `home`: every resident and household child,
 * minus the entries of the subject's own children whose current home it is (see {@link residentsWithout}).
 *
 * @example
 * subjectOccupants(home, subject.children).youngest; // 255 when only the child itself lives there
 */
export function subjectOccupants(
  home: Pick<ResolvedHome, 'id' | 'residents' | 'household'>,
  children: readonly Pick<ResolvedChild, 'age' | 'riskFlags' | 'currentHomeId'>[],
): ReturnType<typeof occupantSummary> & { readonly occupants: number } {
  let own: Pick<ResolvedChild, 'age' | 'riskFlags'>[] | null = null;
  for (const c of children) if (c.currentHomeId === home.id) (own ??= []).push(c);
  const skip = own ? ownResidentEntries(home.residents, own) : NO_SKIP;
  const occ = occupantSummary(home, skip) as ReturnType<typeof occupantSummary> & { occupants: number };
  occ.occupants = home.residents.length - skip.length + (home.household?.childrenAges.length ?? 0);
  return occ;
}

/**
 * Hard rule: the child must be compatible with the children (and, in a foster household, the carers' own
 * children and pets) already living in the home. A subject's child who lives in the home today is not
 * checked against their own resident entry (see {@link subjectOccupants}).
 *
 * @example
 * residentCompatibilityRule.evaluate(ctx).facts.conflicts; // ['the child is allergic to pets and ...']
 */
export const residentCompatibilityRule: RuleModule = {
  id: 'resident_compatibility',
  level: 'hard',
  passes: residentCompatibilityPasses,
  description: 'The child must be compatible with the children and household already living in the home.',
  overridable: false,
  evaluate(ctx) {
    const occ = subjectOccupants(ctx.home, ctx.subject.children);
    let mask = 0;
    for (const c of ctx.subject.children) {
      mask |= conflictMask(c.age, riskMask(c.riskFlags), occ.youngest, occ.occupantRisk, occ.maxAgeRiskYounger, occ.maxAgeSexualHarm, occ.pets);
    }
    const conflicts = mask === 0 ? [] : CONFLICTS.filter((_, i) => mask & (1 << i));
    const occupants = occ.occupants;
    const passed = mask === 0;
    const sentence = passed
      ? occupants === 0
        ? 'No other children live there.'
        : `Compatible with the ${occupants === 1 ? 'child' : `${occupants} children`} already living there.`
      : `Incompatible: ${conflicts.join('; ')}.`;
    return ruleResult(
      ctx,
      'resident_compatibility',
      false,
      passed,
      { occupants, youngestOccupant: occ.youngest === 255 ? null : occ.youngest, pets: occ.pets, conflicts },
      sentence,
    );
  },
  counterfactual() {
    return null;
  },
};

/**
 * Fast path of {@link residentCompatibilityRule} for callers that only need the verdict (no facts or sentence): `true` exactly
 * when `evaluate(ctx).passed`.
 *
 * @example
 * residentCompatibilityRule.passes(ctx); // false when a child conflicts with a resident
 */
function residentCompatibilityPasses(ctx: ScoringContext): boolean {
  const occ = subjectOccupants(ctx.home, ctx.subject.children);
  let mask = 0;
  for (const c of ctx.subject.children) {
    mask |= conflictMask(c.age, riskMask(c.riskFlags), occ.youngest, occ.occupantRisk, occ.maxAgeRiskYounger, occ.maxAgeSexualHarm, occ.pets);
  }
  return mask === 0;
}
