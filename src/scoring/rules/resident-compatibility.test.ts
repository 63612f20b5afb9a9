import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RISK_EXPLOITER, RISK_PET_ALLERGY, RISK_SEXUAL, RISK_VULNERABLE, RISK_YOUNGER, riskBit } from '../codes.js';
import { childOf, ctxOf, homeOf, subjectOf } from '../testing/fixtures.js';
import { RISK_FLAGS, type RiskFlag } from '../../domain/index.js';
import { occupantSummary } from '../columns.js';
import { riskMask } from '../codes.js';
import { conflictMask, ownOccupantsInto, residentCompatibilityRule, residentsWithout, residentTable, subjectOccupants } from './resident-compatibility.js';

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

  describe('a child re-matched against the home they live in', () => {
    // both flags: the child would conflict with its own entry (vulnerable vs exploiter)
    const flags = ['vulnerable_to_exploitation', 'exploitation_risk_to_others'] as const;
    const self = { age: 15, riskFlags: [...flags] };
    it('is not judged against their own resident entry', () => {
      const kid = childOf({ age: 15, riskFlags: [...flags], currentHomeId: 'H-1' });
      const r = residentCompatibilityRule.evaluate(ctxOf(subjectOf(kid), homeOf({ id: 'H-1', residents: [self] })));
      expect(r).toMatchObject({ passed: true, facts: { occupants: 0, conflicts: [] } });
      // the same child placed elsewhere, where that resident is someone else, still conflicts
      const elsewhere = childOf({ age: 15, riskFlags: [...flags], currentHomeId: 'H-9' });
      expect(residentCompatibilityRule.evaluate(ctxOf(subjectOf(elsewhere), homeOf({ id: 'H-1', residents: [self] }))).passed).toBe(false);
    });
    it('is still judged against the other residents', () => {
      const kid = childOf({ age: 9, riskFlags: [], currentHomeId: 'H-1' });
      const home = homeOf({ id: 'H-1', residents: [{ age: 9, riskFlags: [] }, { age: 15, riskFlags: ['risk_to_younger_children'] }] });
      const r = residentCompatibilityRule.evaluate(ctxOf(subjectOf(kid), home));
      expect(r.passed).toBe(false);
      expect(r.facts.occupants).toBe(1);
    });
    it('discounts one entry per child: a twin with the same age and flags still counts', () => {
      const kid = childOf({ age: 15, riskFlags: [...flags], currentHomeId: 'H-1' });
      const r = residentCompatibilityRule.evaluate(ctxOf(subjectOf(kid), homeOf({ id: 'H-1', residents: [self, self] })));
      expect(r.passed).toBe(false);
    });
  });
});

describe('residentsWithout', () => {
  it('removes the exact (age, flags) entry first, else one a year younger, else nothing', () => {
    const rs = [
      { age: 14, riskFlags: ['pet_allergy' as const] },
      { age: 15, riskFlags: ['pet_allergy' as const] },
      { age: 15, riskFlags: [] },
    ];
    expect(residentsWithout(rs, [{ age: 15, riskFlags: ['pet_allergy'] }])).toEqual([rs[0], rs[2]]);
    expect(residentsWithout(rs, [{ age: 16, riskFlags: [] }])).toEqual([rs[0], rs[1]]); // recorded at 15
    expect(residentsWithout(rs, [{ age: 12, riskFlags: [] }])).toEqual(rs);
    expect(residentsWithout(rs, [{ age: 15, riskFlags: [] }, { age: 15, riskFlags: [] }])).toEqual([rs[0], rs[1]]);
  });
  it('subjectOccupants ignores children who do not live in the home', () => {
    const home = homeOf({ id: 'H-1', residents: [{ age: 6, riskFlags: [] }] });
    expect(subjectOccupants(home, [{ age: 6, riskFlags: [], currentHomeId: 'H-2' }]).youngest).toBe(6);
    expect(subjectOccupants(home, [{ age: 6, riskFlags: [], currentHomeId: 'H-1' }]).youngest).toBe(255);
  });
});

describe('conflictMask', () => {
  it('is the mask of the plain rule tests (property)', () => {
    const reference = (age: number, risk: number, youngest: number, occ: number, maxY: number, maxS: number, pets: boolean): number => {
      let m = 0;
      if (risk & RISK_YOUNGER && youngest < age) m |= 1;
      if (risk & RISK_SEXUAL && youngest < age) m |= 2;
      if (maxY > age) m |= 4;
      if (maxS > age) m |= 8;
      if (risk & RISK_VULNERABLE && occ & RISK_EXPLOITER) m |= 16;
      if (risk & RISK_EXPLOITER && occ & RISK_VULNERABLE) m |= 32;
      if (risk & RISK_PET_ALLERGY && pets) m |= 64;
      return m;
    };
    const age = fc.integer({ min: -1, max: 26 });
    const risk = fc.integer({ min: 0, max: 255 });
    let conflicts = 0;
    fc.assert(
      fc.property(age, risk, fc.integer({ min: 0, max: 255 }), risk, age, age, fc.boolean(), (a, r, y, o, my, ms, p) => {
        const m = conflictMask(a, r, y, o, my, ms, p);
        if (m !== 0) conflicts++;
        expect(m).toBe(reference(a, r, y, o, my, ms, p));
      }),
      { numRuns: 3000 },
    );
    expect(conflicts).toBeGreaterThan(300);
  });
});

describe('subjectOccupants and the resident table', () => {
  /** The rule as first written: each own child discounts the first untaken entry of its flags at its age, else a year younger. */
  function reference(home: { id: string; residents: { age: number; riskFlags: RiskFlag[] }[]; household?: { childrenAges: number[]; pets: string[] } }, children: { age: number; riskFlags: RiskFlag[]; currentHomeId: string | undefined }[]) {
    const taken: number[] = [];
    for (const c of children) {
      if (c.currentHomeId !== home.id) continue;
      let best = -1;
      for (let j = 0; j < home.residents.length; j++) {
        const r = home.residents[j]!;
        if (r.age !== c.age && r.age !== c.age - 1) continue;
        if (taken.includes(j) || riskMask(r.riskFlags) !== riskMask(c.riskFlags)) continue;
        if (r.age === c.age) {
          best = j;
          break;
        }
        if (best < 0) best = j;
      }
      if (best >= 0) taken.push(best);
    }
    return { ...occupantSummary(home, taken), occupants: home.residents.length - taken.length + (home.household?.childrenAges.length ?? 0) };
  }
  const flags = fc.subarray(['risk_to_younger_children', 'sexually_harmful_behaviour', 'pet_allergy'] as RiskFlag[]);
  const person = fc.record({ age: fc.integer({ min: 8, max: 12 }), riskFlags: flags });
  const homeArb = fc.record({
    residents: fc.array(person, { maxLength: 6 }),
    household: fc.option(fc.record({ childrenAges: fc.array(fc.integer({ min: 0, max: 17 }), { maxLength: 3 }), pets: fc.subarray(['dog']) }), { nil: undefined }),
  });

  it('equal the rule as first written, for any residents and children living there or not (property)', () => {
    fc.assert(
      fc.property(fc.array(homeArb, { minLength: 1, maxLength: 5 }), fc.array(fc.tuple(person, fc.integer({ min: -1, max: 4 })), { minLength: 1, maxLength: 3 }), (raw, kids) => {
        const homes = raw.map((h, k) => ({ id: `H-${k}`, residents: h.residents, ...(h.household ? { household: h.household } : {}) }));
        const children = kids.map(([p, at]) => ({ ...p, currentHomeId: at >= 0 && at < homes.length ? `H-${at}` : undefined }));
        // the table in reverse slots: slot = n - 1 - k
        const slots = homes.map((_, k) => homes.length - 1 - k);
        const table = residentTable(homes, slots);
        for (let k = 0; k < homes.length; k++) {
          const home = homes[k]!;
          const want = reference(home, children);
          expect(subjectOccupants(home, children)).toEqual(want);
          const own = children.filter((c) => c.currentHomeId === home.id);
          const out = new Int32Array(8).fill(-9);
          ownOccupantsInto(table, slots[k]!, own, own.length, out, 4);
          expect(Array.from(out)).toEqual([-9, -9, -9, -9, want.youngest, want.occupantRisk, want.maxAgeRiskYounger, want.maxAgeSexualHarm]);
        }
      }),
      { numRuns: 300 },
    );
    expect(RISK_FLAGS.length).toBeLessThanOrEqual(31); // masks fit an Int32Array
  });
});
