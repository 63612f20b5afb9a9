import type { Approval, RuleResult } from '../domain/index.js';
import { authorityRelation, fmtKm, schoolToHomeKm } from './helpers.js';
import type { ScoringContext } from './types.js';

/**
 * The approvals choosing this home would need (Care Planning, Placement and Case Review (England)
 * Regulations 2010), plus any recorded rule override:
 * - reg 10: a child in key stage 4 whose school would change (home-to-school distance beyond
 *   `schoolChangeKm`): nominated officer;
 * - reg 11: out of area: nominated officer; "at a distance" (out of area and not adjoining): Director of
 *   Children's Services;
 * - reg 13: out of area: notify the host authority;
 * - an Ofsted or needs-gap override in force for this home.
 *
 * @param rules the home's rule verdicts, to find overrides in force (evaluated when omitted)
 * @example
 * approvalsFor(ctx).map((a) => a.regulation); // ['reg11_out_of_area', 'reg13_notify_host']
 */
export function approvalsFor(ctx: ScoringContext, rules: readonly RuleResult[]): Approval[] {
  const out: Approval[] = [];
  const t = ctx.policy.thresholds;
  for (const c of ctx.subject.children) {
    if (c.keyStage !== 4) continue;
    const km = schoolToHomeKm(ctx, c);
    if (km !== null && km > t.schoolChangeKm) {
      out.push({
        regulation: 'reg10',
        approver: 'nominated_officer',
        sentence: `Reg 10: a key stage 4 child would likely change school (${fmtKm(km)} from school): a nominated officer must approve.`,
      });
      break;
    }
  }
  const placing = ctx.subject.placingAuthority;
  const rel = authorityRelation(ctx.geo, placing, ctx.home.authority);
  if (rel !== 2) {
    const host = ctx.home.authority === undefined ? 'the host authority' : (ctx.geo.authority(ctx.home.authority)?.name ?? ctx.home.authority);
    out.push({
      regulation: 'reg11_out_of_area',
      approver: 'nominated_officer',
      sentence: `Reg 11: outside the placing authority's area (in ${host}): a nominated officer must approve.`,
    });
    if (rel === 0) {
      out.push({
        regulation: 'reg11_at_distance',
        approver: 'director_of_childrens_services',
        sentence: `Reg 11: "at a distance" (${host} does not adjoin the placing authority): the Director of Children's Services must approve.`,
      });
    }
    out.push({ regulation: 'reg13_notify_host', approver: 'host_authority_notified', sentence: `Reg 13: ${host} must be notified of the placement.` });
  }
  for (const r of rules) {
    if (!r.overridden) continue;
    if (r.id === 'ofsted_inadequate') {
      out.push({
        regulation: 'ofsted_override',
        approver: 'director_of_childrens_services',
        sentence: `An Ofsted Inadequate home is used on a recorded override (${String(r.facts.overrideReason)}): the Director of Children's Services must approve.`,
      });
    } else if (r.id === 'needs_gap') {
      out.push({
        regulation: 'needs_gap_override',
        approver: 'nominated_officer',
        sentence: `A needs gap is accepted on a recorded override (${String(r.facts.overrideReason)}): a nominated officer must approve.`,
      });
    }
  }
  return out;
}
