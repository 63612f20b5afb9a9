import { NotFoundError, parseOrThrow, ValidationError, type Approval, type Problem } from '../../domain/index.js';
import type { Actor, DecisionRecord, NewDecision, Placement, Store } from '../../store/index.js';
import { canSeeAuthority, requireAction } from '../auth/permissions.js';
import { DecisionRequestSchema } from '../schemas.js';

/**
 * Record placement decisions against the recommendation they were made on.
 *
 * Checks, all collected before anything is written: the recommendation exists and belongs to the key's
 * authority (else 404); the chosen home was an eligible candidate of that recommendation (an ineligible or
 * unknown home is a 400 naming it); a split names exactly the group's children and one of the proposed
 * split plans; and when the choice is not the top-ranked home, splits a sibling group, or relied on an
 * overridden rule, a "not reasonably practicable" `reason` and an `approver` are present. The store then
 * takes the free places in the same transaction (409 if one has gone since).
 *
 * @example
 * const decision = await decisions.decide({ recommendationId, homeId: 'H-0001', decidedBy: 'officer-17' }, principal);
 */
export class DecisionService {
  constructor(private readonly store: Store) {}

  async decide(body: unknown, actor: Actor): Promise<DecisionRecord> {
    requireAction(actor, 'decisions:write');
    const req = parseOrThrow(DecisionRequestSchema, body, 'decisionRequest');
    const rec = await this.store.getRecommendation(req.recommendationId);
    if (!rec || !canSeeAuthority(actor, rec.authority)) throw new NotFoundError(`decisionRequest: no recommendation "${req.recommendationId}"`);
    const response = rec.response;
    const problems: Problem[] = [];
    const fn = 'decisionRequest';
    let placements: Placement[] = [];
    let chosenRank: number | null = null;
    let approvalsRequired: Approval[] = [];
    let overriddenRules: string[] = [];
    let reasonWhy: string | null = null;
    const top = response.ranked[0]?.homeId ?? null;

    if (req.homeId !== undefined) {
      const homeId = req.homeId;
      const candidate = response.ranked.find((c) => c.homeId === homeId);
      const more = response.moreEligible.homeIds.indexOf(homeId);
      if (candidate) {
        chosenRank = candidate.rank;
        approvalsRequired = candidate.approvals;
        overriddenRules = candidate.explanation.rules.filter((r) => r.overridden).map((r) => r.id);
      } else if (more >= 0) {
        chosenRank = response.ranked.length + more + 1;
      } else {
        const broken = response.ineligible.find((c) => c.homeId === homeId)?.brokenRules.map((r) => r.id) ?? response.ineligibleSummary.find((g) => g.homeIds.includes(homeId))?.rules;
        problems.push(
          broken
            ? { path: ['homeId'], code: 'ineligible_home', message: `${fn}: home "${homeId}" was ineligible in recommendation "${rec.requestId}" (breaks ${broken.join(', ')}); run a new match recording an override if one applies` }
            : { path: ['homeId'], code: 'dangling_reference', message: `${fn}: home "${homeId}" is not a candidate of recommendation "${rec.requestId}"` },
        );
      }
      placements = rec.childIds.map((childId) => ({ childId, homeId }));
      if (chosenRank !== null && chosenRank !== 1) reasonWhy = `home "${homeId}" is ranked ${chosenRank}, not the top-ranked "${top}"`;
      else if (overriddenRules.length) reasonWhy = `home "${homeId}" is eligible only through an override of ${overriddenRules.join(', ')}`;
    } else if (req.assignments) {
      const given = req.assignments;
      const expected = new Set(rec.childIds);
      const seen = new Set<string>();
      given.forEach((a, i) => {
        if (!expected.has(a.childId)) problems.push({ path: ['assignments', i, 'childId'], code: 'dangling_reference', message: `${fn}: child "${a.childId}" is not in recommendation "${rec.requestId}"` });
        if (seen.has(a.childId)) problems.push({ path: ['assignments', i, 'childId'], code: 'duplicate_id', message: `${fn}: child "${a.childId}" is assigned twice` });
        seen.add(a.childId);
      });
      for (const c of expected) if (!seen.has(c)) problems.push({ path: ['assignments'], code: 'missing_child', message: `${fn}: child "${c}" of the sibling group has no assignment` });
      const key = (xs: readonly { childId: string; homeId: string }[]): string => xs.map((x) => `${x.childId}>${x.homeId}`).sort().join('|');
      const plan = response.splitPlans.find((p) => key(p.assignments) === key(given));
      if (!plan && problems.length === 0) {
        problems.push({ path: ['assignments'], code: 'not_a_plan', message: `${fn}: the assignments are not one of the ${response.splitPlans.length} split plan(s) of recommendation "${rec.requestId}"` });
      }
      placements = given.map((a) => ({ childId: a.childId, homeId: a.homeId }));
      reasonWhy = 'the plan splits a sibling group (s22C(8)(c): together unless not reasonably practicable)';
    }
    if (reasonWhy) {
      if (!req.reason) problems.push({ path: ['reason'], code: 'reason_required', message: `${fn}: ${reasonWhy}, so a "not reasonably practicable" reason is required` });
      if (!req.approver) problems.push({ path: ['approver'], code: 'approver_required', message: `${fn}: ${reasonWhy}, so the approver must be recorded` });
    }
    if (problems.length) throw new ValidationError(`${fn}: ${problems.length} problem(s) in the decision`, problems);

    const decision: NewDecision = {
      recommendationId: rec.requestId,
      authority: rec.authority,
      childIds: rec.childIds,
      placements,
      chosenRank,
      topHomeId: top,
      decidedBy: req.decidedBy,
      reason: req.reason ?? null,
      approver: req.approver ?? null,
      approvalsRequired,
      overriddenRules,
      notes: req.notes ?? null,
    };
    return this.store.recordDecision(decision, actor);
  }

  /** A decision visible to the actor (404 for another authority's). */
  async get(id: string, actor: Actor): Promise<DecisionRecord> {
    requireAction(actor, 'decisions:read');
    const d = await this.store.getDecision(id);
    if (!d || !canSeeAuthority(actor, d.authority)) throw new NotFoundError(`getDecision: no decision "${id}"`);
    return d;
  }
}
