import {
  ADAPTATIONS,
  DEFAULT_NEED_DOMAINS,
  HOME_TYPES,
  RISK_FLAGS,
  settingOf,
  type Child,
  type Home,
  type HomeType,
} from '../../domain/index.js';

/**
 * Seeded synthetic homes and children for tests and benchmarks (NOT the demo generator: no calibration to
 * statistics, just varied enough to exercise every rule and factor).
 */

/** mulberry32: a small, fast, seeded PRNG in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COSTS: Record<HomeType, number> = {
  connected_person_foster: 16960,
  council_foster: 23993,
  ifa_foster: 50326,
  council_childrens_home: 219985,
  external_childrens_home: 275748,
  supported_shared: 60000,
  supported_single: 70000,
  supported_lodgings: 30000,
  supported_247: 150000,
  residential_special_school: 250000,
  secure: 400000,
};

const LANGS = ['English', 'Polish', 'Punjabi', 'Urdu', 'Arabic', 'Somali', 'Romanian', 'Tigrinya'];
const RELIGIONS = ['Christian', 'Muslim', 'Sikh', 'Hindu', 'None'];
const CULTURES = ['White British', 'Pakistani', 'Indian', 'Black African', 'Black Caribbean', 'Eritrean', 'Polish'];

/**
 * `n` homes spread over the given postcode districts, deterministic for a seed.
 *
 * @example
 * const homes = syntheticHomes(1000, ['CV1', 'CV2', 'B1'], 42);
 */
export function syntheticHomes(n: number, districts: readonly string[], seed = 1): Home[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const homes: Home[] = [];
  for (let i = 0; i < n; i++) {
    const type = pick(HOME_TYPES);
    const setting = settingOf(type);
    const places = setting === 'fostering' ? 1 + Math.floor(r() * 3) : 2 + Math.floor(r() * 4);
    const freePlaces = Math.floor(r() * (places + 1));
    const capability: Record<string, number> = {};
    for (const d of DEFAULT_NEED_DOMAINS) capability[d] = Math.floor(r() * 5);
    const residents = Array.from({ length: Math.floor(r() * (places - freePlaces + 1)) }, () => ({
      age: Math.floor(r() * 18),
      riskFlags: r() < 0.15 ? [pick(RISK_FLAGS)] : [],
    }));
    const min = setting === 'supported' ? 16 : pick([0, 0, 5, 11]);
    homes.push({
      id: `H-${String(i).padStart(6, '0')}`,
      providerId: `P-${Math.floor(r() * 200)}`,
      type,
      location: { district: pick(districts) },
      registration: r() < 0.03 ? 'unregistered' : r() < 0.03 ? 'pending' : 'registered',
      ofsted: r() < 0.05 ? 'inadequate' : pick(['outstanding', 'good', 'good', 'requires_improvement', 'not_yet_inspected'] as const),
      places,
      freePlaces,
      ageRange: { min, max: setting === 'supported' ? 17 : pick([17, 17, 12]) },
      sexesAccepted: r() < 0.8 ? ['female', 'male'] : [pick(['female', 'male'] as const)],
      capability,
      adaptations: ADAPTATIONS.filter(() => r() < 0.15),
      emergency: r() < 0.2,
      maxSiblingGroup: setting === 'fostering' ? 1 + Math.floor(r() * 3) : 1 + Math.floor(r() * 2),
      residents,
      household: setting === 'fostering' ? { childrenAges: r() < 0.4 ? [Math.floor(r() * 20)] : [], pets: r() < 0.3 ? ['dog'] : [] } : undefined,
      annualCost: Math.round(COSTS[type] * (0.8 + r() * 0.4)),
      contract: setting === 'fostering' ? (type === 'ifa_foster' ? 'framework' : 'council_run') : pick(['council_run', 'block', 'framework', 'spot'] as const),
      languages: r() < 0.5 ? ['English', ...(r() < 0.3 ? [pick(LANGS)] : [])] : [],
      religion: r() < 0.3 ? [pick(RELIGIONS)] : [],
      culture: r() < 0.3 ? [pick(CULTURES)] : [],
    });
  }
  return homes;
}

/**
 * A synthetic child living in one of the given districts.
 *
 * @example
 * const child = syntheticChild(7, ['CV1', 'CV2'], 'E08000026');
 */
export function syntheticChild(seed: number, districts: readonly string[], placingAuthority: string, asOf = '2026-11-22'): Child {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const age = Math.floor(r() * 18);
  const year = Number(asOf.slice(0, 4)) - age - 1;
  const needs: Record<string, number> = {};
  for (const d of DEFAULT_NEED_DOMAINS) needs[d] = Math.floor(r() * r() * 5);
  return {
    id: `C-${seed}`,
    dateOfBirth: `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-15`,
    sex: pick(['female', 'male'] as const),
    legalStatus: 'care_order',
    uasc: false,
    placingAuthority,
    homeLocation: { district: pick(districts) },
    school: r() < 0.7 ? { location: { district: pick(districts) } } : undefined,
    needs,
    disabilityRequirements: r() < 0.1 ? [pick(ADAPTATIONS)] : [],
    riskFlags: r() < 0.3 ? [pick(RISK_FLAGS)] : [],
    connectedPersons: [],
    religion: r() < 0.4 ? pick(RELIGIONS) : undefined,
    languages: r() < 0.6 ? [pick(LANGS)] : [],
    ethnicity: r() < 0.4 ? pick(CULTURES) : undefined,
    wishes: { preferredAreas: r() < 0.3 ? [pick(districts)] : [] },
    avoidAreas: { districts: r() < 0.2 ? [pick(districts)] : [], polygons: [] },
    urgency: r() < 0.1 ? 'same_day' : 'planned',
    carePlanSetting: pick(['fostering', 'residential', 'supported', 'any', 'any'] as const),
  };
}
