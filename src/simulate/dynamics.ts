import { z } from 'zod';

/**
 * The parameters of the dynamic (one-year) model: who arrives, when, and for how long they stay.
 *
 * Sources and assumptions (see README.md beside this file):
 * - Seasonality: Coventry's children-in-care count falls to its low in May (668) and rises over the summer to
 *   716 in September (domain.md; Coventry scrutiny notes). A cosine arrival intensity with amplitude `a` moves
 *   the stock by about 111·a·(arrivals per day) from trough to peak; a = 0.4 with the peak on day 196
 *   (mid-July) reproduces the ~7 % May-to-September rise with trough in May and peak in September.
 * - Ages on entry: DfE "children who started to be looked after" in England, rounded (infants are over-
 *   represented among entrants compared with the stock in domain.md). ASSUMPTION where not published per LA.
 * - UASC: ~10 % of Coventry's stock (71 of 684), mostly 16-17; a larger share of entrants because they stay
 *   a shorter time (to 18). ASSUMPTION: 12 % of entrants, 85 % of them aged 16-17.
 * - Same-day share: domain.md says referrals "often" arrive the same day; no figure is published.
 *   ASSUMPTION: 30 %.
 * - Sibling groups and kinship: kinship is 21 % of Coventry's children in care excluding UASC (domain.md).
 *   ASSUMPTION: a connected person is available for 18 % of non-UASC entrants; 30 % of entrants arrive with
 *   siblings, in groups of 2 (65 %), 3 (25 %) or 4 (10 %).
 * - Durations: lognormal placement durations with a median by age on entry and a multiplier by setting;
 *   every placement ends at the 18th birthday. ASSUMPTION: medians set so that, on the demo cohorts, the
 *   steady entry rate is ~0.41 of the number in care a year (Coventry 290 for 684, Birmingham 939 for
 *   2,317), in line with England (~33,000 starts a year for 83,840 in care: 0.39).
 * - Arrivals per year default to the stationary rate (Little's law): stock ÷ mean duration, so the stock is
 *   steady over the year apart from the seasonal swing.
 */
export const AGE_BANDS = ['under1', '1to4', '5to9', '10to15', '16plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

const Weights5 = z.strictObject({
  under1: z.number().min(0),
  '1to4': z.number().min(0),
  '5to9': z.number().min(0),
  '10to15': z.number().min(0),
  '16plus': z.number().min(0),
});

/**
 * The dynamic model's parameters (every one documented in the module comment and README.md).
 *
 * @example
 * DynamicsSchema.parse(DEFAULT_DYNAMICS);
 */
export const DynamicsSchema = z.strictObject({
  /** Entrants per year; null = the stationary rate (stock ÷ mean duration). */
  arrivalsPerYear: z.number().min(0).max(1_000_000).nullable(),
  seasonality: z.strictObject({
    amplitude: z.number().min(0).max(0.95),
    /** Day of the year (1-365) arrivals peak. */
    peakDayOfYear: z.number().int().min(1).max(366),
  }),
  sameDayShare: z.number().min(0).max(1),
  ageOnEntry: Weights5,
  uascShare: z.number().min(0).max(1),
  /** Share of UASC entrants aged 16-17 (the rest 14-15). */
  uascAged16to17: z.number().min(0).max(1),
  kinshipAvailable: z.number().min(0).max(1),
  siblingShare: z.number().min(0).max(1),
  /** Probability of a sibling group of 2, 3, 4 (normalised). */
  siblingGroupSizes: z.strictObject({ two: z.number().min(0), three: z.number().min(0), four: z.number().min(0) }),
  /** Median placement duration in days by age on entry. */
  medianDurationDays: Weights5,
  /** Lognormal shape (sigma of log duration). */
  durationSigma: z.number().min(0.05).max(3),
  /** Multiplier on the median duration by the setting of the home. */
  settingDurationMultiplier: z.strictObject({
    kinship: z.number().positive(),
    fostering: z.number().positive(),
    residential: z.number().positive(),
    supported: z.number().positive(),
  }),
});
export type Dynamics = z.infer<typeof DynamicsSchema>;

/**
 * The documented defaults (sources and assumptions in the module comment).
 *
 * @example
 * DEFAULT_DYNAMICS.sameDayShare; // 0.3
 */
export const DEFAULT_DYNAMICS: Dynamics = {
  arrivalsPerYear: null,
  seasonality: { amplitude: 0.4, peakDayOfYear: 196 },
  sameDayShare: 0.3,
  ageOnEntry: { under1: 0.19, '1to4': 0.15, '5to9': 0.15, '10to15': 0.32, '16plus': 0.19 },
  uascShare: 0.12,
  uascAged16to17: 0.85,
  kinshipAvailable: 0.18,
  siblingShare: 0.3,
  siblingGroupSizes: { two: 0.65, three: 0.25, four: 0.1 },
  medianDurationDays: { under1: 760, '1to4': 840, '5to9': 960, '10to15': 820, '16plus': 540 },
  durationSigma: 0.9,
  settingDurationMultiplier: { kinship: 1.4, fostering: 1.0, residential: 0.6, supported: 0.8 },
};

/**
 * A partial override of the dynamics, merged over the defaults (one level deep).
 *
 * @example
 * DynamicsOverrideSchema.parse({ sameDayShare: 0.4, seasonality: { amplitude: 0.2 } });
 */
export const DynamicsOverrideSchema = z.strictObject({
  arrivalsPerYear: DynamicsSchema.shape.arrivalsPerYear.optional(),
  seasonality: DynamicsSchema.shape.seasonality.partial().optional(),
  sameDayShare: DynamicsSchema.shape.sameDayShare.optional(),
  ageOnEntry: Weights5.partial().optional(),
  uascShare: DynamicsSchema.shape.uascShare.optional(),
  uascAged16to17: DynamicsSchema.shape.uascAged16to17.optional(),
  kinshipAvailable: DynamicsSchema.shape.kinshipAvailable.optional(),
  siblingShare: DynamicsSchema.shape.siblingShare.optional(),
  siblingGroupSizes: DynamicsSchema.shape.siblingGroupSizes.partial().optional(),
  medianDurationDays: Weights5.partial().optional(),
  durationSigma: DynamicsSchema.shape.durationSigma.optional(),
  settingDurationMultiplier: DynamicsSchema.shape.settingDurationMultiplier.partial().optional(),
});
export type DynamicsOverride = z.infer<typeof DynamicsOverrideSchema>;

/**
 * Merge an override over the defaults.
 *
 * @example
 * resolveDynamics({ sameDayShare: 0.5 }).sameDayShare; // 0.5
 */
export function resolveDynamics(o: DynamicsOverride = {}, base: Dynamics = DEFAULT_DYNAMICS): Dynamics {
  return {
    arrivalsPerYear: o.arrivalsPerYear !== undefined ? o.arrivalsPerYear : base.arrivalsPerYear,
    seasonality: { ...base.seasonality, ...defined(o.seasonality) },
    sameDayShare: o.sameDayShare ?? base.sameDayShare,
    ageOnEntry: { ...base.ageOnEntry, ...defined(o.ageOnEntry) },
    uascShare: o.uascShare ?? base.uascShare,
    uascAged16to17: o.uascAged16to17 ?? base.uascAged16to17,
    kinshipAvailable: o.kinshipAvailable ?? base.kinshipAvailable,
    siblingShare: o.siblingShare ?? base.siblingShare,
    siblingGroupSizes: { ...base.siblingGroupSizes, ...defined(o.siblingGroupSizes) },
    medianDurationDays: { ...base.medianDurationDays, ...defined(o.medianDurationDays) },
    durationSigma: o.durationSigma ?? base.durationSigma,
    settingDurationMultiplier: { ...base.settingDurationMultiplier, ...defined(o.settingDurationMultiplier) },
  };
}

function defined<T extends object>(o: T | undefined): Partial<T> {
  if (!o) return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The age band of an age in whole years.
 *
 * @example
 * ageBand(0); // 'under1'
 * ageBand(16); // '16plus'
 */
export function ageBand(age: number): AgeBand {
  if (age < 1) return 'under1';
  if (age < 5) return '1to4';
  if (age < 10) return '5to9';
  if (age < 16) return '10to15';
  return '16plus';
}

/**
 * Seasonal arrival intensity multiplier on a day of the year (mean 1 over the year).
 *
 * @example
 * seasonalFactor(196, DEFAULT_DYNAMICS); // 1.4 (the peak)
 */
export function seasonalFactor(dayOfYear: number, d: Dynamics): number {
  return 1 + d.seasonality.amplitude * Math.cos((2 * Math.PI * (dayOfYear - d.seasonality.peakDayOfYear)) / 365);
}
