import { ageOn, settingOf, type Child, type Home, type Setting } from '../domain/index.js';
import { addDays, daysBetween } from '../demo/dates.js';
import { ageBand, seasonalFactor, type Dynamics } from './dynamics.js';
import { dayOfYear } from './arrivals.js';

/** What a placement's duration depends on besides age: the setting, with kinship apart from other fostering. */
export type DurationSetting = Setting | 'kinship';

/**
 * Length of a new placement in days: lognormal with the median for the child's age on entry times the
 * setting's multiplier, `z` the standard-normal draw (drawn once per child, so baseline and scenario share
 * it: common random numbers), never beyond the 18th birthday and at least one day.
 *
 * @example
 * placementDays(DEFAULT_DYNAMICS, 12, 2000, 'fostering', 0); // 820 (the median)
 */
export function placementDays(d: Dynamics, age: number, daysTo18: number, setting: DurationSetting, z: number): number {
  const median = d.medianDurationDays[ageBand(age)] * d.settingDurationMultiplier[setting];
  const days = Math.round(median * Math.exp(d.durationSigma * z));
  return Math.max(1, Math.min(days, Math.max(1, daysTo18)));
}

/**
 * Days left in a placement already under way at the start (the stationary residual of the lognormal
 * renewal process): `u` times a length-biased duration, which for a lognormal is lognormal with the log-mean
 * raised by sigma squared. `u` uniform in [0, 1), `z` standard normal. Capped at the 18th birthday.
 *
 * @example
 * residualDays(DEFAULT_DYNAMICS, 12, 2000, 'fostering', 0.5, 0); // ≈ 0.5 × 820 × e^0.81, capped at 2000
 */
export function residualDays(d: Dynamics, age: number, daysTo18: number, setting: DurationSetting, u: number, z: number): number {
  const median = d.medianDurationDays[ageBand(age)] * d.settingDurationMultiplier[setting];
  const lengthBiased = median * Math.exp(d.durationSigma * d.durationSigma + d.durationSigma * z);
  return Math.max(1, Math.min(Math.round(u * lengthBiased), Math.max(1, daysTo18)));
}

/**
 * Expected placement length of an entrant, days: E[min(lognormal, days to 18)] averaged over the entry age
 * mix (uniform within each band) and the given setting mix, by numerical integration on a fixed grid
 * (deterministic, no random draws).
 *
 * @example
 * meanPlacementDays(DEFAULT_DYNAMICS, { fostering: 0.75, residential: 0.1, supported: 0.1, kinship: 0.05 }); // ≈ 900
 */
export function meanPlacementDays(d: Dynamics, settingMix: Readonly<Record<DurationSetting, number>>): number {
  const bands: { band: keyof Dynamics['ageOnEntry']; ages: number[] }[] = [
    { band: 'under1', ages: [0] },
    { band: '1to4', ages: [1, 2, 3, 4] },
    { band: '5to9', ages: [5, 6, 7, 8, 9] },
    { band: '10to15', ages: [10, 11, 12, 13, 14, 15] },
    { band: '16plus', ages: [16, 17] },
  ];
  let mixTotal = 0;
  for (const v of Object.values(settingMix)) mixTotal += v;
  const totalWeight = bands.reduce((s, b) => s + d.ageOnEntry[b.band], 0);
  if (totalWeight <= 0 || mixTotal <= 0) return d.medianDurationDays['10to15'];
  // Gauss-Hermite-like grid on z in [-4, 4] with normal weights.
  const zs: number[] = [];
  const ws: number[] = [];
  for (let z = -4; z <= 4.0001; z += 0.1) {
    zs.push(z);
    ws.push(Math.exp(-0.5 * z * z));
  }
  const wsum = ws.reduce((a, b) => a + b, 0);
  let mean = 0;
  for (const b of bands) {
    const bw = d.ageOnEntry[b.band] / totalWeight;
    if (bw === 0) continue;
    for (const age of b.ages) {
      // Entering at `age` plus half a year on average: days to 18.
      const daysTo18 = (18 - age - 0.5) * 365.25;
      for (const [s, share] of Object.entries(settingMix) as [DurationSetting, number][]) {
        if (share <= 0) continue;
        let e = 0;
        for (let k = 0; k < zs.length; k++) e += (ws[k] as number) * placementDays(d, age, daysTo18, s, zs[k] as number);
        mean += (bw / b.ages.length) * (share / mixTotal) * (e / wsum);
      }
    }
  }
  return mean;
}

const Z_GRID: { z: number; w: number }[] = (() => {
  const out: { z: number; w: number }[] = [];
  let sum = 0;
  for (let z = -4; z <= 4.0001; z += 0.1) {
    const w = Math.exp(-0.5 * z * z);
    out.push({ z, w });
    sum += w;
  }
  return out.map((p) => ({ z: p.z, w: p.w / sum }));
})();

/**
 * Probability that a placement under way at the start ends within `horizon` days (the residual of
 * {@link residualDays}: u × length-biased lognormal, capped at the 18th birthday), by quadrature over z and u.
 *
 * @example
 * residualEndsWithin(DEFAULT_DYNAMICS, 12, 2000, 'fostering', 365); // ≈ 0.3
 */
export function residualEndsWithin(d: Dynamics, age: number, daysTo18: number, setting: DurationSetting, horizon: number): number {
  if (daysTo18 <= horizon) return 1;
  const median = d.medianDurationDays[ageBand(age)] * d.settingDurationMultiplier[setting];
  let p = 0;
  for (const { z, w } of Z_GRID) {
    const lengthBiased = median * Math.exp(d.durationSigma * d.durationSigma + d.durationSigma * z);
    // u uniform: P(u × L < H) = min(1, H / L).
    p += w * Math.min(1, horizon / lengthBiased);
  }
  return p;
}

/**
 * Probability that an entrant arriving on a uniformly random day of the horizon (weighted by `dayWeight`)
 * leaves again before it ends, averaged over the entry age mix and the setting mix.
 *
 * @example
 * entrantEndsWithin(DEFAULT_DYNAMICS, { fostering: 1, residential: 0, supported: 0, kinship: 0 }, 365, () => 1); // ≈ 0.25
 */
export function entrantEndsWithin(
  d: Dynamics,
  settingMix: Readonly<Record<DurationSetting, number>>,
  horizon: number,
  dayWeight: (day: number) => number,
): number {
  const bands: { band: keyof Dynamics['ageOnEntry']; ages: number[] }[] = [
    { band: 'under1', ages: [0] },
    { band: '1to4', ages: [1, 2, 3, 4] },
    { band: '5to9', ages: [5, 6, 7, 8, 9] },
    { band: '10to15', ages: [10, 11, 12, 13, 14, 15] },
    { band: '16plus', ages: [16, 17] },
  ];
  const totalAge = bands.reduce((s, b) => s + d.ageOnEntry[b.band], 0);
  let mixTotal = 0;
  for (const v of Object.values(settingMix)) mixTotal += v;
  if (totalAge <= 0 || mixTotal <= 0) return 0;
  const step = Math.max(1, Math.floor(horizon / 24));
  let wDays = 0;
  let p = 0;
  for (let t = 0; t < horizon; t += step) {
    const wt = dayWeight(t);
    wDays += wt;
    const left = horizon - t;
    for (const b of bands) {
      const bw = d.ageOnEntry[b.band] / totalAge;
      if (bw === 0) continue;
      for (const age of b.ages) {
        const daysTo18 = (18 - age - 0.5) * 365.25;
        for (const [s, share] of Object.entries(settingMix) as [DurationSetting, number][]) {
          if (share <= 0) continue;
          let q = 0;
          for (const { z, w } of Z_GRID) if (placementDays(d, age, daysTo18, s, z) < left) q += w;
          p += wt * (bw / b.ages.length) * (share / mixTotal) * q;
        }
      }
    }
  }
  return wDays > 0 ? p / wDays : 0;
}

/**
 * Entrants per year that keep the number in care steady over the horizon: the expected departures of the
 * children in care at the start, divided by the share of entrants still in care at the end (both by
 * quadrature over the duration model, with the seasonal arrival pattern). Children not yet in a home count
 * as fostering placements.
 *
 * @example
 * steadyArrivalsPerYear(cohort, homes, '2026-04-01', 365, DEFAULT_DYNAMICS); // ≈ 290 for Coventry's demo cohort
 */
export function steadyArrivalsPerYear(cohort: readonly Child[], homes: readonly Home[], asOf: string, horizonDays: number, d: Dynamics): number {
  const byId = new Map(homes.map((h) => [h.id, h]));
  const mix: Record<DurationSetting, number> = { kinship: 0, fostering: 0, residential: 0, supported: 0 };
  let leaving = 0;
  for (const c of cohort) {
    const h = c.currentPlacement ? byId.get(c.currentPlacement.homeId) : undefined;
    const setting: DurationSetting = h ? (h.type === 'connected_person_foster' ? 'kinship' : settingOf(h.type)) : 'fostering';
    mix[setting] += 1;
    const age = ageOn(c.dateOfBirth, asOf);
    const to18 = Math.max(1, daysBetween(asOf, addDays(c.dateOfBirth, Math.round(18 * 365.25))));
    leaving += residualEndsWithin(d, age, to18, setting, horizonDays);
  }
  const start = dayOfYear(asOf);
  const stay = 1 - entrantEndsWithin(d, mix, horizonDays, (t) => seasonalFactor(((start + t - 1) % 365) + 1, d));
  if (stay <= 0) return 0;
  return (leaving / stay) * (365 / horizonDays);
}
