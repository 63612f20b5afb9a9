import { describe, expect, it } from 'vitest';
import { approvalsFor } from './approvals.js';
import { explain } from './explain.js';
import { childOf, ctxOf, homeOf, subjectOf } from './testing/fixtures.js';

const approvals = (ctx: ReturnType<typeof ctxOf>) => approvalsFor(ctx, explain(ctx).rules).map((a) => `${a.regulation}:${a.approver}`);

describe('approvalsFor', () => {
  it('needs none inside the own area with no school change (zero case)', () => {
    expect(approvals(ctxOf(subjectOf(childOf()), homeOf({ district: 'CV2' })))).toEqual([]);
  });
  it('out of area in an adjoining authority: nominated officer and host notified', () => {
    expect(approvals(ctxOf(subjectOf(childOf()), homeOf({ district: 'CV34' })))).toEqual(['reg11_out_of_area:nominated_officer', 'reg13_notify_host:host_authority_notified']);
  });
  it('at a distance (not adjoining): the Director too', () => {
    expect(approvals(ctxOf(subjectOf(childOf()), homeOf({ district: 'ST1' })))).toContain('reg11_at_distance:director_of_childrens_services');
  });
  it('reg 10 for a key stage 4 child whose school would change', () => {
    const ks4 = childOf({ keyStage: 4, age: 15, schoolDistrict: 'CV1' });
    expect(approvals(ctxOf(subjectOf(ks4), homeOf({ district: 'CV2' })))).toEqual([]);
    const far = approvalsFor(ctxOf(subjectOf(ks4), homeOf({ district: 'B1' })), []);
    expect(far[0]).toMatchObject({ regulation: 'reg10', approver: 'nominated_officer' });
    const ks3 = childOf({ keyStage: 3, age: 13, schoolDistrict: 'CV1' });
    expect(approvalsFor(ctxOf(subjectOf(ks3), homeOf({ district: 'CV2', authority: 'E08000026' })), [])).toEqual([]);
  });
  it('flags an override in force', () => {
    const ctx = ctxOf(subjectOf(childOf()), homeOf({ ofsted: 'inadequate' }), { overrides: [{ rule: 'ofsted_inadequate', reason: 'Sibling already placed there safely' }] });
    expect(approvals(ctx)).toEqual(['ofsted_override:director_of_childrens_services']);
  });
});
