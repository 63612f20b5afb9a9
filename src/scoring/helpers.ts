import type { Geography, LatLon } from '../../geo/types.js';
import type { HardRuleId, RuleOverride, RuleResult, Facts } from '../domain/index.js';
import type { ResolvedChild, ScoringContext } from './types.js';

/**
 * km in one mile.
 *
 * @example
 * 20 * KM_PER_MILE; // 32.18688
 */
export const KM_PER_MILE = 1.609344;

/**
 * Exponential decay score in 0..1: 1 at 0 km, 0.5 at `halfLifeKm`, 0.25 at twice that. The one formula the
 * explained path and the fast path both call, so their totals agree bit for bit.
 *
 * @example
 * decayScore(16, 16); // 0.5
 */
export function decayScore(km: number, halfLifeKm: number): number {
  return Math.exp((-Math.LN2 * km) / halfLifeKm);
}

/**
 * Round to `dp` decimal places (for facts; never used in scoring arithmetic).
 *
 * @example
 * round(12.3456, 1); // 12.3
 */
export function round(x: number, dp = 2): number {
  const f = 10 ** dp;
  return Math.round(x * f) / f;
}

/**
 * "12.3 km (7.6 miles)".
 *
 * @example
 * fmtKm(32.1869); // "32.2 km (20.0 miles)"
 */
export function fmtKm(km: number): string {
  return `${km.toFixed(1)} km (${(km / KM_PER_MILE).toFixed(1)} miles)`;
}

/**
 * "a", "a and b", "a, b and c".
 *
 * @example
 * listText(['hoist', 'wheelchair_access']); // "hoist and wheelchair_access"
 */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * "1 place", "2 places".
 *
 * @example
 * plural(2, 'place'); // "2 places"
 */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

/**
 * Distance from a child's home to the candidate home, via the context's distance provider
 * (argument order fixed: child, then home; the fast path uses the same order).
 *
 * @example
 * childToHomeKm(ctx, ctx.subject.children[0]); // km
 */
export function childToHomeKm(ctx: ScoringContext, child: ResolvedChild): number {
  return ctx.geo.distance.km(child.location, ctx.home.point);
}

/**
 * Distance from a child's school to the candidate home (school, then home), or null without a school.
 *
 * @example
 * schoolToHomeKm(ctx, child); // null without a school
 */
export function schoolToHomeKm(ctx: ScoringContext, child: ResolvedChild): number | null {
  return child.school ? ctx.geo.distance.km(child.school, ctx.home.point) : null;
}

/**
 * Mean distance from the subject's children's homes to the candidate home, km.
 *
 * @example
 * meanChildKm(ctx); // the km a response reports for the home
 */
export function meanChildKm(ctx: ScoringContext): number {
  let sum = 0;
  for (const c of ctx.subject.children) sum += childToHomeKm(ctx, c);
  return sum / ctx.subject.children.length;
}

/** 2 = the same authority, 1 = adjoining, 0 = neither (or unknown). */
export type AuthorityRelation = 0 | 1 | 2;

/**
 * How a home's authority relates to the placing authority.
 *
 * @example
 * authorityRelation(geo, 'E08000026', 'E10000031'); // 1 (Coventry adjoins Warwickshire)
 */
export function authorityRelation(geo: Geography, placing: string, homeAuthority: string | undefined): AuthorityRelation {
  if (homeAuthority === undefined) return 0;
  if (homeAuthority === placing) return 2;
  return geo.adjoins(placing, homeAuthority) ? 1 : 0;
}

/**
 * The recorded override that lets this home through `rule`, if any (an override without `homeIds` covers
 * every home).
 *
 * @example
 * findOverride(ctx, 'ofsted_inadequate')?.reason;
 */
export function findOverride(ctx: ScoringContext, rule: HardRuleId): RuleOverride | undefined {
  for (const o of ctx.overrides) {
    if (o.rule === rule && (o.homeIds === undefined || o.homeIds.includes(ctx.home.id))) return o;
  }
  return undefined;
}

/**
 * Build a rule verdict, applying a recorded override when the rule failed and is overridable.
 *
 * @example
 * ruleResult(ctx, 'needs_gap', true, false, { gap: 2 }, 'Falls short by 2 levels.');
 */
export function ruleResult(
  ctx: ScoringContext,
  id: HardRuleId,
  overridable: boolean,
  passed: boolean,
  facts: Facts,
  sentence: string,
): RuleResult {
  if (passed || !overridable) return { id, level: 'hard', passed, overridden: false, facts, sentence };
  const o = findOverride(ctx, id);
  if (!o) return { id, level: 'hard', passed, overridden: false, facts, sentence };
  return {
    id,
    level: 'hard',
    passed,
    overridden: true,
    facts: { ...facts, overrideReason: o.reason, overrideApprover: o.approver ?? null },
    sentence: `${sentence} Overridden: ${o.reason}`,
  };
}

/**
 * A point as a plain object (for distance providers).
 *
 * @example
 * latLon(52.4, -1.5); // { lat: 52.4, lon: -1.5 }
 */
export function latLon(lat: number, lon: number): LatLon {
  return { lat, lon };
}
