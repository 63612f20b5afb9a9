import { describe, expect, it } from 'vitest';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { freePlacesRule, placesNeeded } from './free-places.js';

describe('free_places rule', () => {
  it('passes one child and one free place', () => {
    expect(freePlacesRule.evaluate(ctxOf(subjectOf(childOf()), homeOf({ freePlaces: 1 }))).passed).toBe(true);
  });
  it('fails a full home (zero free places) and says one more place would do', () => {
    const ctx = ctxOf(subjectOf(childOf()), homeOf({ freePlaces: 0 }));
    const r = freePlacesRule.evaluate(ctx);
    expect(r).toMatchObject({ passed: false, facts: { freePlaces: 0, needed: 1 } });
    expect(freePlacesRule.counterfactual(ctx, r)).toBe('with 1 more free place');
  });
  it('needs a place for every sibling and approval for the group size', () => {
    const g = subjectOf([childOf({ id: 'A' }), childOf({ id: 'B' }), childOf({ id: 'C' })]);
    const short = ctxOf(g, homeOf({ places: 3, freePlaces: 1, maxSiblingGroup: 3 }));
    expect(freePlacesRule.counterfactual(short, freePlacesRule.evaluate(short))).toBe('with 2 more free places');
    const small = ctxOf(g, homeOf({ places: 3, freePlaces: 3, maxSiblingGroup: 2 }));
    const r = freePlacesRule.evaluate(small);
    expect(r.passed).toBe(false);
    expect(freePlacesRule.counterfactual(small, r)).toBe('if approved for a sibling group of 3');
    const both = ctxOf(g, homeOf({ places: 3, freePlaces: 1, maxSiblingGroup: 1 }));
    expect(freePlacesRule.counterfactual(both, freePlacesRule.evaluate(both))).toBeNull();
    expect(freePlacesRule.evaluate(ctxOf(g, homeOf({ places: 3, freePlaces: 3, maxSiblingGroup: 3 }))).passed).toBe(true);
  });
  it('counts a child already living in the home as holding their place (re-matching)', () => {
    const s = subjectOf(childOf({ currentHomeId: 'H-1' }));
    expect(placesNeeded(s, 'H-1')).toBe(0);
    expect(freePlacesRule.evaluate(ctxOf(s, homeOf({ freePlaces: 0 }))).passed).toBe(true);
  });
});
