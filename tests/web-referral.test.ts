import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MatchRequestSchema } from '../src/domain/match.js';
import { loadPublicModule } from './web-helpers.js';

/** The browser module under test (plain JS in src/web/public/js), typed for this test. */
interface Referral {
  buildRequest(form: Record<string, unknown>, extra: string):
    | { ok: true; request: Record<string, unknown>; kind: 'child' | 'siblingGroup'; extraKeys: string[] }
    | { ok: false; problems: { field: string; message: string }[] };
  fieldForPath(path: (string | number)[], ctx?: { kind?: string; extraKeys?: string[] }): string | null;
  referralToForm(json: unknown): { form: Record<string, unknown>; extraText: string };
  locationFromText(t: string): unknown;
  formatPath(p: (string | number)[]): string;
  needsOverrideReason(c: unknown): boolean;
  needsApprover(c: unknown): boolean;
}
const R = await loadPublicModule<Referral>('js/referral.js');

const FORM = {
  id: 'C-0042',
  dateOfBirth: '2012-03-04',
  sex: 'male',
  legalStatus: 'care_order',
  placingAuthority: 'E08000026',
  home: 'cv2',
  school: 'CV3 1AA',
  urgency: 'planned',
  carePlanSetting: 'fostering',
  needs: { emotional_wellbeing: 3, behaviour: 0, learning: 2 },
};

describe('buildRequest', () => {
  it('builds a request the service schema accepts, with districts and postcodes told apart', () => {
    const out = R.buildRequest(FORM, '');
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const child = out.request.child as Record<string, unknown>;
    expect(child.homeLocation).toEqual({ district: 'CV2' });
    expect(child.school).toEqual({ location: { postcode: 'CV3 1AA' } });
    expect(child.needs).toEqual({ emotional_wellbeing: 3, learning: 2 });
    expect(MatchRequestSchema.safeParse(out.request).success).toBe(true);
  });

  it('merges the JSON box into the child, and request options into the request', () => {
    const out = R.buildRequest(FORM, '{"riskFlags":["self_harm"],"needs":{"behaviour":4},"top":5,"overrides":[]}');
    if (!out.ok) throw new Error('expected ok');
    expect(out.request.top).toBe(5);
    expect(out.request.overrides).toEqual([]);
    const child = out.request.child as Record<string, unknown>;
    expect(child.riskFlags).toEqual(['self_harm']);
    expect(child.needs).toEqual({ emotional_wellbeing: 3, learning: 2, behaviour: 4 });
    expect(out.extraKeys).toEqual(['riskFlags', 'needs']);
    expect(MatchRequestSchema.safeParse(out.request).success).toBe(true);
  });

  it('turns "siblings" into a sibling group whose siblings inherit the family fields', () => {
    const out = R.buildRequest(FORM, '{"siblingGroupId":"SG-7","siblings":[{"id":"C-0043","dateOfBirth":"2015-01-01","sex":"female"}]}');
    if (!out.ok) throw new Error('expected ok');
    expect(out.kind).toBe('siblingGroup');
    const group = out.request.siblingGroup as { id: string; children: Record<string, unknown>[] };
    expect(group.id).toBe('SG-7');
    expect(group.children).toHaveLength(2);
    expect(group.children[1]).toMatchObject({ placingAuthority: 'E08000026', homeLocation: { district: 'CV2' }, siblingGroupId: 'SG-7', sex: 'female' });
    expect(group.children[1]).not.toHaveProperty('school');
    expect(MatchRequestSchema.safeParse(out.request).success).toBe(true);
  });

  it('leaves blank fields out so the service reports them, and reports bad JSON at the JSON box', () => {
    const out = R.buildRequest({ ...FORM, sex: '', dateOfBirth: '' }, '');
    if (!out.ok) throw new Error('expected ok');
    expect(out.request.child).not.toHaveProperty('sex');
    expect(out.request.child).not.toHaveProperty('dateOfBirth');
    const bad = R.buildRequest(FORM, '{"riskFlags": [');
    expect(bad).toMatchObject({ ok: false, problems: [{ field: 'extra' }] });
    expect(R.buildRequest(FORM, '[1,2]')).toMatchObject({ ok: false, problems: [{ field: 'extra' }] });
    expect(R.buildRequest(FORM, '{"siblings": {}}')).toMatchObject({ ok: false, problems: [{ field: 'extra' }] });
  });

  it('every problem the service finds in a form-built request maps to a form field (property)', () => {
    const text = fc.oneof(fc.constant(''), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(
        fc.record({ id: text, dateOfBirth: text, sex: text, legalStatus: text, placingAuthority: text, home: text, school: text, urgency: text, carePlanSetting: text }),
        fc.dictionary(fc.constantFrom('emotional_wellbeing', 'behaviour', 'learning'), fc.integer({ min: -2, max: 7 })),
        (form, needs) => {
          const out = R.buildRequest({ ...form, needs }, '');
          if (!out.ok) return;
          const parsed = MatchRequestSchema.safeParse(out.request);
          if (parsed.success) return;
          for (const issue of parsed.error.issues) {
            const field = R.fieldForPath(issue.path as (string | number)[], out);
            expect(field, JSON.stringify(issue.path)).not.toBeNull();
            expect(field).not.toBe('extra');
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('fieldForPath', () => {
  it('maps child and first-sibling paths to form fields, the rest to the JSON box', () => {
    expect(R.fieldForPath(['child', 'homeLocation', 'postcode'])).toBe('homeLocation');
    expect(R.fieldForPath(['child', 'school', 'location', 'district'])).toBe('school');
    expect(R.fieldForPath(['child', 'needs', 'behaviour'])).toBe('needs.behaviour');
    expect(R.fieldForPath(['child', 'needs', 'made_up'])).toBe('needs');
    expect(R.fieldForPath(['siblingGroup', 'children', 0, 'sex'])).toBe('sex');
    expect(R.fieldForPath(['siblingGroup', 'children', 1, 'sex'])).toBe('extra');
    expect(R.fieldForPath(['child', 'riskFlags', 0])).toBe('extra');
    expect(R.fieldForPath(['overrides', 0, 'reason'])).toBe('extra');
    expect(R.fieldForPath(['child', 'sex'], { extraKeys: ['sex'] })).toBe('extra');
    expect(R.fieldForPath([])).toBeNull();
  });

  it('formats paths like the CLI does', () => {
    expect(R.formatPath(['siblingGroup', 'children', 1, 'sex'])).toBe('siblingGroup.children[1].sex');
    expect(R.formatPath([])).toBe('(request)');
  });
});

describe('referralToForm', () => {
  it('round-trips: a pasted referral rebuilds the same request', () => {
    const built = R.buildRequest(FORM, '{"riskFlags":["missing_episodes"],"wishes":{"preferredAreas":["CV2"]},"top":7}');
    if (!built.ok) throw new Error('expected ok');
    const { form, extraText } = R.referralToForm(built.request);
    const again = R.buildRequest(form, extraText);
    if (!again.ok) throw new Error('expected ok');
    expect(again.request).toEqual(built.request);
  });

  it('round-trips a sibling group, keeping coordinates in the JSON box', () => {
    const req = {
      siblingGroup: {
        id: 'SG-1',
        children: [
          { id: 'C-1', dateOfBirth: '2012-01-01', sex: 'female', legalStatus: 's20', placingAuthority: 'E08000025', homeLocation: { lat: 52.48, lon: -1.9 }, needs: {}, urgency: 'planned', carePlanSetting: 'any', siblingGroupId: 'SG-1' },
          { id: 'C-2', dateOfBirth: '2014-01-01', sex: 'male', legalStatus: 's20', placingAuthority: 'E08000025', homeLocation: { lat: 52.48, lon: -1.9 }, urgency: 'planned', carePlanSetting: 'any', siblingGroupId: 'SG-1' },
        ],
      },
    };
    const { form, extraText } = R.referralToForm(req);
    expect(form.home).toBe('');
    expect(JSON.parse(extraText)).toMatchObject({ homeLocation: { lat: 52.48, lon: -1.9 }, siblingGroupId: 'SG-1' });
    const again = R.buildRequest(form, extraText);
    if (!again.ok) throw new Error('expected ok');
    expect(again.request).toEqual(req);
  });

  it('leaves schema defaults out of the JSON box; the request means the same', () => {
    const child = {
      id: 'C-9', dateOfBirth: '2011-02-03', sex: 'female', legalStatus: 'care_order', placingAuthority: 'E08000026', homeLocation: { district: 'CV2' },
      uasc: false, disabilityRequirements: [], riskFlags: ['missing_episodes'], connectedPersons: [], languages: [], wishes: { preferredAreas: [] },
      avoidAreas: { districts: [], polygons: [] }, needs: { behaviour: 2 }, urgency: 'planned', carePlanSetting: 'any',
    };
    const { form, extraText } = R.referralToForm({ child });
    expect(JSON.parse(extraText)).toEqual({ riskFlags: ['missing_episodes'] });
    const again = R.buildRequest(form, extraText);
    if (!again.ok) throw new Error('expected ok');
    expect(MatchRequestSchema.parse(again.request)).toEqual(MatchRequestSchema.parse({ child }));
  });

  it('rejects what is not a referral, naming the function', () => {
    expect(() => R.referralToForm([1])).toThrow(/referralToForm/);
    expect(() => R.referralToForm({ siblingGroup: { id: 'SG', children: [] } })).toThrow(/referralToForm/);
  });
});

describe('decision rules', () => {
  const cand = (rank: number, approvers: string[], overridden = false) => ({
    rank,
    approvals: approvers.map((approver) => ({ approver })),
    explanation: { rules: [{ id: 'needs_gap', overridden }] },
  });
  it('asks for a reason when the choice is not the top home or needed an override', () => {
    expect(R.needsOverrideReason(cand(1, []))).toBe(false);
    expect(R.needsOverrideReason(cand(2, []))).toBe(true);
    expect(R.needsOverrideReason(cand(1, [], true))).toBe(true);
  });
  it('asks for an approver for reg 10/11 approvals and overrides, not for a host notification', () => {
    expect(R.needsApprover(cand(1, ['host_authority_notified']))).toBe(false);
    expect(R.needsApprover(cand(1, ['nominated_officer', 'host_authority_notified']))).toBe(true);
    expect(R.needsApprover(cand(1, [], true))).toBe(true);
  });
});
