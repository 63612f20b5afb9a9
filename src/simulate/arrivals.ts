import type { Child, Home, Urgency } from '../domain/index.js';
import { addDays, dateOfBirthForAge, daysBetween } from '../demo/dates.js';
import { ageBand, AGE_BANDS, seasonalFactor, type AgeBand, type Dynamics } from './dynamics.js';
import { poisson, type Rng } from './random.js';
import { defaultCapability } from './changes.js';

/**
 * The children who come into care over the horizon, for one Monte Carlo run. Arrival days follow a seasonal
 * Poisson process; a unit is a child alone or a sibling group; each child's profile (needs, disability,
 * risks, ethnicity, care plan, where the family lives) is taken from a child of the same age band in the
 * cohort (a bootstrap: the demo generator's distributions, or the real cohort's, are reproduced), with a new
 * date of birth for the age on entry, a new pseudonymous id, and the urgency of the referral drawn afresh.
 */

/** One referral: a child, or siblings arriving together. */
export interface ArrivalUnit {
  /** Day of the horizon (0-based). */
  readonly day: number;
  readonly children: readonly Child[];
  /** A connected person's household approved for these children, if one is available. */
  readonly kinshipHome: Home | null;
  /** Standard-normal duration draw per child (common random numbers between baseline and scenario). */
  readonly durationZ: readonly number[];
  /** Days from arrival to each child's 18th birthday. */
  readonly daysTo18: readonly number[];
  /** Age on arrival, per child. */
  readonly ages: readonly number[];
}

/** Cohort children grouped for template draws. */
export interface TemplatePool {
  readonly byBand: ReadonlyMap<AgeBand, readonly Child[]>;
  readonly uasc: readonly Child[];
  readonly all: readonly Child[];
}

/**
 * Index the cohort's children as templates for arrivals (UASC apart; by age band on `asOf`).
 *
 * @example
 * const pool = templatePool(children, '2026-04-01');
 */
export function templatePool(children: readonly Child[], asOf: string): TemplatePool {
  const byBand = new Map<AgeBand, Child[]>();
  const uasc: Child[] = [];
  for (const c of children) {
    if (c.uasc) {
      uasc.push(c);
      continue;
    }
    const band = ageBand(Math.max(0, Math.floor(daysBetween(c.dateOfBirth, asOf) / 365.25)));
    const list = byBand.get(band);
    if (list) list.push(c);
    else byBand.set(band, [c]);
  }
  return { byBand, uasc, all: children };
}

function templateFor(pool: TemplatePool, rng: Rng, band: AgeBand, uasc: boolean): Child | undefined {
  if (uasc && pool.uasc.length > 0) return rng.pick(pool.uasc);
  const i = AGE_BANDS.indexOf(band);
  // Same band first, then the nearest bands outwards.
  for (let k = 0; k < AGE_BANDS.length; k++) {
    for (const j of [i - k, i + k]) {
      const list = pool.byBand.get(AGE_BANDS[j] as AgeBand);
      if (list && list.length > 0) return rng.pick(list);
    }
  }
  return pool.all.length > 0 ? rng.pick(pool.all) : undefined;
}

function ageInBand(rng: Rng, band: AgeBand): number {
  switch (band) {
    case 'under1':
      return 0;
    case '1to4':
      return rng.int(1, 4);
    case '5to9':
      return rng.int(5, 9);
    case '10to15':
      return rng.int(10, 15);
    case '16plus':
      return rng.int(16, 17);
  }
}

/** Settings for {@link generateArrivals}. */
export interface ArrivalOptions {
  readonly dynamics: Dynamics;
  readonly asOf: string;
  readonly horizonDays: number;
  /** Children entering care per year (already resolved: the stationary rate or the scenario's figure). */
  readonly childrenPerYear: number;
  /** Prefix for the arrivals' pseudonymous ids (e.g. "A3-" for run 3). */
  readonly idPrefix: string;
}

/**
 * Mean number of children per referral unit and the probability a unit is a sibling group, so that
 * `siblingShare` of children arrive with siblings.
 *
 * @example
 * unitShape(DEFAULT_DYNAMICS).groupProbability; // ≈ 0.15
 */
export function unitShape(d: Dynamics): { groupProbability: number; meanGroupSize: number; childrenPerUnit: number } {
  const w = d.siblingGroupSizes;
  const total = w.two + w.three + w.four;
  const meanGroupSize = total > 0 ? (2 * w.two + 3 * w.three + 4 * w.four) / total : 2;
  const s = d.siblingShare;
  const g = s <= 0 || total <= 0 ? 0 : s / (meanGroupSize * (1 - s) + s);
  return { groupProbability: g, meanGroupSize, childrenPerUnit: 1 - g + g * meanGroupSize };
}

function urgencyDraw(rng: Rng, d: Dynamics): Urgency {
  if (rng.chance(d.sameDayShare)) return 'same_day';
  return rng.chance(0.25) ? 'within_5_days' : 'planned';
}

/**
 * Generate one run's arrivals, sorted by day. Deterministic for a given stream.
 *
 * @example
 * const units = generateArrivals(rng.fork('arrivals'), pool, { dynamics, asOf, horizonDays: 365, childrenPerYear: 300, idPrefix: 'A0-' });
 */
export function generateArrivals(rng: Rng, pool: TemplatePool, opts: ArrivalOptions): ArrivalUnit[] {
  const d = opts.dynamics;
  if (pool.all.length === 0 || opts.childrenPerYear <= 0) return [];
  const shape = unitShape(d);
  const unitsPerDay = opts.childrenPerYear / shape.childrenPerUnit / 365;
  const sizeWeights = [d.siblingGroupSizes.two, d.siblingGroupSizes.three, d.siblingGroupSizes.four];
  const bandWeights = AGE_BANDS.map((b) => d.ageOnEntry[b]);
  const startDay = dayOfYear(opts.asOf);
  const units: ArrivalUnit[] = [];
  let seq = 0;
  for (let day = 0; day < opts.horizonDays; day++) {
    const n = poisson(rng, unitsPerDay * seasonalFactor(((startDay + day - 1) % 365) + 1, d));
    for (let k = 0; k < n; k++) {
      const date = addDays(opts.asOf, day);
      const uasc = rng.chance(d.uascShare);
      const size = !uasc && rng.chance(shape.groupProbability) ? 2 + rng.weightedIndex(sizeWeights) : 1;
      const firstBand: AgeBand = uasc ? (rng.chance(d.uascAged16to17) ? '16plus' : '10to15') : (AGE_BANDS[rng.weightedIndex(bandWeights)] as AgeBand);
      const first = templateFor(pool, rng, firstBand, uasc);
      if (!first) continue;
      const unitId = `${opts.idPrefix}${String(++seq).padStart(5, '0')}`;
      const urgency = urgencyDraw(rng, d);
      const kin = !uasc && rng.chance(d.kinshipAvailable);
      const kinshipHomeId = kin ? `K-${unitId}` : undefined;
      const children: Child[] = [];
      const ages: number[] = [];
      for (let m = 0; m < size; m++) {
        // Siblings are within five years of the first child.
        const age =
          m > 0 ? Math.max(0, Math.min(17, (ages[0] as number) + rng.int(-5, 5))) : uasc ? (firstBand === '16plus' ? rng.int(16, 17) : rng.int(14, 15)) : ageInBand(rng, firstBand);
        const t = m === 0 ? first : (templateFor(pool, rng, ageBand(age), false) ?? first);
        children.push(
          arrivalChild(t, {
            id: size > 1 ? `${unitId}-${m + 1}` : unitId,
            dateOfBirth: dateOfBirthForAge(rng, date, age),
            age,
            uasc,
            urgency,
            // Siblings share the first child's family home, authority and ethnicity.
            family: first,
            siblingGroupId: size > 1 ? `SG-${unitId}` : undefined,
            kinshipHomeId,
          }),
        );
        ages.push(age);
      }
      const daysTo18 = children.map((c) => Math.max(1, daysBetween(date, addDays(c.dateOfBirth, Math.round(18 * 365.25)))));
      units.push({
        day,
        children,
        kinshipHome: kinshipHomeId ? kinshipHome(kinshipHomeId, first, size) : null,
        durationZ: children.map(() => rng.normal()),
        daysTo18,
        ages,
      });
    }
  }
  return units;
}

interface ArrivalSpec {
  readonly id: string;
  readonly dateOfBirth: string;
  readonly age: number;
  readonly uasc: boolean;
  readonly urgency: Urgency;
  readonly family: Child;
  readonly siblingGroupId: string | undefined;
  readonly kinshipHomeId: string | undefined;
}

function arrivalChild(t: Child, s: ArrivalSpec): Child {
  const schoolAge = s.age >= 4 && s.age <= 16;
  const legalStatus =
    s.urgency !== 'same_day' && (t.legalStatus === 'police_protection' || t.legalStatus === 'remand') ? 'interim_care_order' : t.legalStatus;
  const child: Child = {
    id: s.id,
    dateOfBirth: s.dateOfBirth,
    sex: t.sex,
    legalStatus,
    uasc: s.uasc,
    placingAuthority: s.family.placingAuthority,
    homeLocation: s.family.homeLocation,
    needs: t.needs,
    disabilityRequirements: t.disabilityRequirements,
    riskFlags: s.age < 10 ? [] : t.riskFlags,
    connectedPersons: s.kinshipHomeId ? [{ homeId: s.kinshipHomeId, relationship: 'connected person' }] : [],
    languages: t.languages,
    wishes: { preferredAreas: [] },
    avoidAreas: t.avoidAreas,
    urgency: s.urgency,
    carePlanSetting: adjustPlan(t.carePlanSetting, s.age),
  };
  if (schoolAge) child.school = t.school ?? { location: s.family.homeLocation };
  if (s.siblingGroupId) child.siblingGroupId = s.siblingGroupId;
  if (t.religion !== undefined) child.religion = t.religion;
  const ethnicity = s.family.ethnicity ?? t.ethnicity;
  if (ethnicity !== undefined) child.ethnicity = ethnicity;
  return child;
}

/** A care plan consistent with the age on entry: no supported accommodation under 16. */
function adjustPlan(plan: Child['carePlanSetting'], age: number): Child['carePlanSetting'] {
  if (plan === 'supported' && age < 16) return 'fostering';
  return plan;
}

/** A connected person's household for a referral: near the family home, fostering capability, council-paid. */
function kinshipHome(id: string, family: Child, size: number): Home {
  return {
    id,
    providerId: 'P-KINSHIP',
    type: 'connected_person_foster',
    location: family.homeLocation,
    registration: 'registered',
    ofsted: 'not_yet_inspected',
    places: size,
    freePlaces: size,
    ageRange: { min: 0, max: 17 },
    sexesAccepted: ['female', 'male'],
    capability: defaultCapability('connected_person_foster'),
    adaptations: [],
    emergency: true,
    maxSiblingGroup: Math.max(1, size),
    residents: [],
    annualCost: 16_960,
    contract: 'council_run',
    languages: [],
    religion: [],
    culture: [],
  };
}

/**
 * Day of the year (1-366) of an ISO date.
 *
 * @example
 * dayOfYear('2026-02-01'); // 32
 */
export function dayOfYear(iso: string): number {
  return daysBetween(`${iso.slice(0, 4)}-01-01`, iso) + 1;
}
