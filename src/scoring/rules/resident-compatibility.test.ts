import { describe, expect, it } from 'vitest';
import { riskBit } from '../codes.js';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { conflictMask, residentCompatibilityRule } from './resident-compatibility.js';

describe('resident_compatibility rule', () => {
  it('passes an empty home (neutral case)', () => {
    const r = residentCompatibilityRule.evaluate(ctxOf(subjectOf(childOf({ riskFlags: ['risk_to_younger_children'] })), homeOf()));
    expect(r).toMatchObject({ passed: true, facts: { occupants: 0, youngestOccupant: null } });
  });
  it('fails a child who is a risk to younger children where a younger child lives', () => {
    const s = subjectOf(childOf({ age: 14, riskFlags: ['risk_to_younger_children'] }));
    expect(residentCompatibilityRule.evaluate(ctxOf(s, homeOf({ residents: [{ age: 8, riskFlags: [] }] }))).passed).toBe(false);
    expect(residentCompatibilityRule.evaluate(ctxOf(s, homeOf({ residents: [{ age: 16, riskFlags: [] }] }))).passed).toBe(true);
    expect(residentCompatibilityRule.evaluate(ctxOf(s, homeOf({ household: { childrenAges: [6], pets: [] } }))).passed).toBe(false);
  });
  it('fails a younger child where an older resident poses a risk to younger children', () => {
    const r = residentCompatibilityRule.evaluate(ctxOf(subjectOf(childOf({ age: 9 })), homeOf({ residents: [{ age: 15, riskFlags: ['risk_to_younger_children'] }] })));
    expect(r.passed).toBe(false);
  });
  it('keeps exploitation risks apart, both ways', () => {
    const vulnerable = subjectOf(childOf({ age: 15, riskFlags: ['vulnerable_to_exploitation'] }));
    expect(residentCompatibilityRule.evaluate(ctxOf(vulnerable, homeOf({ residents: [{ age: 16, riskFlags: ['exploitation_risk_to_others'] }] }))).passed).toBe(false);
    const exploiter = subjectOf(childOf({ age: 16, riskFlags: ['exploitation_risk_to_others'] }));
    expect(residentCompatibilityRule.evaluate(ctxOf(exploiter, homeOf({ residents: [{ age: 16, riskFlags: ['vulnerable_to_exploitation'] }] }))).passed).toBe(false);
  });
  it('fails a pet allergy in a household with pets', () => {
    const r = residentCompatibilityRule.evaluate(ctxOf(subjectOf(childOf({ riskFlags: ['pet_allergy'] })), homeOf({ household: { childrenAges: [], pets: ['cat'] } })));
    expect(r.passed).toBe(false);
    expect(r.sentence).toMatch(/pets/);
  });
  it('conflictMask is 0 for a child with no flags and residents with none', () => {
    expect(conflictMask(10, 0, 5, 0, -1, -1, true)).toBe(0);
    expect(conflictMask(10, riskBit('sexually_harmful_behaviour'), 5, 0, -1, -1, false)).toBe(2);
  });
});
