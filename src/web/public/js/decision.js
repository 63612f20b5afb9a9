// The POST /v1/decisions body for a chosen candidate or split plan, and its problem paths -> the decision
// form's fields. Pure: no DOM.

/**
 * Build the decision body (src/api/schemas.ts DecisionRequestSchema): the recommendation it was made on, the
 * home (or a split plan's assignments), who decided, and where the choice was not the top one or needed an
 * override, the "not reasonably practicable" reason and the approver.
 * @example decisionBody({ response, choice: { kind: 'home', candidate }, values: { decidedBy: 'officer-7' } })
 */
export function decisionBody({ response, choice, values }) {
  const body = { recommendationId: response.requestId };
  if (choice.kind === 'split') body.assignments = choice.plan.assignments.map((a) => ({ childId: a.childId, homeId: a.homeId }));
  else body.homeId = choice.candidate.homeId;
  if (values.decidedBy !== undefined) body.decidedBy = values.decidedBy;
  if (values.reason) body.reason = values.reason;
  if (values.approver) body.approver = { id: values.approver, role: values.approverRole || 'nominated_officer' };
  if (values.notes) body.notes = values.notes;
  return body;
}

/**
 * The decision form field a problem path points at: 'decidedBy', 'reason', 'approver', 'approverRole',
 * 'notes', or null (shown in the form's status line).
 * @example decisionField(['approver', 'role']) // 'approverRole'
 */
export function decisionField(path) {
  const p = Array.isArray(path) ? path : [];
  if (p[0] === 'approver') return p[1] === 'role' ? 'approverRole' : 'approver';
  if (p[0] === 'decidedBy' || p[0] === 'reason' || p[0] === 'notes') return p[0];
  return null;
}

/**
 * The approver role a choice calls for: the Director for a placement "at a distance", else a nominated officer.
 * @example defaultApproverRole([{ approver: 'director_of_childrens_services' }]) // 'director_of_childrens_services'
 */
export function defaultApproverRole(approvals) {
  return (approvals ?? []).some((a) => a.approver === 'director_of_childrens_services') ? 'director_of_childrens_services' : 'nominated_officer';
}
