import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultGeography } from '../../geo/geography.js';
import { generateDemo, type DemoData } from '../demo/generate.js';
import { DEFAULT_POLICY, type Child } from '../domain/index.js';
import { createRng } from './random.js';
import { createMatchEngine, referenceBest, type MatchPlacementEngine } from './match-engine.js';

const asOf = '2026-04-01';
let demo: DemoData;
let engine: MatchPlacementEngine;
const geo = defaultGeography();

beforeAll(() => {
  demo = generateDemo({ seed: 3, authorities: ['E08000026'], children: 150, asOf });
  engine = createMatchEngine(demo.homes, { policy: DEFAULT_POLICY, geo });
});

function referral(c: Child, urgency: Child['urgency']): Child {
  const { currentPlacement: _cur, ...rest } = c;
  return { ...rest, urgency };
}

describe('createMatchEngine', () => {
  it('picks the same home as a full scoreAll over every home, whatever the vacancies', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const rng = createRng(seed);
        engine.reset();
        // Fill a random share of the places, so the vacancy lists change.
        for (let i = 0; i < demo.homes.length; i++) {
          const f = engine.free(i);
          if (f > 0 && rng.chance(0.5)) engine.occupy(i, rng.int(1, f));
        }
        for (let k = 0; k < 8; k++) {
          const c = rng.pick(demo.children);
          const urgency = rng.pick(['planned', 'within_5_days', 'same_day'] as const);
          const subject = { children: [referral(c, urgency)], groupSize: 1, asOf };
          const got = engine.best(subject);
          const want = referenceBest(engine, subject, DEFAULT_POLICY, geo);
          expect(got?.homeIndex ?? -1).toBe(want?.homeIndex ?? -1);
          if (got && want) expect(got.total).toBeCloseTo(want.total, 9);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('places sibling groups together only where every child fits, as the full scan does', () => {
    const groups = new Map<string, Child[]>();
    for (const c of demo.children) if (c.siblingGroupId) groups.set(c.siblingGroupId, [...(groups.get(c.siblingGroupId) ?? []), c]);
    engine.reset();
    let compared = 0;
    for (const members of groups.values()) {
      if (members.length < 2) continue;
      const subject = { children: members.map((c) => referral(c, 'planned')), groupSize: members.length, asOf };
      const got = engine.best(subject);
      const want = referenceBest(engine, subject, DEFAULT_POLICY, geo);
      expect(got?.homeIndex ?? -1).toBe(want?.homeIndex ?? -1);
      compared++;
    }
    expect(compared).toBeGreaterThan(3);
  });

  it('tracks free places: occupy removes a full home from the candidates, release restores it', () => {
    engine.reset();
    const c = referral(demo.children[0] as Child, 'planned');
    const subject = { children: [c], groupSize: 1, asOf };
    const first = engine.best(subject);
    expect(first).not.toBeNull();
    const i = (first as { homeIndex: number }).homeIndex;
    engine.occupy(i, engine.free(i));
    expect(engine.free(i)).toBe(0);
    expect(engine.best(subject)?.homeIndex).not.toBe(i);
    engine.release(i, 1);
    expect(engine.best(subject)?.homeIndex).toBe(i);
    expect(() => engine.occupy(i, 5)).toThrow(/no free place/);
  });
});
