import { describe, expect, it } from 'vitest';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { supportedUnder16Rule } from './supported-under-16.js';

describe('supported_under_16 rule', () => {
  it('does not apply to a non-supported home (neutral case)', () => {
    const r = supportedUnder16Rule.evaluate(ctxOf(subjectOf(childOf({ age: 10 })), homeOf()));
    expect(r.passed).toBe(true);
    expect(r.sentence).toMatch(/does not apply/);
  });
  it('fails supported accommodation for a 15-year-old', () => {
    const r = supportedUnder16Rule.evaluate(ctxOf(subjectOf(childOf({ age: 15 })), homeOf({ type: 'supported_single', setting: 'supported' })));
    expect(r.passed).toBe(false);
    expect(r.facts).toMatchObject({ youngestAge: 15, minimumAge: 16 });
  });
  it('passes supported accommodation at 16', () => {
    const r = supportedUnder16Rule.evaluate(ctxOf(subjectOf(childOf({ age: 16 })), homeOf({ type: 'supported_shared', setting: 'supported' })));
    expect(r.passed).toBe(true);
  });
  it('judges a group by its youngest child', () => {
    const g = subjectOf([childOf({ id: 'A', age: 17 }), childOf({ id: 'B', age: 14 })]);
    expect(supportedUnder16Rule.evaluate(ctxOf(g, homeOf({ type: 'supported_247', setting: 'supported' }))).passed).toBe(false);
  });
});
