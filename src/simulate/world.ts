import type { Geography, LatLon } from '../../geo/types.js';
import type { Child, Contract, Home, HomeType, Location, Policy, Setting } from '../domain/index.js';
import { ageOn, NotFoundError, settingOf } from '../domain/index.js';
import { childFacts, type ChildFacts } from './facts.js';
import type { Outcome } from './metrics.js';

/**
 * A market and cohort prepared for the models: homes with coordinates, authority and the price the council
 * pays (uplifts included), and children with their facts and coordinates. Baseline and scenario worlds share
 * the cohort (same order), so outcomes can be compared child by child.
 */

/** What the models read about a home. */
export interface WorldHome {
  readonly id: string;
  readonly type: HomeType;
  readonly contract: Contract;
  readonly setting: Setting;
  readonly authority: string | null;
  readonly lat: number;
  readonly lon: number;
  /** Annual price per placement the council pays (uplifts applied). */
  readonly price: number;
  readonly places: number;
}

/** A child of the cohort (or an arrival) with derived facts and coordinates. */
export interface WorldChild {
  readonly child: Child;
  readonly facts: ChildFacts;
  readonly lat: number;
  readonly lon: number;
  readonly school: LatLon | null;
  readonly age: number;
}

export interface World {
  readonly label: string;
  readonly asOf: string;
  readonly policy: Policy;
  readonly geo: Geography;
  /** The market the engine places into. */
  readonly homes: readonly Home[];
  readonly info: readonly WorldHome[];
  readonly homeIndex: ReadonlyMap<string, number>;
  readonly cohort: readonly WorldChild[];
  /** Home index each cohort child lives in at the start in this world, -1 when none (or it closed). */
  readonly initialHome: Int32Array;
  /** 1 when the child's home closed in this world (the child must be re-placed). */
  readonly displaced: Uint8Array;
  /** True when some foster home in this market could meet every need of the child (step-down). */
  fosterCouldMeet(c: WorldChild): boolean;
  /**
   * A home outside the market (a connected person's household arriving with a referral) as this world sees
   * it: cost uplifts applied to its price, and to the cost the match engine sees when uplifts affect matching.
   */
  extraHome(h: Home): { home: Home; info: WorldHome };
}

/**
 * Resolve a domain location to coordinates, naming the function and quoting the value when it is unknown.
 *
 * @example
 * resolveLocation(geo, { district: 'CV2' }); // { lat: 52.4.., lon: -1.47.., district: 'CV2', authority: 'E08000026' }
 */
export function resolveLocation(geo: Geography, loc: Location): LatLon & { district: string | undefined; authority: string | undefined } {
  if ('lat' in loc) return { lat: loc.lat, lon: loc.lon, district: geo.nearestDistrict(loc), authority: geo.authorityAt(loc) };
  const text = 'postcode' in loc ? loc.postcode : loc.district;
  const r = geo.resolvePostcode(text);
  if (!r) throw new NotFoundError(`resolveLocation: unknown postcode ${JSON.stringify(text)}`);
  return { lat: r.lat, lon: r.lon, district: r.district, authority: r.centroidLaCode ?? r.laCode };
}

/**
 * Prepare a child for the models.
 *
 * @example
 * const wc = worldChild(child, '2026-04-01', DEFAULT_POLICY, geo);
 */
export function worldChild(child: Child, asOf: string, policy: Policy, geo: Geography): WorldChild {
  const home = resolveLocation(geo, child.homeLocation);
  const school = child.school ? resolveLocation(geo, child.school.location) : null;
  return {
    child,
    facts: childFacts(child, asOf, policy),
    lat: home.lat,
    lon: home.lon,
    school: school ? { lat: school.lat, lon: school.lon } : null,
    age: ageOn(child.dateOfBirth, asOf),
  };
}

/**
 * Prepare a home for the models.
 *
 * @example
 * worldHome(home, 1.06, geo).price; // annualCost × 1.06
 */
export function worldHome(home: Home, priceFactor: number, geo: Geography): WorldHome {
  const loc = resolveLocation(geo, home.location);
  return {
    id: home.id,
    type: home.type,
    contract: home.contract,
    setting: settingOf(home.type),
    authority: home.authority ?? loc.authority ?? null,
    lat: loc.lat,
    lon: loc.lon,
    price: home.annualCost * priceFactor,
    places: home.places,
  };
}

interface FosterProfile {
  readonly capability: Readonly<Record<string, number>>;
  readonly ageMin: number;
  readonly ageMax: number;
  readonly sexes: readonly string[];
}

/** Options for {@link buildWorld}. */
export interface WorldOptions {
  readonly label: string;
  readonly asOf: string;
  readonly policy: Policy;
  readonly geo: Geography;
  /** Price multiplier per home id (cost uplifts). */
  readonly priceFactor?: ReadonlyMap<string, number>;
  /** Homes that closed in this world (children living there are displaced). */
  readonly closedHomeIds?: ReadonlySet<string>;
  /** The cohort, already prepared (shared between worlds so children line up). */
  readonly cohort: readonly WorldChild[];
  /** Cost uplifts for homes outside the market (kinship households): the price factor of a home. */
  readonly uplift?: { readonly factor: (h: Home) => number; readonly affectsMatching: boolean };
}

/**
 * Build a world over a market.
 *
 * @example
 * const world = buildWorld(homes, { label: 'baseline', asOf, policy, geo, cohort });
 */
export function buildWorld(homes: readonly Home[], opts: WorldOptions): World {
  const info = homes.map((h) => worldHome(h, opts.priceFactor?.get(h.id) ?? 1, opts.geo));
  const homeIndex = new Map(homes.map((h, i) => [h.id, i]));
  const initialHome = new Int32Array(opts.cohort.length).fill(-1);
  const displaced = new Uint8Array(opts.cohort.length);
  opts.cohort.forEach((c, i) => {
    const cur = c.child.currentPlacement?.homeId;
    if (cur === undefined) return;
    const idx = homeIndex.get(cur);
    if (idx !== undefined) initialHome[i] = idx;
    else if (opts.closedHomeIds?.has(cur)) displaced[i] = 1;
  });
  // Foster homes' capability profiles, keeping only those no other profile dominates (at least the same
  // capability in every domain, ages and sexes): enough to answer "could a foster home meet these needs?".
  const domains = opts.policy.domains;
  const profiles = new Map<string, FosterProfile>();
  for (const h of homes) {
    if (settingOf(h.type) !== 'fostering' || h.type === 'connected_person_foster') continue;
    if (h.registration !== 'registered' && h.registration !== 'pending') continue;
    const p: FosterProfile = { capability: h.capability, ageMin: h.ageRange.min, ageMax: h.ageRange.max, sexes: [...h.sexesAccepted].sort() };
    profiles.set(JSON.stringify(p), p);
  }
  const all = [...profiles.values()];
  const dominates = (a: FosterProfile, b: FosterProfile): boolean =>
    a.ageMin <= b.ageMin &&
    a.ageMax >= b.ageMax &&
    b.sexes.every((x) => a.sexes.includes(x)) &&
    domains.every((d) => (a.capability[d] ?? 0) >= (b.capability[d] ?? 0));
  const sum = (p: FosterProfile): number => domains.reduce((a, d) => a + (p.capability[d] ?? 0), 0) + (p.ageMax - p.ageMin) + p.sexes.length;
  const fosterProfiles: FosterProfile[] = [];
  for (const p of all.sort((a, b) => sum(b) - sum(a))) if (!fosterProfiles.some((k) => dominates(k, p))) fosterProfiles.push(p);
  const stepDownCache = new Map<string, boolean>();
  return {
    label: opts.label,
    asOf: opts.asOf,
    policy: opts.policy,
    geo: opts.geo,
    homes,
    info,
    homeIndex,
    cohort: opts.cohort,
    initialHome,
    displaced,
    extraHome(h) {
      const f = opts.uplift?.factor(h) ?? 1;
      if (f === 1) return { home: h, info: worldHome(h, 1, opts.geo) };
      if (opts.uplift?.affectsMatching) {
        const home = { ...h, annualCost: h.annualCost * f };
        return { home, info: worldHome(home, 1, opts.geo) };
      }
      return { home: h, info: worldHome(h, f, opts.geo) };
    },
    fosterCouldMeet(c) {
      const key = `${c.child.id}|${c.age}`;
      const hit = stepDownCache.get(key);
      if (hit !== undefined) return hit;
      const needs = c.child.needs;
      const r = fosterProfiles.some(
        (p) =>
          c.age >= p.ageMin &&
          c.age <= p.ageMax &&
          p.sexes.includes(c.child.sex) &&
          domains.every((d) => (needs[d] ?? 0) <= (p.capability[d] ?? 0)),
      );
      stepDownCache.set(key, r);
      return r;
    },
  };
}

/**
 * The outcome of placing a child in a home (or of leaving them unplaced: `homeIndex` -1).
 *
 * @example
 * outcomeOf(world, world.cohort[0], 12, 87.5).distanceKm;
 */
export function outcomeOf(world: World, c: WorldChild, homeIndex: number, score: number, extra?: WorldHome): Outcome {
  const h = extra ?? (homeIndex >= 0 ? world.info[homeIndex] : undefined);
  if (!h) {
    return {
      facts: c.facts,
      homeId: null,
      homeType: null,
      contract: null,
      setting: null,
      distanceKm: Number.NaN,
      homeAuthority: null,
      insideAuthority: false,
      adjoining: false,
      kinship: false,
      keptSchool: null,
      score: Number.NaN,
      annualPrice: 0,
      stepDown: false,
    };
  }
  const km = world.geo.distance.km(c, h);
  const placing = c.facts.placingAuthority;
  const inside = h.authority === placing;
  return {
    facts: c.facts,
    homeId: h.id,
    homeType: h.type,
    contract: h.contract,
    setting: h.setting,
    distanceKm: km,
    homeAuthority: h.authority,
    insideAuthority: inside,
    adjoining: !inside && h.authority !== null && world.geo.adjoins(placing, h.authority),
    kinship: h.type === 'connected_person_foster',
    keptSchool: c.facts.ks4WithSchool && c.school ? world.geo.distance.km(c.school, h) <= world.policy.thresholds.schoolChangeKm : null,
    score,
    annualPrice: h.price,
    stepDown: h.setting === 'residential' && world.fosterCouldMeet(c),
  };
}
