import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultGeography } from '../../geo/geography.js';
import { haversineKm } from '../../geo/distance.js';
import { DEFAULT_POLICY, settingOf, type Home } from '../domain/index.js';
import { generateArrivals, templatePool } from './arrivals.js';
import { cohortDepartures, runDynamic } from './dynamic.js';
import { DEFAULT_DYNAMICS } from './dynamics.js';
import type { Choice, PlacementEngine, Subject } from './engine.js';
import { fixtureChild, fixtureHome } from './fixtures.js';
import { createRng } from './random.js';
import { buildWorld, resolveLocation, worldChild } from './world.js';

const geo = defaultGeography();
const asOf = '2026-04-01';

/** A stand-in engine: the nearest home of the planned setting with enough free places; it checks capacity. */
function nearestEngine(homes: readonly Home[]): PlacementEngine & { maxOver: () => number } {
  const initial = homes.map((h) => h.freePlaces);
  let free = [...initial];
  let over = 0;
  const pts = homes.map((h) => resolveLocation(geo, h.location));
  const pick = (s: Subject, pool: readonly Home[], poolPts: typeof pts, freeOf: (i: number) => number): Choice | null => {
    const c = s.children[0];
    if (!c) return null;
    const at = resolveLocation(geo, c.homeLocation);
    let best: Choice | null = null;
    pool.forEach((h, i) => {
      if (freeOf(i) < s.children.length) return;
      if (c.carePlanSetting !== 'any' && settingOf(h.type) !== c.carePlanSetting) return;
      if (h.type === 'connected_person_foster' && !c.connectedPersons.some((p) => p.homeId === h.id)) return;
      const p = poolPts[i];
      if (!p) return;
      const total = 100 - haversineKm(at.lat, at.lon, p.lat, p.lon) + (h.type === 'connected_person_foster' ? 100 : 0);
      if (!best || total > best.total) best = { homeIndex: i, total };
    });
    return best;
  };
  return {
    homes,
    reset: () => {
      free = [...initial];
    },
    best: (s) => pick(s, homes, pts, (i) => free[i] ?? 0),
    bestAmong: (s, extra) => pick(s, extra, extra.map((h) => resolveLocation(geo, h.location)), (i) => extra[i]?.places ?? 0),
    occupy: (i, n) => {
      free[i] = (free[i] ?? 0) - n;
      if ((free[i] ?? 0) < 0) over++;
    },
    release: (i, n) => {
      free[i] = (free[i] ?? 0) + n;
    },
    free: (i) => free[i] ?? 0,
    maxOver: () => over,
  };
}

function setup(nHomes: number, places: number) {
  const homes = Array.from({ length: nHomes }, (_, i) => fixtureHome(i + 1, { places, freePlaces: places - (i % 2), maxSiblingGroup: places }));
  const kids = Array.from({ length: Math.floor(nHomes / 2) }, (_, i) =>
    fixtureChild(i + 1, { currentPlacement: { homeId: `H-${String(2 * i + 2).padStart(4, '0')}`, since: '2025-06-01' } }),
  );
  const cohort = kids.map((c) => worldChild(c, asOf, DEFAULT_POLICY, geo));
  const world = buildWorld(homes, { label: 'baseline', asOf, policy: DEFAULT_POLICY, geo, cohort });
  return { homes, kids, world };
}

const opts = { dynamics: DEFAULT_DYNAMICS, horizonDays: 365, fairnessMinGroup: 2, collectUrgency: true };

describe('runDynamic', () => {
  it('never places more children in a home than it has places, and keeps the books balanced (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 4, max: 16 }), fc.integer({ min: 1, max: 3 }), (seed, nHomes, places) => {
        const { homes, kids, world } = setup(nHomes, places);
        const engine = nearestEngine(homes);
        const rng = createRng(seed);
        const noKin = { ...DEFAULT_DYNAMICS, kinshipAvailable: 0 };
        const arrivals = generateArrivals(rng.fork('a'), templatePool(kids, asOf), { dynamics: noKin, asOf, horizonDays: 365, childrenPerYear: 30, idPrefix: 'A-' });
        const leave = cohortDepartures(world, DEFAULT_DYNAMICS, rng.fork('s'));
        const run = runDynamic(world, engine, arrivals, leave, opts);
        expect(engine.maxOver()).toBe(0);
        const m = run.metrics;
        const placedMarket = run.decisions.filter((d) => d.outcome.homeId !== null).length;
        expect(m['placements.placed']).toBe(placedMarket);
        // Everyone in care at the end was there at the start or placed during the year, less those who left.
        expect((m['stock.end'] ?? 0) + (m['flow.departures'] ?? 0)).toBe((m['stock.start'] ?? 0) + placedMarket);
        expect(m['flow.arrivals']).toBe(arrivals.reduce((a, u) => a + u.children.length, 0));
        for (let i = 0; i < homes.length; i++) expect(engine.free(i)).toBeLessThanOrEqual(homes[i]?.places ?? 0);
      }),
      { numRuns: 25 },
    );
  });

  it('is deterministic for the same arrivals and leaving days', () => {
    const { homes, kids, world } = setup(10, 2);
    const arrivals = generateArrivals(createRng(3), templatePool(kids, asOf), { dynamics: DEFAULT_DYNAMICS, asOf, horizonDays: 365, childrenPerYear: 20, idPrefix: 'A-' });
    const leave = cohortDepartures(world, DEFAULT_DYNAMICS, createRng(4));
    const a = runDynamic(world, nearestEngine(homes), arrivals, leave, opts);
    const b = runDynamic(world, nearestEngine(homes), arrivals, leave, opts);
    expect(a.metrics).toEqual(b.metrics);
  });

  it('places nobody when there are no homes', () => {
    const { kids } = setup(10, 2);
    const cohort = kids.map((c) => worldChild({ ...c, currentPlacement: undefined } as typeof c, asOf, DEFAULT_POLICY, geo));
    const empty = buildWorld([], { label: 'scenario', asOf, policy: DEFAULT_POLICY, geo, cohort });
    const arrivals = generateArrivals(createRng(3), templatePool(kids, asOf), { dynamics: { ...DEFAULT_DYNAMICS, kinshipAvailable: 0 }, asOf, horizonDays: 365, childrenPerYear: 20, idPrefix: 'A-' });
    const run = runDynamic(empty, nearestEngine([]), arrivals, new Float64Array(cohort.length).fill(Infinity), opts);
    expect(run.metrics['placements.placed']).toBe(0);
    expect(run.metrics['placements.unmet']).toBe(run.metrics['placements.children']);
    expect(run.metrics['placements.children']).toBeGreaterThan(0);
    expect(run.metrics['cost.annual']).toBe(0);
  });

  it('re-places children whose home closed on day 0, siblings together where a home takes them', () => {
    const homes = [fixtureHome(1, { places: 2, freePlaces: 0 }), fixtureHome(2, { places: 2, freePlaces: 2, maxSiblingGroup: 2 })];
    const kids = [1, 2].map((i) => fixtureChild(i, { siblingGroupId: 'SG-1', currentPlacement: { homeId: 'H-0001', since: '2025-01-01' } }));
    const cohort = kids.map((c) => worldChild(c, asOf, DEFAULT_POLICY, geo));
    const scenario = buildWorld([homes[1] as Home], { label: 'scenario', asOf, policy: DEFAULT_POLICY, geo, cohort, closedHomeIds: new Set(['H-0001']) });
    const run = runDynamic(scenario, nearestEngine([homes[1] as Home]), [], new Float64Array([1000, 1000]), opts);
    expect(run.decisions.map((d) => [d.displaced, d.outcome.homeId])).toEqual([
      [true, 'H-0002'],
      [true, 'H-0002'],
    ]);
    expect(run.metrics['placements.share.siblingGroupsTogether']).toBe(1);
  });
});
