import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultGeography } from '../../geo/geography.js';
import { generateDemo, type DemoData } from '../demo/generate.js';
import { DEFAULT_POLICY, type Child } from '../domain/index.js';
import { createRng } from './random.js';
import { buildRegistry } from '../match/registry.js';
import { scoreAll } from '../match/engine.js';
import { createMatchEngine, createSharedMarket, referenceBest, type MatchPlacementEngine } from './match-engine.js';
import { fixtureHome } from './fixtures.js';

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
          // With a floor (a kinship carer's total), the answer is the same whenever it reaches the floor.
          const floor = rng.next() * 120;
          const floored = engine.best(subject, floor);
          if (want && (want.total >= floor || urgency === 'same_day')) expect(floored?.homeIndex).toBe(want.homeIndex);
          else expect(floored === null || floored.total < floor).toBe(true);
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

  it('runs two worlds over one shared registry, each with its own vacancies, prices and contracts', () => {
    const opened = [fixtureHome(901, { id: 'H-NEW-1', location: { district: 'CV2' }, places: 3, freePlaces: 3, maxSiblingGroup: 3 })];
    const repriced = demo.homes.map((h) => (h.contract === 'block' ? { ...h, contract: 'spot' as const, annualCost: 275_748 } : h));
    const market = createSharedMarket([...demo.homes, ...opened], geo);
    const base = createMatchEngine(demo.homes, { policy: DEFAULT_POLICY, geo, market });
    const scen = createMatchEngine([...repriced, ...opened], { policy: DEFAULT_POLICY, geo, market });
    base.reset();
    scen.reset();
    const rng = createRng(77);
    for (let k = 0; k < 40; k++) {
      const c = referral(rng.pick(demo.children), rng.pick(['planned', 'same_day'] as const));
      const subject = { children: [c], groupSize: 1, asOf };
      for (const e of [base, scen]) {
        const got = e.best(subject);
        const want = referenceBest(e, subject, DEFAULT_POLICY, geo);
        expect(got?.homeIndex ?? -1).toBe(want?.homeIndex ?? -1);
        if (got) e.occupy(got.homeIndex, 1);
      }
    }
    // The new home exists only in the scenario world.
    expect(base.fromRegistry[market.registry.indexOf('H-NEW-1')]).toBe(-1);
    expect(scen.free(scen.homes.length - 1)).toBeLessThanOrEqual(3);
  });

  it('searches a region-wide market (many megas, supers and groups) to the same answer as the full scan', () => {
    // Homes spread over the West Midlands and beyond: several ~160 km megas and many ~40 km supers per
    // setting, so the search starts from megas and opens only the promising ones.
    const region = generateDemo({ seed: 11, children: 500, asOf });
    const wide = createMatchEngine(region.homes, { policy: DEFAULT_POLICY, geo });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const rng = createRng(seed);
        wide.reset();
        for (let i = 0; i < region.homes.length; i++) {
          const f = wide.free(i);
          if (f > 0 && rng.chance(0.6)) wide.occupy(i, rng.int(1, f));
        }
        for (let k = 0; k < 6; k++) {
          const c = rng.pick(region.children);
          const subject = { children: [referral(c, rng.pick(['planned', 'same_day'] as const))], groupSize: 1, asOf };
          const got = wide.best(subject);
          const want = referenceBest(wide, subject, DEFAULT_POLICY, geo);
          expect(got?.homeIndex ?? -1).toBe(want?.homeIndex ?? -1);
          if (got && want) expect(got.total).toBeCloseTo(want.total, 9);
        }
      }),
      { numRuns: 12 },
    );
    // The hierarchy pays: far fewer homes bounded than a scan of every home would judge.
    const st = wide.stats();
    expect(st.bounded).toBeLessThan(st.subjects * region.homes.length * 0.5);
  });

  it('judges a connected person\'s household as a registry holding it would', () => {
    engine.reset();
    const eligibleNeeds = (x: Child) => Object.values(x.needs).every((v) => v <= 2) && x.disabilityRequirements.length === 0 && x.riskFlags.length === 0 && x.carePlanSetting !== 'residential' && x.carePlanSetting !== 'supported';
    const c = referral(demo.children.find(eligibleNeeds) as Child, 'planned');
    const kin = fixtureHome(950, { id: 'K-1', type: 'connected_person_foster', location: c.homeLocation, places: 1, freePlaces: 1 });
    const child = { ...c, connectedPersons: [{ homeId: 'K-1', relationship: 'aunt' }] };
    const subject = { children: [child], groupSize: 1, asOf };
    const got = engine.bestAmong(subject, [kin]);
    const reg = buildRegistry([kin], geo, 'k');
    const s = scoreAll(engine.resolve(subject), reg, DEFAULT_POLICY, [], geo);
    expect(s.eligible[0]).toBe(1);
    expect(got?.total).toBeCloseTo(s.totals[0] as number, 9);
    // A stranger cannot be placed with someone else's connected person.
    const stranger = { children: [referral(demo.children[6] as Child, 'planned')], groupSize: 1, asOf };
    expect(engine.bestAmong(stranger, [kin])).toBeNull();
  });
});

