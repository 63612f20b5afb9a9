import type { Adaptation, RiskFlag, Sex } from '../domain/common.js';
import type { Home, HomeType, OfstedRating } from '../domain/home.js';
import { DEFAULT_NEED_DOMAINS } from '../domain/needs.js';
import type { DraftChild, Variant } from './cohort.js';
import type { DemoDistrict } from './districts.js';
import { COMMUNITY_LANGUAGES, COSTS, ETHNICITIES, RELIGIONS, type ContractKind } from './distributions.js';
import type { Rng } from './rng.js';

/** A non-cohort resident (a child placed by an authority outside the generated cohort). */
interface OtherResident {
  readonly age: number;
  readonly riskFlags: RiskFlag[];
}

/** A home while the generator builds it. */
export interface DraftHome {
  readonly id: string;
  readonly providerId: string;
  readonly type: HomeType;
  readonly contract: ContractKind;
  readonly district: DemoDistrict;
  registration: Home['registration'];
  ofsted: OfstedRating;
  readonly places: number;
  /** How many children may live here at the snapshot (places minus any deliberately kept free). */
  readonly openCap: number;
  readonly ageRange: { min: number; max: number };
  readonly sexesAccepted: Sex[];
  readonly capability: Record<string, number>;
  readonly adaptations: Adaptation[];
  emergency: boolean;
  readonly maxSiblingGroup: number;
  readonly household: { childrenAges: number[]; pets: string[] } | undefined;
  readonly occupants: DraftChild[];
  readonly others: OtherResident[];
  readonly annualCost: number;
  readonly languages: string[];
  readonly religion: string[];
  readonly culture: string[];
}

const D = DEFAULT_NEED_DOMAINS;

/** Capability profile per home type, domains in DEFAULT_NEED_DOMAINS order (invented, per needs-profile.md scale). */
const BASE_CAPABILITY: Record<HomeType, readonly number[]> = {
  connected_person_foster: [1, 1, 0, 0, 1, 1, 1, 3, 2, 1],
  council_foster: [2, 2, 1, 1, 2, 1, 2, 2, 1, 1],
  ifa_foster: [3, 2, 2, 2, 2, 1, 2, 2, 1, 1],
  council_childrens_home: [3, 3, 3, 3, 2, 1, 2, 2, 1, 2],
  external_childrens_home: [3, 3, 3, 3, 2, 1, 2, 2, 1, 2],
  supported_shared: [1, 1, 1, 1, 1, 0, 1, 1, 1, 3],
  supported_single: [1, 1, 1, 1, 1, 0, 1, 1, 1, 3],
  supported_lodgings: [1, 1, 0, 1, 1, 0, 1, 1, 1, 3],
  supported_247: [3, 2, 3, 2, 1, 1, 1, 1, 1, 3],
  residential_special_school: [3, 2, 1, 2, 4, 3, 4, 2, 1, 2],
  secure: [4, 4, 4, 4, 2, 2, 2, 1, 1, 1],
};

const PETS = ['dog', 'cat', 'rabbit', 'guinea pig', 'bird', 'fish'];
const DISABLED_CHILDRENS_HOME: readonly Adaptation[] = ['wheelchair_access', 'hoist', 'adapted_bathroom', 'sensory_adaptations', 'ceiling_track', 'ground_floor_bedroom'];
const UASC_LANGUAGES = ['Arabic', 'Pashto', 'Dari', 'Tigrinya', 'Kurdish', 'Amharic', 'Farsi'];

/** Provider pools (pseudonymous ids) with Zipf-like market shares: a few large providers, many small ones. */
const POOLS: Partial<Record<HomeType, { prefix: string; size: number }>> = {
  ifa_foster: { prefix: 'P-IFA', size: 24 },
  external_childrens_home: { prefix: 'P-CH', size: 60 },
  supported_shared: { prefix: 'P-SA', size: 30 },
  supported_single: { prefix: 'P-SA', size: 30 },
  supported_lodgings: { prefix: 'P-SA', size: 30 },
  supported_247: { prefix: 'P-SA', size: 30 },
  residential_special_school: { prefix: 'P-RSS', size: 10 },
  secure: { prefix: 'P-SEC', size: 4 },
};
const COUNCIL_TYPES: ReadonlySet<HomeType> = new Set(['connected_person_foster', 'council_foster', 'council_childrens_home']);
const FOSTER_TYPES: ReadonlySet<HomeType> = new Set(['connected_person_foster', 'council_foster', 'ifa_foster']);
const RESIDENTIAL_FILL: Partial<Record<HomeType, number>> = {
  council_childrens_home: 0.7,
  external_childrens_home: 0.75,
  supported_shared: 0.7,
  supported_247: 0.7,
  residential_special_school: 0.85,
  secure: 0.85,
};

/** Why a home is being made: to host drafted children, as spare capacity, or as a connected person. */
export type HomeMode = 'host' | 'extra' | 'kinship_available';

/** Inputs for {@link makeHome}. */
export interface MakeHomeInput {
  readonly id: string;
  readonly variant: Variant;
  readonly district: DemoDistrict;
  /** The council that runs the home (council-run and kinship homes): its ONS code and DfE number. */
  readonly council?: { readonly laCode: string; readonly laNumber: string } | undefined;
  /** Children the home is being made for (hosting): it will fit them. */
  readonly forChildren?: readonly DraftChild[];
  readonly mode: HomeMode;
}

/** Ofsted rating of a provider (fostering services are inspected as a whole), stable per provider id. */
const ratingCache = new Map<string, OfstedRating>();
function providerRating(rng: Rng, providerId: string): OfstedRating {
  const key = `${rng.seed}|${providerId}`;
  let rating = ratingCache.get(key);
  if (!rating) {
    rating = rng.fork(`provider:${providerId}`).weighted(['outstanding', 'good', 'requires_improvement', 'inadequate'] as const, [0.15, 0.6, 0.21, 0.04]);
    ratingCache.set(key, rating);
  }
  return rating;
}

const zipfWeights = new Map<number, number[]>();
function zipfPick(rng: Rng, size: number): number {
  let w = zipfWeights.get(size);
  if (!w) {
    w = Array.from({ length: size }, (_, i) => 1 / Math.pow(i + 1, 0.8));
    zipfWeights.set(size, w);
  }
  return rng.weightedIndex(w) + 1;
}

/** A multiplicative spread with mean ~1: lognormal-like via exp of an approximately normal draw. */
function spread(rng: Rng, sigma: number): number {
  const x = rng.normal(0, sigma);
  // Clamped so no package is below 30 % or above 5x the mean (HomeSchema caps costs at £5m).
  return Math.min(5, Math.max(0.3, Math.exp(x - (sigma * sigma) / 2)));
}

function annualCost(rng: Rng, v: Variant): number {
  let base: number;
  let sigma = 0.1;
  switch (v.type) {
    case 'connected_person_foster':
      base = COSTS.connected_person_foster;
      break;
    case 'council_foster':
      base = COSTS.council_foster;
      break;
    case 'ifa_foster':
      base = COSTS.ifa_foster;
      sigma = 0.12;
      break;
    case 'council_childrens_home':
      base = COSTS.council_childrens_home;
      sigma = 0.12;
      break;
    case 'external_childrens_home':
      if (v.contract === 'block') {
        base = COSTS.external_block;
        sigma = 0.08;
      } else if (v.contract === 'framework') {
        base = COSTS.external_framework;
        sigma = 0.2;
      } else {
        base = COSTS.external_spot;
        sigma = 0.6;
      }
      break;
    default:
      base = COSTS[v.type];
      sigma = v.type === 'secure' ? 0.1 : 0.15;
  }
  return Math.round((base * spread(rng, sigma)) / 10) * 10;
}

function ratingFor(rng: Rng, type: HomeType, mode: HomeMode): { registration: Home['registration']; ofsted: OfstedRating } {
  const extra = mode === 'extra';
  if (type === 'council_childrens_home' || type === 'external_childrens_home') {
    const r = rng.next();
    const unreg = type === 'external_childrens_home' ? (extra ? 0.02 : 0.004) : 0;
    const pending = extra ? 0.04 : 0.01;
    if (r < unreg) return { registration: 'unregistered', ofsted: 'not_yet_inspected' };
    if (r < unreg + pending) return { registration: 'pending', ofsted: 'not_yet_inspected' };
    return {
      registration: 'registered',
      ofsted: rng.weighted(['outstanding', 'good', 'requires_improvement', 'inadequate', 'not_yet_inspected'] as const, [0.2, 0.59, 0.15, extra ? 0.05 : 0.03, 0.01]),
    };
  }
  if (type.startsWith('supported_')) {
    const r = rng.next();
    const unreg = extra ? 0.03 : 0.01;
    const pending = extra ? 0.06 : 0.04;
    if (r < unreg) return { registration: 'unregistered', ofsted: 'not_yet_inspected' };
    if (r < unreg + pending) return { registration: 'pending', ofsted: 'not_yet_inspected' };
    // Ofsted began inspecting registered supported accommodation in 2025: most are not yet inspected.
    return {
      registration: 'registered',
      ofsted: rng.weighted(['not_yet_inspected', 'outstanding', 'good', 'requires_improvement', 'inadequate'] as const, [0.55, 0.05, 0.28, 0.09, 0.03]),
    };
  }
  if (type === 'residential_special_school') {
    return { registration: 'registered', ofsted: rng.weighted(['outstanding', 'good', 'requires_improvement', 'inadequate'] as const, [0.25, 0.6, 0.12, 0.03]) };
  }
  return { registration: 'registered', ofsted: rng.weighted(['outstanding', 'good', 'requires_improvement'] as const, [0.25, 0.6, 0.15]) };
}

function pickAgeRange(rng: Rng, options: readonly (readonly [number, number, number])[], ages: readonly number[]): { min: number; max: number } {
  const lo = ages.length ? Math.min(...ages) : 0;
  const hi = ages.length ? Math.max(...ages) : 17;
  const fit = options.filter(([min, max]) => min <= lo && max >= hi);
  if (fit.length === 0) return { min: Math.min(lo, options[0]?.[0] ?? 0), max: Math.max(hi, 17) };
  const [min, max] = rng.weighted(
    fit,
    fit.map((o) => o[2]),
  );
  return { min, max };
}

const FOSTER_AGES = [
  [0, 17, 0.5],
  [0, 11, 0.2],
  [5, 17, 0.2],
  [11, 17, 0.1],
] as const;
const CHILDRENS_HOME_AGES = [
  [8, 17, 0.3],
  [10, 17, 0.3],
  [11, 17, 0.2],
  [12, 17, 0.15],
  [5, 17, 0.05],
] as const;

function placesFor(rng: Rng, type: HomeType, need: number): number {
  let p: number;
  switch (type) {
    case 'connected_person_foster':
      return Math.max(1, need);
    case 'council_foster':
    case 'ifa_foster':
      p = 1 + rng.weightedIndex([0.35, 0.4, 0.25]);
      break;
    case 'council_childrens_home':
    case 'external_childrens_home':
      p = 2 + rng.weightedIndex([0.15, 0.35, 0.5]);
      break;
    case 'supported_shared':
      p = rng.int(3, 6);
      break;
    case 'supported_single':
    case 'supported_lodgings':
      p = 1;
      break;
    case 'supported_247':
      p = rng.int(2, 4);
      break;
    case 'residential_special_school':
      p = rng.int(12, 40);
      break;
    case 'secure':
      p = rng.int(6, 12);
      break;
  }
  return Math.max(p, need);
}

/**
 * Make one home of a given type and contract in a district: places, approval ages and sexes, capability (lifted
 * so the children it is made for are met), adaptations (theirs included), household or residents, Ofsted,
 * cost with spread, languages and culture.
 *
 * @example
 * makeHome(rng, { id: 'H-000001', variant: { type: 'ifa_foster', contract: 'framework' }, district, mode: 'extra' });
 */
export function makeHome(rng: Rng, input: MakeHomeInput): DraftHome {
  const { type, contract } = input.variant;
  const kids = input.forChildren ?? [];
  const places = placesFor(rng, type, kids.length);
  const foster = FOSTER_TYPES.has(type);
  let openCap = places;
  if (input.mode === 'host' && (type === 'council_foster' || type === 'ifa_foster') && places >= 2 && places > kids.length) {
    if (rng.chance(type === 'ifa_foster' ? 0.35 : 0.2)) openCap = places - 1;
  }
  const ages = kids.map((c) => c.age);
  const ageRange =
    type === 'connected_person_foster'
      ? { min: 0, max: 17 }
      : foster
        ? pickAgeRange(rng, FOSTER_AGES, ages)
        : type === 'council_childrens_home' || type === 'external_childrens_home'
          ? pickAgeRange(rng, CHILDRENS_HOME_AGES, ages)
          : type.startsWith('supported_')
            ? { min: 16, max: 17 }
            : type === 'residential_special_school'
              ? { min: Math.min(8, ...ages), max: 19 }
              : { min: Math.min(10, ...ages), max: 17 };

  const kidSexes = [...new Set(kids.map((c) => c.sex))];
  const bothP = type === 'connected_person_foster' || type === 'residential_special_school' || type === 'secure' ? 1 : foster ? 0.92 : type.startsWith('supported_') ? 0.7 : 0.85;
  let sexesAccepted: Sex[];
  if (rng.chance(bothP) || kidSexes.length > 1) sexesAccepted = ['female', 'male'];
  else sexesAccepted = kidSexes.length === 1 ? [kidSexes[0] as Sex] : [rng.chance(0.5) ? 'female' : 'male'];

  // Capability: the type's base with small noise; specialist variants; lifted to meet the hosted children.
  const base = BASE_CAPABILITY[type];
  const capability: Record<string, number> = {};
  const complex = (type === 'external_childrens_home' || type === 'council_childrens_home' || type === 'ifa_foster') && rng.chance(0.15);
  D.forEach((d, i) => {
    let v = (base[i] ?? 0) + (rng.chance(0.3) ? rng.int(-1, 1) : 0);
    if (complex && i < 4) v += 1;
    capability[d] = Math.max(0, Math.min(4, v));
  });
  if (type.startsWith('supported_') && rng.chance(0.2)) capability.identity_culture = 3; // UASC-specialist provider
  for (const c of kids) {
    for (const d of D) {
      const need = c.needs[d] ?? 0;
      const lifted = need - (rng.chance(0.25) ? 1 : 0);
      if ((capability[d] ?? 0) < lifted) capability[d] = lifted;
    }
  }

  const adaptations = new Set<Adaptation>();
  for (const c of kids) for (const a of c.disability) adaptations.add(a);
  if (foster && rng.chance(0.03)) adaptations.add('ground_floor_bedroom');
  if ((type === 'council_childrens_home' || type === 'external_childrens_home') && rng.chance(0.08)) {
    for (const a of DISABLED_CHILDRENS_HOME) if (rng.chance(0.7)) adaptations.add(a);
    capability.health_disability = Math.max(capability.health_disability ?? 0, 3);
    capability.communication_neurodiversity = Math.max(capability.communication_neurodiversity ?? 0, 3);
  }
  if (type === 'residential_special_school') for (const a of DISABLED_CHILDRENS_HOME) if (rng.chance(0.7)) adaptations.add(a);
  if (type === 'secure') adaptations.add('secure_outdoor_space');

  const emergencyP: Partial<Record<HomeType, number>> = {
    council_foster: 0.15,
    ifa_foster: 0.2,
    council_childrens_home: 0.12,
    external_childrens_home: 0.12,
    supported_shared: 0.25,
    supported_single: 0.25,
    supported_lodgings: 0.15,
    supported_247: 0.3,
    secure: 0.5,
  };
  const emergency = input.mode === 'kinship_available' ? true : rng.chance((emergencyP[type] ?? 0) * (input.mode === 'extra' ? 1.8 : 1));

  const maxSiblingGroup =
    type === 'connected_person_foster'
      ? places
      : foster
        ? kids.length > 1 || (places >= 2 && rng.chance(0.45))
          ? places
          : 1
        : type === 'council_childrens_home' || type === 'external_childrens_home'
          ? rng.chance(0.25)
            ? 2
            : 1
          : 1;

  let household: DraftHome['household'];
  if (foster) {
    const riskToYounger = kids.some((c) => c.riskFlags.includes('risk_to_younger_children') || c.riskFlags.includes('sexually_harmful_behaviour'));
    const minAge = riskToYounger ? Math.max(...kids.map((c) => c.age)) + 1 : 0;
    const nKids = rng.weightedIndex([0.45, 0.25, 0.2, 0.1]);
    const childrenAges: number[] = [];
    for (let i = 0; i < nKids; i++) {
      const lo = type === 'connected_person_foster' ? 10 : 0;
      childrenAges.push(Math.max(minAge, rng.int(lo, 25)));
    }
    childrenAges.sort((a, b) => b - a);
    const allergic = kids.some((c) => c.riskFlags.includes('pet_allergy'));
    const pets: string[] = [];
    if (!allergic && rng.chance(0.45)) {
      pets.push(rng.pick(PETS));
      if (rng.chance(0.3)) pets.push(rng.pick(PETS));
    }
    household = { childrenAges, pets: [...new Set(pets)] };
  }

  let providerId: string;
  let ofsted: OfstedRating;
  let registration: Home['registration'];
  if (COUNCIL_TYPES.has(type)) {
    providerId = `P-LA${input.council?.laNumber ?? '000'}`;
  } else {
    const pool = POOLS[type] ?? { prefix: 'P-X', size: 5 };
    providerId = `${pool.prefix}-${String(zipfPick(rng, pool.size)).padStart(2, '0')}`;
  }
  if (foster) {
    registration = 'registered';
    ofsted = providerRating(rng, providerId);
  } else ({ registration, ofsted } = ratingFor(rng, type, input.mode));

  let languages = ['English'];
  let religion: string[] = [];
  let culture: string[] = [];
  if (type === 'connected_person_foster') {
    const first = kids[0];
    languages = [...new Set(['English', ...(first?.languages ?? [])])];
    religion = first?.religion && first.religion !== 'None' ? [first.religion] : [];
    culture = first?.ethnicity ? [first.ethnicity] : [];
  } else if (foster) {
    const carer = rng.weighted(
      ETHNICITIES.map((e) => e.name),
      ETHNICITIES.map((e) => e.weight),
    );
    culture = [carer];
    if (carer !== 'White' && rng.chance(0.4)) languages.push(rng.pick(COMMUNITY_LANGUAGES));
    if (rng.chance(0.5)) {
      const r = rng.weighted(
        RELIGIONS.map((x) => x.name),
        RELIGIONS.map((x) => x.weight),
      );
      if (r !== 'None') religion = [r];
    }
  } else if (type.startsWith('supported_') && (capability.identity_culture ?? 0) >= 3) {
    languages = ['English', ...rng.shuffle(UASC_LANGUAGES).slice(0, 2)];
    culture = ['UASC specialist'];
  }

  return {
    id: input.id,
    providerId,
    type,
    contract: COUNCIL_TYPES.has(type) ? 'council_run' : contract,
    district: input.district,
    registration,
    ofsted,
    places,
    openCap,
    ageRange,
    sexesAccepted,
    capability,
    adaptations: [...adaptations].sort(),
    emergency,
    maxSiblingGroup,
    household,
    occupants: [],
    others: [],
    annualCost: annualCost(rng, { type, contract }),
    languages,
    religion,
    culture,
  };
}

const YOUNGER_RISKS: readonly RiskFlag[] = ['risk_to_younger_children', 'sexually_harmful_behaviour'];

/**
 * Can these children join this home now, without breaking any hard rule for them or the people already there?
 * (Capacity, sibling capacity, ages, sexes, adaptations, a needs gap under 2 in every domain, and resident
 * compatibility: risk to younger children, pet allergy, exploitation.) Generation-time only: the match
 * engine's rules live in src/scoring.
 *
 * @example
 * if (canHost(home, group.children)) home.occupants.push(...group.children);
 */
export function canHost(h: DraftHome, kids: readonly DraftChild[]): boolean {
  if (h.occupants.length + h.others.length + kids.length > h.openCap) return false;
  if (kids.length > 1 && h.maxSiblingGroup < kids.length) return false;
  const present: readonly { readonly age: number; readonly riskFlags: readonly RiskFlag[] }[] = h.others.length ? [...h.occupants, ...h.others] : h.occupants;
  const householdAges = h.household?.childrenAges ?? [];
  for (const c of kids) {
    if (c.age < h.ageRange.min || c.age > h.ageRange.max) return false;
    if (!h.sexesAccepted.includes(c.sex)) return false;
    for (const a of c.disability) if (!h.adaptations.includes(a)) return false;
    for (const d of D) if ((c.needs[d] ?? 0) - (h.capability[d] ?? 0) >= 2) return false;
    if (c.riskFlags.includes('pet_allergy') && (h.household?.pets.length ?? 0) > 0) return false;
    const riskToYounger = YOUNGER_RISKS.some((f) => c.riskFlags.includes(f));
    if (riskToYounger && (present.some((p) => p.age < c.age) || householdAges.some((a) => a < c.age))) return false;
    for (const p of present) {
      if (YOUNGER_RISKS.some((f) => p.riskFlags.includes(f)) && c.age < p.age) return false;
      if (c.riskFlags.includes('exploitation_risk_to_others') && p.riskFlags.includes('vulnerable_to_exploitation')) return false;
      if (p.riskFlags.includes('exploitation_risk_to_others') && c.riskFlags.includes('vulnerable_to_exploitation')) return false;
    }
  }
  return true;
}

const OTHER_FLAGS: readonly RiskFlag[] = ['missing_episodes', 'self_harm', 'substance_misuse', 'violence_to_others', 'vulnerable_to_exploitation'];

/**
 * Fill some spare places of residential homes with children from outside the cohort (other authorities'
 * children: ages and risk flags only), compatible with those already there, leaving at least `keepFree`
 * places free. Foster households get some only when `includeFoster` (spare-capacity homes).
 *
 * @example
 * fillOthers(rng, home, 0, false);
 */
export function fillOthers(rng: Rng, h: DraftHome, keepFree: number, includeFoster: boolean): void {
  const fill = RESIDENTIAL_FILL[h.type] ?? (includeFoster && (h.type === 'council_foster' || h.type === 'ifa_foster') ? 0.5 : 0);
  if (fill === 0) return;
  const cohortFlags = new Set(h.occupants.flatMap((c) => c.riskFlags));
  const cohortRiskToYounger = h.occupants.some((c) => YOUNGER_RISKS.some((f) => c.riskFlags.includes(f)));
  const maxFill = h.places - keepFree;
  const spare = maxFill - h.occupants.length - h.others.length;
  for (let k = 0; k < spare; k++) {
    if (!rng.chance(fill)) continue;
    let lo = Math.max(h.ageRange.min, 0);
    const hi = Math.min(h.ageRange.max, h.type === 'residential_special_school' ? 19 : 17);
    // Someone already there is a risk to younger children: only add residents at least as old as them.
    if (cohortRiskToYounger) lo = Math.max(lo, ...h.occupants.filter((c) => YOUNGER_RISKS.some((f) => c.riskFlags.includes(f))).map((c) => c.age));
    if (lo > hi) continue;
    const age = rng.int(lo, hi);
    const flags: RiskFlag[] = [];
    if (h.type !== 'council_foster' && h.type !== 'ifa_foster') {
      for (const f of OTHER_FLAGS) if (rng.chance(0.18)) flags.push(f);
    }
    const safe = flags.filter((f) => !(f === 'vulnerable_to_exploitation' && cohortFlags.has('exploitation_risk_to_others')));
    h.others.push({ age, riskFlags: safe });
  }
}

/**
 * The finished Home (schema shape) for a draft: residents are every child living there now (cohort children
 * first, then others), free places are what is left.
 *
 * @example
 * const home = finishHome(draft); // validates against HomeSchema
 */
export function finishHome(h: DraftHome): Home {
  const residents = [...h.occupants.map((c) => ({ age: c.age, riskFlags: [...c.riskFlags] })), ...h.others.map((o) => ({ age: o.age, riskFlags: [...o.riskFlags] }))];
  const home: Home = {
    id: h.id,
    providerId: h.providerId,
    type: h.type,
    location: { district: h.district.code },
    authority: h.district.centroidLaCode,
    registration: h.registration,
    ofsted: h.ofsted,
    places: h.places,
    freePlaces: Math.max(0, h.places - residents.length),
    ageRange: { ...h.ageRange },
    sexesAccepted: [...h.sexesAccepted],
    capability: { ...h.capability },
    adaptations: [...h.adaptations],
    emergency: h.emergency,
    maxSiblingGroup: h.maxSiblingGroup,
    residents,
    annualCost: h.annualCost,
    contract: h.contract,
    languages: [...h.languages],
    religion: [...h.religion],
    culture: [...h.culture],
  };
  if (h.household) home.household = { childrenAges: [...h.household.childrenAges], pets: [...h.household.pets] };
  return home;
}
