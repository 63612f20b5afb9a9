import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { needBand } from './facts.js';
import { fixtureChild, fixtureOutcome } from './fixtures.js';
import { CostLedger } from './ledger.js';
import { FAIRNESS_METRICS, placementMetrics, siblingGroupsTogether, type Outcome } from './metrics.js';

const asOf = '2026-04-01';
function outcome(i: number, o: Partial<Outcome>, child = fixtureChild(i)): Outcome {
  return fixtureOutcome(i, { distanceKm: 5, ...o }, child, asOf);
}

describe('placementMetrics', () => {
  it('counts placed and unmet, shares within 20 miles, inside, at a distance', () => {
    const os = [
      outcome(1, {}),
      outcome(2, { distanceKm: 40, insideAuthority: false, adjoining: true }),
      outcome(3, { distanceKm: 80, insideAuthority: false, adjoining: false }),
      outcome(4, { homeId: null, setting: null, distanceKm: Number.NaN }),
    ];
    const m = placementMetrics(os, 'x', { fairnessMinGroup: 1 });
    expect(m['x.children']).toBe(4);
    expect(m['x.placed']).toBe(3);
    expect(m['x.unmet']).toBe(1);
    expect(m['x.unmet.byCarePlan.fostering']).toBe(1);
    expect(m['x.share.within20Miles']).toBeCloseTo(1 / 3, 12);
    expect(m['x.share.insideAuthority']).toBeCloseTo(1 / 3, 12);
    expect(m['x.share.atDistance']).toBeCloseTo(1 / 3, 12);
    expect(m['x.distanceKm.mean']).toBeCloseTo(125 / 3, 12);
  });
  it('keeps siblings together only when every member is placed in one home', () => {
    const g = (i: number, id: string, home: string | null) => outcome(i, { homeId: home }, fixtureChild(i, { siblingGroupId: id }));
    const os = [g(1, 'A', 'H1'), g(2, 'A', 'H1'), g(3, 'B', 'H2'), g(4, 'B', 'H3'), g(5, 'C', 'H4'), g(6, 'C', null)];
    expect([...siblingGroupsTogether(os).entries()]).toEqual([
      ['A', true],
      ['B', false],
      ['C', false],
    ]);
    expect(placementMetrics(os, '', { fairnessMinGroup: 1 })['share.siblingGroupsTogether']).toBeCloseTo(1 / 3, 12);
  });
  it('breaks shares down by fairness group and measures the gap', () => {
    const os = [1, 2, 3, 4, 5, 6].map((i) => outcome(i, { distanceKm: i % 3 === 0 ? 50 : 5 }));
    const m = placementMetrics(os, 'p', { fairnessMinGroup: 2 });
    // Children 3 and 6 are "Mixed" (fixture), placed 50 km away; the others "White", 5 km.
    expect(m['p.fairness.ethnicity.Mixed.within20Miles']).toBe(0);
    expect(m['p.fairness.ethnicity.White.within20Miles']).toBe(1);
    expect(m['p.fairnessGap.ethnicity.within20Miles']).toBe(1);
    expect(m['p.fairnessGap.uasc.within20Miles']).toBeNaN();
  });
});

describe('placementMetrics fairness gaps', () => {
  it('is the largest minus the smallest finite share among groups of at least fairnessMinGroup', () => {
    const labels = ['A', 'B', 'C', 'D'];
    const child = fc.record({ group: fc.integer({ min: 0, max: 3 }), placed: fc.boolean(), km: fc.integer({ min: 0, max: 120 }) });
    fc.assert(
      fc.property(fc.array(child, { maxLength: 30 }), fc.integer({ min: 1, max: 4 }), (cs, minGroup) => {
        const os = cs.map((c, i) =>
          c.placed
            ? outcome(i, { distanceKm: c.km }, fixtureChild(i, { ethnicity: labels[c.group] as string }))
            : outcome(i, { homeId: null, setting: null, distanceKm: Number.NaN }, fixtureChild(i, { ethnicity: labels[c.group] as string })),
        );
        const m = placementMetrics(os, 'p', { fairnessMinGroup: minGroup });
        for (const k of FAIRNESS_METRICS) {
          const vals: number[] = [];
          for (const l of labels) {
            const n = m[`p.fairness.ethnicity.${l}.children`];
            const v = m[`p.fairness.ethnicity.${l}.${k}`];
            if (n !== undefined && n >= minGroup && v !== undefined && Number.isFinite(v)) vals.push(v);
          }
          const gap = m[`p.fairnessGap.ethnicity.${k}`];
          if (vals.length >= 2) expect(gap).toBe(Math.max(...vals) - Math.min(...vals));
          else expect(gap).toBeNaN();
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('needBand', () => {
  it('follows the highest level', () => {
    expect(([{}, { a: 1 }, { a: 2, b: 1 }, { a: 3 }, { a: 4 }] as Record<string, number>[]).map((n) => needBand(n))).toEqual(['universal', 'universal', 'targeted', 'specialist', 'intensive']);
  });
});

describe('CostLedger', () => {
  it('charges placements pro rata and block homes for every place', () => {
    const l = new CostLedger();
    l.addPlacement('ifa_foster', 'framework', 36_500, 100);
    l.addPlacement('external_childrens_home', 'block', 175_000, 365);
    l.addBlockHome('external_childrens_home', 175_000, 4, 365);
    const m = l.metrics('c');
    expect(m.c).toBeCloseTo(10_000 + 700_000, 6);
    expect(m['c.byContract.block']).toBeCloseTo(700_000, 6);
    expect(m['c.byType.ifa_foster']).toBeCloseTo(10_000, 6);
    expect(m['c.top10Share']).toBeCloseTo((175_000 + 10_000) / 710_000, 9);
  });
});

describe('CostLedger top ten', () => {
  it('takes the ten largest placements whatever their order', () => {
    const l = new CostLedger();
    const prices = [5, 90, 1, 70, 3, 60, 8, 50, 2, 40, 9, 30, 4, 20, 7, 10, 6, 100];
    for (const p of prices) l.addPlacement('ifa_foster', 'spot', p * 365, 365);
    const top = [...prices].sort((a, b) => b - a).slice(0, 10).reduce((a, b) => a + b, 0);
    expect(l.metrics('c')['c.top10Share']).toBeCloseTo(top / prices.reduce((a, b) => a + b, 0), 12);
  });
});
