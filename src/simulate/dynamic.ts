import type { Child, Home } from '../domain/index.js';
import { ageOn, settingOf } from '../domain/index.js';
import { addDays, daysBetween } from '../demo/dates.js';
import type { ArrivalUnit } from './arrivals.js';
import { placementDays, residualDays, type DurationSetting } from './durations.js';
import type { Dynamics } from './dynamics.js';
import type { PlacementEngine, Subject } from './engine.js';
import { MinHeap } from './heap.js';
import { CostLedger } from './ledger.js';
import { placementMetrics, type Outcome } from './metrics.js';
import type { Rng } from './random.js';
import type { MetricVector } from './stats.js';
import { outcomeOf, worldChild, type World, type WorldChild, type WorldHome } from './world.js';

/**
 * One year (the horizon) of the dynamic model in one world: children already in care leave as their
 * placements end; referrals arrive day by day and are placed at once, one at a time, in the top eligible
 * home with a free place (what placement teams do under urgency); places free up as children leave.
 */

/**
 * Day each cohort child leaves care (their current placement ends), for one run: drawn once and shared by
 * baseline and scenario (a child's leaving care does not depend on the market). The duration setting is that
 * of the child's baseline home; a child waiting for a home starts a (fostering-length) placement on day 0.
 *
 * @example
 * const leave = cohortDepartures(baselineWorld, dynamics, rng.fork('stock'));
 */
export function cohortDepartures(baseline: World, d: Dynamics, rng: Rng): Float64Array {
  const out = new Float64Array(baseline.cohort.length).fill(Infinity);
  const days = cohortDaysTo18(baseline);
  baseline.cohort.forEach((c, i) => {
    const u = rng.next();
    const z = rng.normal();
    const h = baseline.initialHome[i] as number;
    const home = h >= 0 ? baseline.info[h] : undefined;
    const to18 = days[i] as number;
    if (home) out[i] = residualDays(d, c.age, to18, durationSetting(home.type), u, z);
    else if (c.child.currentPlacement === undefined) out[i] = placementDays(d, c.age, to18, 'fostering', z);
  });
  return out;
}

function durationSetting(type: Home['type']): DurationSetting {
  return type === 'connected_person_foster' ? 'kinship' : settingOf(type);
}

/** Days to each cohort child's 18th birthday from the world's start: the same in every run, so worked out once. */
const cohortTo18 = new WeakMap<World, Float64Array>();

function cohortDaysTo18(world: World): Float64Array {
  let days = cohortTo18.get(world);
  if (!days) {
    days = Float64Array.from(world.cohort, (c) => daysTo18(c.child, world.asOf));
    cohortTo18.set(world, days);
  }
  return days;
}

function daysTo18(child: Child, asOf: string): number {
  const age = ageOn(child.dateOfBirth, asOf);
  if (age >= 18) return 1;
  const y = Number(child.dateOfBirth.slice(0, 4)) + 18;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  // A 29 February birthday falls on 1 March in a common year.
  const md = child.dateOfBirth.slice(4) === '-02-29' && !leap ? '-03-01' : child.dateOfBirth.slice(4);
  return Math.max(1, daysBetween(asOf, `${y}${md}`));
}

/** Options for {@link runDynamic}. */
export interface DynamicOptions {
  readonly dynamics: Dynamics;
  readonly horizonDays: number;
  readonly fairnessMinGroup: number;
  /** Collect what the price-of-urgency optimum needs (the year's arrivals still in care, and the places). */
  readonly collectUrgency: boolean;
}

/** One placement decision, for tracing. */
export interface Decision {
  readonly day: number;
  readonly outcome: Outcome;
  /** A child displaced by a closing home (the rest are new arrivals, or cohort children waiting on day 0). */
  readonly displaced: boolean;
}

/** What the price-of-urgency optimum re-matches: the year's entrants still in care at the end. */
export interface UrgencyInput {
  readonly children: readonly Child[];
  /** Home index in the world, -1 unplaced, or `world.homes.length + k` for extras[k] (kinship). */
  readonly placedIn: readonly number[];
  readonly scores: readonly number[];
  /** Free places in each market home at the end of the horizon. */
  readonly freeAtEnd: Int32Array;
  readonly extras: readonly Home[];
}

/** The result of one run in one world. */
export interface DynamicRun {
  readonly metrics: MetricVector;
  readonly decisions: readonly Decision[];
  readonly urgency: UrgencyInput | null;
}

interface Stay {
  readonly wc: WorldChild;
  readonly homeIndex: number;
  readonly extra: WorldHome | null;
  readonly outcome: Outcome;
  readonly start: number;
  readonly end: number;
  readonly arrival: boolean;
  readonly score: number;
  readonly extraHome: Home | null;
}

/**
 * Run one world for one Monte Carlo run. `arrivals` and `leave` come from the run's random streams and are
 * shared with the other world (common random numbers), so differences are the change's, not chance's.
 *
 * @example
 * const run = runDynamic(world, engine, arrivals, leave, { dynamics, horizonDays: 365, fairnessMinGroup: 5, collectUrgency: false });
 * run.metrics['placements.share.within20Miles'];
 */
export function runDynamic(world: World, engine: PlacementEngine, arrivals: readonly ArrivalUnit[], leave: Float64Array, opts: DynamicOptions): DynamicRun {
  const H = opts.horizonDays;
  const d = opts.dynamics;
  engine.reset();
  const stays: Stay[] = [];
  const heap = new MinHeap(Math.max(64, world.cohort.length + arrivals.length * 2));
  const decisions: Decision[] = [];
  const annual = new CostLedger();
  let departures = 0;
  let stockStart = 0;

  const addStay = (s: Stay): void => {
    const idx = stays.length;
    stays.push(s);
    const h = s.extra ?? (world.info[s.homeIndex] as WorldHome);
    annual.addPlacement(h.type, h.contract, h.price, Math.min(s.end, H) - s.start);
    if (s.end < H && s.homeIndex >= 0) heap.push(s.end, idx);
  };
  const releaseUpTo = (day: number): void => {
    while (heap.size > 0 && heap.peekKey() <= day) {
      const s = stays[heap.pop()] as Stay;
      engine.release(s.homeIndex, 1);
      departures++;
    }
  };

  for (const h of world.info) if (h.contract === 'block') annual.addBlockHome(h.type, h.price, h.places, H);

  // Children in care at the start, in their homes.
  world.cohort.forEach((wc, i) => {
    const h = world.initialHome[i] as number;
    if (h < 0) return;
    stockStart++;
    const end = leave[i] as number;
    addStay({ wc, homeIndex: h, extra: null, outcome: initialOutcome(world, i), start: 0, end, arrival: false, score: Number.NaN, extraHome: null });
  });

  // Children displaced by closing homes, and children of the cohort waiting for a home: placed on day 0,
  // siblings together where possible.
  const displacedUnits = new Map<string, number[]>();
  world.cohort.forEach((wc, i) => {
    if (!world.displaced[i] && wc.child.currentPlacement !== undefined) return;
    stockStart++;
    const key = wc.child.siblingGroupId ?? `solo:${wc.child.id}`;
    const list = displacedUnits.get(key);
    if (list) list.push(i);
    else displacedUnits.set(key, [i]);
  });
  const waiting = world.cohort.filter((wc) => wc.child.currentPlacement === undefined).length;
  const siblingsInCohort = new Map<string, number>();
  for (const wc of world.cohort) {
    const g = wc.child.siblingGroupId;
    if (g) siblingsInCohort.set(g, (siblingsInCohort.get(g) ?? 0) + 1);
  }
  for (const idxs of displacedUnits.values()) {
    // Arrays built by push (packed, like every other array handed to placeUnit; `map` makes holey ones).
    const wcs: WorldChild[] = [];
    for (const i of idxs) wcs.push(world.cohort[i] as WorldChild);
    const g = wcs[0]?.child.siblingGroupId;
    const groupSize = g ? (siblingsInCohort.get(g) ?? wcs.length) : 1;
    const urgent: WorldChild[] = [];
    for (const wc of wcs) urgent.push({ ...wc, child: sameDayCopy(wc.child) });
    const placed = placeUnit(engine, world.asOf, urgent, groupSize, null);
    placed.forEach((p, k) => {
      const wc = wcs[k] as WorldChild;
      const outcome = outcomeOf(world, wc, p.homeIndex, p.total, p.extra ?? undefined);
      decisions.push({ day: 0, outcome, displaced: world.displaced[idxs[k] as number] === 1 });
      if (p.homeIndex >= 0) {
        addStay({ wc, homeIndex: p.homeIndex, extra: null, outcome, start: 0, end: leave[idxs[k] as number] as number, arrival: false, score: p.total, extraHome: null });
      }
    });
  }

  // Arrivals, day by day.
  const urgencyChildren: Child[] = [];
  const urgencyPlaced: number[] = [];
  const urgencyScores: number[] = [];
  const extras: Home[] = [];
  for (const unit of arrivals) {
    if (unit.day >= H) break;
    releaseUpTo(unit.day);
    const date = addDays(world.asOf, unit.day);
    const wcs: WorldChild[] = [];
    for (const child of unit.children) wcs.push(arrivalChild(child, date, world));
    const kin = unit.kinshipHome ? world.extraHome(unit.kinshipHome) : null;
    const placed = placeUnit(engine, date, wcs, unit.children.length, kin);
    placed.forEach((p, k) => {
      const wc = wcs[k] as WorldChild;
      const outcome = outcomeOf(world, wc, p.homeIndex, p.total, p.extra ?? undefined);
      decisions.push({ day: unit.day, outcome, displaced: false });
      const setting: DurationSetting = p.extra ? 'kinship' : p.homeIndex >= 0 ? durationSetting((world.info[p.homeIndex] as WorldHome).type) : 'fostering';
      const end = unit.day + placementDays(d, unit.ages[k] as number, unit.daysTo18[k] as number, setting, unit.durationZ[k] as number);
      if (p.homeIndex >= 0 || p.extra) {
        addStay({ wc, homeIndex: p.homeIndex, extra: p.extra, outcome, start: unit.day, end, arrival: true, score: p.total, extraHome: p.extra && kin ? kin.home : null });
      } else if (opts.collectUrgency && end >= H) {
        urgencyChildren.push(wc.child);
        urgencyPlaced.push(-1);
        urgencyScores.push(Number.NaN);
      }
    });
  }
  releaseUpTo(H - 1);

  // The year end: who is where, and what next year costs.
  const nextYear = new CostLedger();
  for (const h of world.info) if (h.contract === 'block') nextYear.addBlockHome(h.type, h.price, h.places, 365);
  const yearEnd: Outcome[] = [];
  const extraIndex = new Map<string, number>();
  for (const s of stays) {
    if (s.end < H) continue;
    yearEnd.push(s.outcome);
    const h = s.extra ?? (world.info[s.homeIndex] as WorldHome);
    nextYear.addPlacement(h.type, h.contract, h.price, 365);
    if (opts.collectUrgency && s.arrival) {
      urgencyChildren.push(s.wc.child);
      urgencyScores.push(s.score);
      if (s.extraHome) {
        let k = extraIndex.get(s.extraHome.id);
        if (k === undefined) {
          k = extras.length;
          extras.push(s.extraHome);
          extraIndex.set(s.extraHome.id, k);
        }
        urgencyPlaced.push(world.homes.length + k);
      } else urgencyPlaced.push(s.homeIndex);
    }
  }

  const mopts = { fairnessMinGroup: opts.fairnessMinGroup };
  // Packed by push like `yearEnd` (`map` makes a holey array): placementMetrics then sees one array kind.
  const placements: Outcome[] = [];
  for (const x of decisions) placements.push(x.outcome);
  // One builtin merge rather than an object literal of spreads: the key sets differ from run to run (the
  // groups present), and a literal would keep meeting new hidden classes in the optimised code.
  const metrics: Record<string, number> = Object.assign(
    {},
    placementMetrics(placements, 'placements', mopts),
    placementMetrics(yearEnd, 'yearEnd', mopts),
    annual.metrics('cost.annual'),
    nextYear.metrics('cost.nextYear'),
    {
      'flow.arrivals': decisions.filter((x) => !x.displaced).length - waiting,
      'flow.displaced': decisions.filter((x) => x.displaced).length,
      'flow.waiting': waiting,
      'flow.departures': departures,
      'stock.start': stockStart,
      'stock.end': yearEnd.length,
    },
  );
  let urgency: UrgencyInput | null = null;
  if (opts.collectUrgency) {
    const freeAtEnd = new Int32Array(world.homes.length);
    for (let i = 0; i < freeAtEnd.length; i++) freeAtEnd[i] = engine.free(i);
    urgency = { children: urgencyChildren, placedIn: urgencyPlaced, scores: urgencyScores, freeAtEnd, extras };
  }
  return { metrics, decisions, urgency };
}

/** A displaced child's referral (same day), one object per child so both worlds share it. */
const sameDayCopies = new WeakMap<Child, Child>();

function sameDayCopy(child: Child): Child {
  let c = sameDayCopies.get(child);
  if (!c) {
    c = { ...child, urgency: 'same_day' };
    sameDayCopies.set(child, c);
  }
  return c;
}

/** Where each cohort child lives at the start, per world: the same in every run, so worked out once. */
const initialOutcomes = new WeakMap<World, Outcome[]>();

function initialOutcome(world: World, i: number): Outcome {
  let list = initialOutcomes.get(world);
  if (!list) {
    list = [];
    initialOutcomes.set(world, list);
  }
  let o = list[i];
  if (!o) {
    o = outcomeOf(world, world.cohort[i] as WorldChild, world.initialHome[i] as number, Number.NaN);
    list[i] = o;
  }
  return o;
}

/** Arrivals prepared once and shared by both worlds of a run (the same Child objects arrive in both). */
const preparedArrivals = new WeakMap<Child, WorldChild>();

function arrivalChild(child: Child, date: string, world: World): WorldChild {
  let wc = preparedArrivals.get(child);
  if (!wc) {
    wc = worldChild(child, date, world.policy, world.geo);
    preparedArrivals.set(child, wc);
  }
  return wc;
}

interface Placed {
  /** Market home index, or -1 (unplaced or in the extra home). */
  readonly homeIndex: number;
  readonly extra: WorldHome | null;
  readonly total: number;
}

/**
 * Place a unit: the siblings together in the top eligible home (a connected person's household first when it
 * scores higher), or, when no home takes them together, each child in their own top eligible home.
 */
function placeUnit(
  engine: PlacementEngine,
  asOf: string,
  wcs: readonly WorldChild[],
  groupSize: number,
  kin: { home: Home; info: WorldHome } | null,
): Placed[] {
  // Children listed by push, as packed an array as the one-child literal below (`map` makes a holey one): the
  // engine then sees one kind of array, and its optimised code is not thrown away for the other.
  const children: Child[] = [];
  for (const w of wcs) children.push(w.child);
  const subject: Subject = { children, groupSize, asOf };
  const together = bestWithKin(engine, subject, kin);
  if (together) {
    if (together.homeIndex >= 0) engine.occupy(together.homeIndex, wcs.length);
    const same: Placed[] = [];
    for (let k = 0; k < wcs.length; k++) same.push(together);
    return same;
  }
  if (wcs.length === 1) return [{ homeIndex: -1, extra: null, total: Number.NaN }];
  let kinLeft = kin ? kin.home.places : 0;
  // Built by push, packed as the literal above, so the caller's loop over the result sees one array kind.
  const each: Placed[] = [];
  for (const w of wcs) {
    const one = bestWithKin(engine, { children: [w.child], groupSize, asOf }, kinLeft > 0 ? kin : null);
    if (!one) {
      each.push({ homeIndex: -1, extra: null, total: Number.NaN });
      continue;
    }
    if (one.homeIndex >= 0) engine.occupy(one.homeIndex, 1);
    else kinLeft--;
    each.push(one);
  }
  return each;
}

function bestWithKin(engine: PlacementEngine, subject: Subject, kin: { home: Home; info: WorldHome } | null): Placed | null {
  const k = kin ? engine.bestAmong(subject, [kin.home]) : null;
  // Only a home scoring at least as much as the connected person's household matters.
  const c = engine.best(subject, k ? k.total : -Infinity);
  if (k && (!c || k.total >= c.total)) return { homeIndex: -1, extra: kin?.info ?? null, total: k.total };
  return c ? { homeIndex: c.homeIndex, extra: null, total: c.total } : null;
}
