import type { Adaptation } from '../domain/common.js';
import type { HomeType } from '../domain/home.js';

/**
 * Every number the demo generator draws from, in one place, each with its source. "domain.md" means
 * ../shared/docs/domain.md (Coventry figures unless stated); "DfE" means the statistics in opendata/dfe/
 * (read per authority at run time, see dfe.ts); "invented" means no open figure was found and the value is a
 * plausible assumption, listed in src/demo/README.md.
 */

/** Age bands (domain.md: under 1 5 %, 1-4 18 %, 5-9 17 %, 10-15 33 %, 16+ 26 %; the five sum to 99 % and are normalised). */
export const AGE_BANDS: readonly { readonly min: number; readonly max: number; readonly share: number }[] = [
  { min: 0, max: 0, share: 5 / 99 },
  { min: 1, max: 4, share: 18 / 99 },
  { min: 5, max: 9, share: 17 / 99 },
  { min: 10, max: 15, share: 33 / 99 },
  { min: 16, max: 17, share: 26 / 99 },
];

/** Relative weight of each single year inside its band (invented: the 10-15 band skews older, as in DfE's age tables). */
export const AGE_YEAR_WEIGHT: readonly number[] = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.8, 0.85, 0.95, 1.05, 1.15, 1.2, 0.48, 0.52];

/** Share male (domain.md: 60 %). */
export const MALE_SHARE = 0.6;

/** Share of unaccompanied asylum-seeking children (domain.md: ~10 %, mostly 16-17). */
export const UASC_SHARE = 0.1;
/** UASC ages (invented split of "mostly 16-17"). */
export const UASC_AGES: readonly { readonly age: number; readonly weight: number }[] = [
  { age: 13, weight: 0.02 },
  { age: 14, weight: 0.05 },
  { age: 15, weight: 0.08 },
  { age: 16, weight: 0.38 },
  { age: 17, weight: 0.47 },
];
/** Share of UASC who are male (invented; DfE reports the large majority are boys). */
export const UASC_MALE_SHARE = 0.92;

/** Share of children who belong to a sibling group in care (invented; see README). */
export const SIBLING_SHARE = 0.35;
/** Sibling group sizes 2, 3, 4 (invented). */
export const SIBLING_SIZE_WEIGHTS: readonly number[] = [0.6, 0.28, 0.12];
/** Largest age gap from the first sibling (years). */
export const SIBLING_MAX_GAP = 6;
/** Probability that foster-placed siblings (2-3) live together (invented; ~ the share kept together nationally). */
export const SIBLINGS_TOGETHER = 0.75;

/** Share of non-UASC children with a connected person (kinship carer) (domain.md: kinship 21 % excluding UASC). */
export const KINSHIP_SHARE = 0.21;
/** Independent fostering agencies' share of foster placements (domain.md: ~76 % with council carers, incl. kinship). */
export const IFA_SHARE_OF_FOSTER = 0.24;

/** Sub-types of the DfE "secure homes and children's homes" group (invented split; domain.md has 14 council homes in Coventry). */
export const CHILDRENS_HOME_VARIANTS: readonly { readonly type: HomeType; readonly contract: ContractKind; readonly share: number }[] = [
  { type: 'secure', contract: 'spot', share: 0.03 },
  { type: 'council_childrens_home', contract: 'council_run', share: 0.25 },
  { type: 'external_childrens_home', contract: 'block', share: 0.2 },
  { type: 'external_childrens_home', contract: 'framework', share: 0.29 },
  { type: 'external_childrens_home', contract: 'spot', share: 0.23 },
];

/** Supported accommodation mix (domain.md, Coventry: shared houses 34, single flats 30, supported lodgings 3, 24/7 staffed 4). */
export const SUPPORTED_VARIANTS: readonly { readonly type: HomeType; readonly share: number }[] = [
  { type: 'supported_shared', share: 34 / 71 },
  { type: 'supported_single', share: 30 / 71 },
  { type: 'supported_lodgings', share: 3 / 71 },
  { type: 'supported_247', share: 4 / 71 },
];

/** A home's contract (HomeSchema `contract`). */
export type ContractKind = 'council_run' | 'block' | 'framework' | 'spot';

/**
 * Mean annual cost per placement, £ (domain.md, Coventry 2022/23, except where marked invented). External
 * residential "other" is £275,748 across framework and spot; it is split here as framework £240,000 and spot
 * ~£320,000 so the mix reproduces the published mean (framework:spot ≈ 56:44 in this generator).
 */
export const COSTS = {
  connected_person_foster: 16_960,
  council_foster: 23_993,
  ifa_foster: 50_326,
  council_childrens_home: 219_985,
  external_block: 175_725,
  external_framework: 240_000,
  external_spot: 320_000,
  external_other_published: 275_748,
  /** invented: ~£1,000/week */
  supported_shared: 52_000,
  /** invented: ~£1,150/week */
  supported_single: 60_000,
  /** invented: ~£350/week (a host's allowance plus support) */
  supported_lodgings: 18_000,
  /** invented: ~£2,500/week */
  supported_247: 130_000,
  /** invented: 52-week residential special school placement */
  residential_special_school: 230_000,
  /** invented: secure children's home, ~£7,500/week */
  secure: 390_000,
} as const;

/** Share of school-age children (4-17) with an EHCP, and with SEN support but no EHCP (domain.md: SEN 53 %, EHCP 25-28 %). */
export const EHCP_SHARE = 0.265;
/** SEN support without an EHCP, of school-age children (53 % SEN in all, less the EHCPs). */
export const SEN_SUPPORT_SHARE = 0.265;

/** Disability requirement sets and their relative frequency (invented). */
export const DISABILITY_SETS: readonly { readonly needs: readonly Adaptation[]; readonly weight: number; readonly physical: boolean }[] = [
  { needs: ['wheelchair_access', 'adapted_bathroom', 'ground_floor_bedroom'], weight: 3, physical: true },
  { needs: ['wheelchair_access', 'hoist', 'ceiling_track', 'adapted_bathroom'], weight: 2, physical: true },
  { needs: ['sensory_adaptations'], weight: 3, physical: false },
  { needs: ['sensory_adaptations', 'secure_outdoor_space'], weight: 2, physical: false },
  { needs: ['ground_floor_bedroom'], weight: 1, physical: true },
];

/** Ethnicity mix (invented, close to England's looked-after population: White ~71 %, Mixed ~11 %, Black ~7 %, Asian ~5 %). */
export const ETHNICITIES: readonly { readonly name: string; readonly weight: number }[] = [
  { name: 'White', weight: 68 },
  { name: 'Mixed', weight: 12 },
  { name: 'Asian or Asian British', weight: 8 },
  { name: 'Black or Black British', weight: 8 },
  { name: 'Other ethnic group', weight: 4 },
];

/** UASC countries of origin, represented only by language, religion and ethnicity group (invented mix). */
export const UASC_ORIGINS: readonly { readonly language: string; readonly religion: string; readonly ethnicity: string; readonly weight: number }[] = [
  { language: 'Pashto', religion: 'Muslim', ethnicity: 'Asian or Asian British', weight: 22 },
  { language: 'Dari', religion: 'Muslim', ethnicity: 'Asian or Asian British', weight: 10 },
  { language: 'Arabic', religion: 'Muslim', ethnicity: 'Other ethnic group', weight: 20 },
  { language: 'Tigrinya', religion: 'Christian', ethnicity: 'Black or Black British', weight: 16 },
  { language: 'Kurdish', religion: 'Muslim', ethnicity: 'Other ethnic group', weight: 12 },
  { language: 'Amharic', religion: 'Christian', ethnicity: 'Black or Black British', weight: 6 },
  { language: 'Vietnamese', religion: 'None', ethnicity: 'Other ethnic group', weight: 7 },
  { language: 'Albanian', religion: 'Muslim', ethnicity: 'White', weight: 7 },
];

/** Second languages spoken at home by some non-UASC children (invented). */
export const COMMUNITY_LANGUAGES: readonly string[] = ['Urdu', 'Punjabi', 'Polish', 'Romanian', 'Arabic', 'Somali', 'Bengali', 'Gujarati'];

/** Religions recorded for non-UASC children (invented; about 60 % have one recorded). */
export const RELIGIONS: readonly { readonly name: string; readonly weight: number }[] = [
  { name: 'Christian', weight: 40 },
  { name: 'None', weight: 35 },
  { name: 'Muslim', weight: 15 },
  { name: 'Sikh', weight: 5 },
  { name: 'Hindu', weight: 3 },
  { name: 'Other', weight: 2 },
];

/** Urgency mix of referrals (invented). Police protection and remand are always same day. */
export const URGENCY_WEIGHTS = { planned: 0.72, within_5_days: 0.18, same_day: 0.1 } as const;

/** Typical months in the current home, by setting (invented; capped by age, and by arrival for UASC). */
export const TENURE_MONTHS = { fostering: 26, kinship: 32, residential: 14, supported: 9 } as const;
