import type { CarePlanSetting, LegalStatus, Urgency } from '../domain/child.js';
import type { Adaptation, RiskFlag, Sex } from '../domain/common.js';
import type { HomeType } from '../domain/home.js';
import { DEFAULT_NEED_DOMAINS } from '../domain/needs.js';
import { dateOfBirthForAge } from './dates.js';
import type { DfeMixKey, DfePlacementProfile } from './dfe.js';
import { DFE_MIX_KEYS } from './dfe.js';
import type { DemoDistrict } from './districts.js';
import {
  AGE_BANDS,
  AGE_YEAR_WEIGHT,
  CHILDRENS_HOME_VARIANTS,
  COMMUNITY_LANGUAGES,
  DISABILITY_SETS,
  EHCP_SHARE,
  ETHNICITIES,
  IFA_SHARE_OF_FOSTER,
  KINSHIP_SHARE,
  MALE_SHARE,
  RELIGIONS,
  SEN_SUPPORT_SHARE,
  SIBLING_MAX_GAP,
  SIBLING_SHARE,
  SIBLING_SIZE_WEIGHTS,
  SIBLINGS_TOGETHER,
  SUPPORTED_VARIANTS,
  UASC_AGES,
  UASC_MALE_SHARE,
  UASC_ORIGINS,
  URGENCY_WEIGHTS,
  type ContractKind,
} from './distributions.js';
import { apportion, type Rng } from './rng.js';
import { cumulativeSampler, pickUnits, weightedSample } from './sampling.js';

/** What a child's registry placement is: a home type and, for bought places, the contract. */
export interface Variant {
  readonly type: HomeType;
  readonly contract: ContractKind;
}

/** A child while the generator builds it (mutable; becomes a `Child` at the end). */
export interface DraftChild {
  readonly id: string;
  readonly la: string;
  readonly age: number;
  readonly dob: string;
  sex: Sex;
  readonly uasc: boolean;
  family: DraftFamily | undefined;
  /** The DfE placement group the child is in at the snapshot. */
  category: DfeMixKey;
  /** Home type and contract, for children placed in a registry home (foster, children's homes, supported, schools). */
  variant: Variant | undefined;
  /** Set when the child's needs were drawn at foster level although placed in residential care (step-down). */
  stepDown: boolean;
  needs: Record<string, number>;
  sen: 'ehcp' | 'sen_support' | 'none';
  disability: Adaptation[];
  riskFlags: RiskFlag[];
  legalStatus: LegalStatus;
  urgency: Urgency;
  carePlanSetting: CarePlanSetting;
  ethnicity: string | undefined;
  religion: string | undefined;
  languages: string[];
}

/** A family: one child, or a sibling group, sharing a home address. */
export interface DraftFamily {
  readonly index: number;
  readonly members: DraftChild[];
  readonly homeDistrict: DemoDistrict;
  siblingGroupId: string | undefined;
  /** True when the family has a connected person (kinship carer) with a home generated for them. */
  kinship: boolean;
}

/** A set of children placed together in one home (siblings together, or one child). */
export interface PlacementGroup {
  readonly children: DraftChild[];
  readonly family: DraftFamily;
  /** The category of every child in the group. */
  readonly category: DfeMixKey;
  /** Registry home type, absent for with_parents / adoption / other. */
  readonly variant: Variant | undefined;
}

/** Options for {@link draftCohort}. */
export interface CohortOptions {
  readonly laCode: string;
  /** Id prefix, e.g. "C331" (the DfE LA number) so ids stay unique across authorities. */
  readonly idPrefix: string;
  readonly size: number;
  readonly asOf: string;
  readonly districts: readonly DemoDistrict[];
  readonly profile: DfePlacementProfile;
  readonly uascShare: number;
}

/** The drafted cohort of one authority. */
export interface DraftCohort {
  readonly children: DraftChild[];
  readonly families: DraftFamily[];
  readonly groups: PlacementGroup[];
}

const D = DEFAULT_NEED_DOMAINS;
type Domain = (typeof D)[number];

const clamp04 = (x: number): number => Math.max(0, Math.min(4, Math.round(x)));

/**
 * Draft one authority's cohort: ages, sexes and UASC status in the domain.md proportions (exact quotas),
 * families and sibling groups, the DfE placement mix of the authority (exact quotas), kinship links, home
 * types, needs, education, disability, risk, legal status, urgency and care plan. Locations of placements and
 * homes come later (geography.ts, homes.ts).
 *
 * @example
 * const c = draftCohort(createRng(1), { laCode: 'E08000026', idPrefix: 'C331', size: 684, asOf: '2025-03-31',
 *   districts: loadDistricts().ofAuthority('E08000026'), profile: dfePlacementProfile('E08000026'), uascShare: 0.1 });
 * c.children.length; // 684
 */
export function draftCohort(rng: Rng, o: CohortOptions): DraftCohort {
  const n = o.size;
  const children = draftPeople(rng.fork('people'), o);
  const families = formFamilies(rng.fork('families'), o, children);
  assignCategories(rng.fork('categories'), o.profile, children, families);
  linkKinship(rng.fork('kinship'), families);
  const groups = formGroups(rng.fork('groups'), families);
  assignVariants(rng.fork('variants'), groups);
  const r = rng.fork('needs');
  for (const c of children) drawNeeds(r, c);
  assignEducation(rng.fork('education'), children);
  const rd = rng.fork('details');
  for (const c of children) drawDetails(rd, c);
  assignCulture(rng.fork('culture'), families);
  if (children.length !== n) throw new Error(`draftCohort: drafted ${children.length} children, expected ${n}`);
  return { children, families, groups };
}

function draftPeople(rng: Rng, o: CohortOptions): DraftChild[] {
  const n = o.size;
  const bandCounts = apportion(
    n,
    AGE_BANDS.map((b) => b.share),
  );
  const uascCount = Math.round(n * o.uascShare);
  const uascAgeCounts = apportion(
    uascCount,
    UASC_AGES.map((u) => u.weight),
  );
  const ages: { age: number; uasc: boolean }[] = [];
  UASC_AGES.forEach((u, i) => {
    for (let k = 0; k < (uascAgeCounts[i] ?? 0); k++) ages.push({ age: u.age, uasc: true });
  });
  // Non-UASC per band = band total minus the UASC already in it (never below 0).
  const uascInBand = AGE_BANDS.map((b) => ages.filter((a) => a.age >= b.min && a.age <= b.max).length);
  let shortfall = 0;
  const nonUascBand = AGE_BANDS.map((_, i) => {
    const v = (bandCounts[i] ?? 0) - (uascInBand[i] ?? 0);
    if (v < 0) shortfall -= v;
    return Math.max(0, v);
  });
  // Any shortfall (tiny cohorts only) is taken from the largest band.
  if (shortfall > 0) {
    const big = nonUascBand.indexOf(Math.max(...nonUascBand));
    nonUascBand[big] = Math.max(0, (nonUascBand[big] ?? 0) - shortfall);
  }
  AGE_BANDS.forEach((b, i) => {
    const years: number[] = [];
    for (let a = b.min; a <= b.max; a++) years.push(a);
    const counts = apportion(
      nonUascBand[i] ?? 0,
      years.map((a) => AGE_YEAR_WEIGHT[a] ?? 1),
    );
    years.forEach((a, j) => {
      for (let k = 0; k < (counts[j] ?? 0); k++) ages.push({ age: a, uasc: false });
    });
  });
  while (ages.length < n) ages.push({ age: 10, uasc: false });
  ages.length = n;

  const order = rng.shuffle(ages);
  const males = Math.round(n * MALE_SHARE);
  const uascMales = Math.min(males, Math.round(uascCount * UASC_MALE_SHARE));
  const uascIdx = order.map((a, i) => (a.uasc ? i : -1)).filter((i) => i >= 0);
  const citizenIdx = order.map((a, i) => (a.uasc ? -1 : i)).filter((i) => i >= 0);
  const maleSet = new Set<number>([...rng.shuffle(uascIdx).slice(0, uascMales), ...rng.shuffle(citizenIdx).slice(0, males - uascMales)]);
  const width = String(n).length < 5 ? 5 : String(n).length;
  return order.map((a, i) => ({
    id: `${o.idPrefix}-${String(i + 1).padStart(width, '0')}`,
    la: o.laCode,
    age: a.age,
    dob: dateOfBirthForAge(rng, o.asOf, a.age),
    sex: maleSet.has(i) ? 'male' : 'female',
    uasc: a.uasc,
    family: undefined,
    category: 'foster',
    variant: undefined,
    stepDown: false,
    needs: {},
    sen: 'none',
    disability: [],
    riskFlags: [],
    legalStatus: 'care_order',
    urgency: 'planned',
    carePlanSetting: 'fostering',
    ethnicity: undefined,
    religion: undefined,
    languages: [],
  }));
}

function formFamilies(rng: Rng, o: CohortOptions, children: DraftChild[]): DraftFamily[] {
  const homeSampler = cumulativeSampler(o.districts, (d) => d.postcodes);
  const citizens = children.filter((c) => !c.uasc);
  const byAge: DraftChild[][] = Array.from({ length: 18 }, () => []);
  for (const c of rng.shuffle(citizens)) byAge[c.age]?.push(c);
  const meanSize = SIBLING_SIZE_WEIGHTS.reduce((s, w, i) => s + w * (i + 2), 0) / SIBLING_SIZE_WEIGHTS.reduce((s, w) => s + w, 0);
  const groupCount = Math.round((citizens.length * SIBLING_SHARE) / meanSize);
  const families: DraftFamily[] = [];
  const taken = new Set<DraftChild>();
  const popAge = (age: number): DraftChild | undefined => {
    const list = byAge[age];
    while (list && list.length > 0) {
      const c = list.pop() as DraftChild;
      if (!taken.has(c)) return c;
    }
    return undefined;
  };
  for (let g = 0; g < groupCount; g++) {
    const size = 2 + rng.weightedIndex(SIBLING_SIZE_WEIGHTS);
    // Anchor: any child 0-15 (older anchors are rarer: most sibling groups include younger children).
    let anchor: DraftChild | undefined;
    for (let tries = 0; tries < 20 && !anchor; tries++) anchor = popAge(rng.weighted([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], ANCHOR_WEIGHTS));
    if (!anchor) break;
    const members = [anchor];
    taken.add(anchor);
    for (let tries = 0; members.length < size && tries < 40; tries++) {
      const gap = rng.int(-SIBLING_MAX_GAP, SIBLING_MAX_GAP);
      const age = anchor.age + gap;
      if (gap === 0 && rng.chance(0.7)) continue; // twins are rarer than siblings a few years apart
      if (age < 0 || age > 17) continue;
      const c = popAge(age);
      if (c) {
        members.push(c);
        taken.add(c);
      }
    }
    if (members.length < 2) {
      taken.delete(anchor);
      byAge[anchor.age]?.push(anchor);
      continue;
    }
    members.sort((a, b) => b.age - a.age);
    families.push({ index: families.length, members, homeDistrict: homeSampler.draw(rng), siblingGroupId: undefined, kinship: false });
  }
  for (const c of children) {
    if (taken.has(c)) continue;
    families.push({ index: families.length, members: [c], homeDistrict: homeSampler.draw(rng), siblingGroupId: undefined, kinship: false });
  }
  let sg = 0;
  for (const f of families) {
    for (const c of f.members) c.family = f;
    if (f.members.length > 1) f.siblingGroupId = `SG${o.idPrefix.slice(1)}-${String(++sg).padStart(4, '0')}`;
  }
  return families;
}

const ANCHOR_WEIGHTS = [1, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.1, 1, 1, 0.9, 0.8, 0.6, 0.4];

function familyOf(c: DraftChild): DraftFamily {
  if (!c.family) throw new Error(`familyOf: child "${c.id}" has no family`);
  return c.family;
}

/** Assign the authority's DfE placement mix as exact quotas, weighted by age and circumstance. */
function assignCategories(rng: Rng, profile: DfePlacementProfile, children: DraftChild[], families: DraftFamily[]): void {
  const n = children.length;
  const targets = apportion(
    n,
    DFE_MIX_KEYS.map((k) => profile.mixShares[k]),
  );
  const target = Object.fromEntries(DFE_MIX_KEYS.map((k, i) => [k, targets[i] ?? 0])) as Record<DfeMixKey, number>;
  const assigned = new Set<DraftChild>();
  const set = (c: DraftChild, k: DfeMixKey): void => {
    c.category = k;
    assigned.add(c);
  };

  // With parents: whole families (siblings go home together), younger families more often.
  const parentFamilies = pickUnits(
    rng,
    families.filter((f) => !(f.members[0] as DraftChild).uasc),
    (f) => {
      const mean = f.members.reduce((s, c) => s + c.age, 0) / f.members.length;
      return (mean < 5 ? 1.5 : mean < 10 ? 1.2 : mean < 16 ? 1 : 0.6) * (f.members.length > 1 ? 1.3 : 1);
    },
    (f) => f.members.length,
    target.with_parents,
  );
  for (const f of parentFamilies) for (const c of f.members) set(c, 'with_parents');

  const free = (): DraftChild[] => children.filter((c) => !assigned.has(c));
  const ADOPT = [2, 3, 3, 2.5, 2, 1, 0.5];
  for (const c of weightedSample(rng, free(), (c) => (c.uasc ? 0 : (ADOPT[c.age] ?? 0)), target.adoption)) set(c, 'adoption');
  for (const c of weightedSample(rng, free(), (c) => (c.age >= 16 ? (c.uasc ? 30 : 1) : 0), target.supported)) set(c, 'supported');
  for (const c of weightedSample(rng, free(), (c) => (c.age >= 8 && !c.uasc ? (familyOf(c).members.length > 1 ? 0.5 : 1) : 0), target.residential_schools)) {
    set(c, 'residential_schools');
  }
  const chWeight = (c: DraftChild): number => {
    const base = c.age < 8 ? 0.03 : c.age < 10 ? 0.2 : c.age < 12 ? 0.6 : c.age < 16 ? 1.5 : 1.2;
    return base * (c.uasc ? 0.15 : 1) * (familyOf(c).members.length > 1 ? 0.5 : 1);
  };
  for (const c of weightedSample(rng, free(), chWeight, target.childrens_homes)) set(c, 'childrens_homes');
  for (const c of weightedSample(rng, free(), (c) => (c.age >= 16 ? 2 : c.age >= 10 ? 1.2 : 0.4), target.other)) set(c, 'other');
  for (const c of free()) set(c, 'foster');
}

/** Give ~21 % of non-UASC children (whole families) a connected person, preferring families in foster care. */
function linkKinship(rng: Rng, families: DraftFamily[]): void {
  const citizens = families.filter((f) => !(f.members[0] as DraftChild).uasc);
  const total = citizens.reduce((s, f) => s + f.members.length, 0);
  const chosen = pickUnits(
    rng,
    citizens,
    (f) => {
      const fostered = f.members.some((c) => c.category === 'foster');
      const young = f.members.some((c) => c.age < 10);
      return (fostered ? 1 : 0.08) * (young ? 1.3 : 1);
    },
    (f) => f.members.length,
    Math.round(total * KINSHIP_SHARE),
  );
  for (const f of chosen) f.kinship = true;
}

/** Placement groups: foster siblings together (kinship always, others usually), everyone else one by one. */
function formGroups(rng: Rng, families: DraftFamily[]): PlacementGroup[] {
  const groups: PlacementGroup[] = [];
  for (const f of families) {
    const byCat = new Map<DfeMixKey, DraftChild[]>();
    for (const c of f.members) {
      const list = byCat.get(c.category);
      if (list) list.push(c);
      else byCat.set(c.category, [c]);
    }
    for (const [category, members] of byCat) {
      const add = (children: DraftChild[]): void => {
        groups.push({ children, family: f, category, variant: undefined });
      };
      if (members.length === 1) add(members);
      else if (category === 'with_parents' || category === 'adoption' || (category === 'foster' && f.kinship)) add(members);
      else if (category === 'foster' && rng.chance(SIBLINGS_TOGETHER)) {
        if (members.length <= 3) add(members);
        else {
          // Four foster siblings: two pairs.
          add(members.slice(0, 2));
          add(members.slice(2));
        }
      } else for (const c of members) add([c]);
    }
  }
  return groups;
}

function setVariant(g: PlacementGroup, v: Variant): PlacementGroup {
  for (const c of g.children) c.variant = v;
  (g as { variant: Variant | undefined }).variant = v;
  return g;
}

/** Registry home types within each DfE group: kinship / council / IFA foster; children's home contracts; supported types. */
function assignVariants(rng: Rng, groups: PlacementGroup[]): void {
  const foster = groups.filter((g) => g.category === 'foster');
  const fosterChildren = foster.reduce((s, g) => s + g.children.length, 0);
  const kin = foster.filter((g) => g.family.kinship);
  for (const g of kin) setVariant(g, { type: 'connected_person_foster', contract: 'council_run' });
  const others = foster.filter((g) => !g.family.kinship);
  const ifa = new Set(
    pickUnits(
      rng,
      others,
      (g) => 1 + g.children.reduce((s, c) => s + c.age, 0) / g.children.length / 10,
      (g) => g.children.length,
      Math.round(fosterChildren * IFA_SHARE_OF_FOSTER),
    ),
  );
  for (const g of others) {
    if (ifa.has(g)) setVariant(g, { type: 'ifa_foster', contract: rng.chance(0.8) ? 'framework' : 'spot' });
    else setVariant(g, { type: 'council_foster', contract: 'council_run' });
  }

  const homes = rng.shuffle(groups.filter((g) => g.category === 'childrens_homes'));
  // Secure places go to the oldest children first (weighted), the rest by quota.
  const counts = apportion(
    homes.length,
    CHILDRENS_HOME_VARIANTS.map((v) => v.share),
  );
  const secureCount = counts[0] ?? 0;
  const secure = new Set(weightedSample(rng, homes, (g) => ((g.children[0] as DraftChild).age >= 12 ? 1 : 0), secureCount));
  const rest = homes.filter((g) => !secure.has(g));
  for (const g of secure) setVariant(g, { type: 'secure', contract: 'spot' });
  let k = 0;
  CHILDRENS_HOME_VARIANTS.slice(1).forEach((v, i) => {
    const count = i === CHILDRENS_HOME_VARIANTS.length - 2 ? rest.length - k : (counts[i + 1] ?? 0);
    for (let j = 0; j < count && k < rest.length; j++, k++) setVariant(rest[k] as PlacementGroup, { type: v.type, contract: v.contract });
  });

  const supported = rng.shuffle(groups.filter((g) => g.category === 'supported'));
  const sc = apportion(
    supported.length,
    SUPPORTED_VARIANTS.map((v) => v.share),
  );
  let s = 0;
  SUPPORTED_VARIANTS.forEach((v, i) => {
    for (let j = 0; j < (sc[i] ?? 0); j++, s++) {
      const contract: ContractKind = rng.weighted(['block', 'framework', 'spot'] as const, [0.35, 0.35, 0.3]);
      setVariant(supported[s] as PlacementGroup, { type: v.type, contract });
    }
  });

  for (const g of groups.filter((x) => x.category === 'residential_schools')) {
    setVariant(g, { type: 'residential_special_school', contract: rng.chance(0.6) ? 'spot' : 'framework' });
  }
}

/** Mean latent severity (0-4) by home type or category (invented, ordered by intensity of the setting). */
const SEVERITY: Partial<Record<HomeType | DfeMixKey, number>> = {
  with_parents: 0.7,
  adoption: 0.4,
  other: 1.6,
  connected_person_foster: 0.9,
  council_foster: 1.15,
  ifa_foster: 1.55,
  supported_shared: 1.1,
  supported_single: 1.0,
  supported_lodgings: 0.9,
  supported_247: 2.2,
  council_childrens_home: 3.0,
  external_childrens_home: 3.1,
  secure: 3.4,
  residential_special_school: 2.1,
};

/** Share of children in children's homes whose needs are at foster level (step-down candidates, invented). */
const STEP_DOWN_SHARE = 0.1;

function drawNeeds(rng: Rng, c: DraftChild): void {
  const key: HomeType | DfeMixKey = c.variant?.type ?? c.category;
  let mu = SEVERITY[key] ?? 1.2;
  const residentialHome = key === 'council_childrens_home' || key === 'external_childrens_home';
  if (residentialHome && rng.chance(STEP_DOWN_SHARE)) {
    c.stepDown = true;
    mu = 1.3;
  }
  const s = Math.max(0, Math.min(4, rng.normal(mu, 0.55)));
  const a = c.age;
  const n: Record<Domain, number> = {
    emotional_wellbeing: a < 1 ? clamp04(rng.normal(0.8, 0.4)) : clamp04(s + 0.3 + rng.normal(0, 0.5)),
    behaviour: a < 3 ? clamp04(rng.normal(0.2, 0.4)) : clamp04(s - (a < 8 ? 0.6 : 0) + rng.normal(0, 0.6)),
    risk_outside_home: a < 10 ? 0 : clamp04(s - (a < 13 ? 1.2 : 0.3) + rng.normal(0, 0.7)),
    self_harm: a < 10 ? 0 : clamp04(s - 0.9 + rng.normal(0, 0.7)),
    learning: 0,
    health_disability: clamp04(rng.normal(0.3, 0.5)),
    communication_neurodiversity: a < 2 ? 0 : clamp04(rng.normal(0.4, 0.5) + (s - 1.5) * 0.3),
    family_relationships: 0,
    identity_culture: c.uasc ? clamp04(rng.normal(3, 0.4)) : clamp04(rng.normal(0.3, 0.4)),
    independence: a < 14 ? 0 : a < 16 ? clamp04(rng.normal(0.8, 0.5)) : clamp04(2 + (c.category === 'supported' ? 0.5 : 0) + (c.uasc ? 0.3 : 0) + rng.normal(0, 0.6)),
  };
  n.family_relationships =
    c.category === 'with_parents'
      ? 3
      : c.uasc
        ? 1
        : c.category === 'adoption'
          ? clamp04(rng.normal(1.4, 0.4))
          : c.variant?.type === 'connected_person_foster'
            ? clamp04(rng.normal(2.6, 0.5))
            : clamp04(rng.normal(2, 0.6));
  c.needs = n;
}

/** EHCP and SEN support as exact quotas of school-age children (4-17), EHCPs weighted towards residential settings. */
function assignEducation(rng: Rng, children: DraftChild[]): void {
  const school = children.filter((c) => c.age >= 4);
  const ehcpTarget = Math.round(school.length * EHCP_SHARE);
  const senTarget = Math.round(school.length * SEN_SUPPORT_SHARE);
  const forced = school.filter((c) => c.category === 'residential_schools');
  for (const c of forced) c.sen = 'ehcp';
  const rel = (c: DraftChild): number => {
    if (c.sen === 'ehcp') return 0;
    if (c.uasc) return 0.15;
    switch (c.variant?.type ?? c.category) {
      case 'council_childrens_home':
      case 'external_childrens_home':
      case 'secure':
        return c.stepDown ? 1.2 : 2.2;
      case 'ifa_foster':
        return 1.25;
      case 'supported_shared':
      case 'supported_single':
      case 'supported_lodgings':
        return 0.6;
      case 'supported_247':
        return 1.4;
      default:
        return 1;
    }
  };
  for (const c of weightedSample(rng, school, rel, Math.max(0, ehcpTarget - forced.length))) c.sen = 'ehcp';
  for (const c of weightedSample(rng, school, (c) => (c.sen === 'ehcp' ? 0 : c.uasc ? 0.5 : 1), senTarget)) c.sen = 'sen_support';

  for (const c of children) {
    const n = c.needs;
    const rs = c.category === 'residential_schools';
    if (c.sen === 'ehcp') {
      n.learning = rs ? 4 : rng.chance(0.3) ? 4 : 3;
      n.communication_neurodiversity = Math.max(n.communication_neurodiversity ?? 0, rs ? rng.int(3, 4) : rng.chance(0.45) ? 3 : 2);
    } else if (c.sen === 'sen_support') {
      n.learning = 2;
      n.communication_neurodiversity = Math.max(n.communication_neurodiversity ?? 0, rng.chance(0.4) ? 2 : 1);
    } else n.learning = c.age >= 4 ? clamp04(rng.normal(0.6, 0.5)) : 0;

    // Disability requirements: residential special schools most, foster care a few.
    const pDis = rs ? 0.35 : c.category === 'childrens_homes' ? 0.05 : c.category === 'foster' ? 0.025 : c.uasc ? 0.003 : 0.01;
    if (rng.chance(pDis)) {
      const set = rng.weighted(
        DISABILITY_SETS,
        DISABILITY_SETS.map((s) => s.weight),
      );
      c.disability = [...set.needs];
      if (set.physical) n.health_disability = rng.chance(0.5) ? 4 : 3;
      else n.communication_neurodiversity = Math.max(n.communication_neurodiversity ?? 0, 3);
    }
    if (rs) n.health_disability = Math.max(n.health_disability ?? 0, rng.int(1, 3));
  }
}

const INTENSIVE: readonly Domain[] = ['emotional_wellbeing', 'behaviour', 'risk_outside_home', 'self_harm'];

/** Risk flags, legal status, urgency, care plan, ethnicity, religion and languages. */
function drawDetails(rng: Rng, c: DraftChild): void {
  const n = c.needs;
  const lv = (d: Domain): number => n[d] ?? 0;
  const flags = new Set<(typeof c.riskFlags)[number]>();
  if (c.age >= 10) {
    if (lv('risk_outside_home') >= 3) {
      if (rng.chance(0.8)) flags.add('vulnerable_to_exploitation');
      if (rng.chance(0.7)) flags.add('missing_episodes');
      if (lv('risk_outside_home') >= 4 && rng.chance(0.2)) flags.add('exploitation_risk_to_others');
      if (rng.chance(0.3)) flags.add('substance_misuse');
    }
    if (lv('self_harm') >= 3 && rng.chance(0.85)) flags.add('self_harm');
    if (lv('behaviour') >= 3) {
      if (rng.chance(0.5)) flags.add('violence_to_others');
      if (rng.chance(0.08)) flags.add('risk_to_younger_children');
      if (rng.chance(0.03)) flags.add('sexually_harmful_behaviour');
      if (lv('behaviour') >= 4 && rng.chance(0.05)) flags.add('fire_setting');
    }
  }
  if (rng.chance(0.03)) flags.add('pet_allergy');
  // A child with a younger sibling in care is not flagged as a risk to younger children here: siblings are
  // often placed together, and the generator would create placements the resident-compatibility rule forbids.
  const fam = c.family;
  if (fam && fam.members.some((m) => m !== c && m.age < c.age)) {
    flags.delete('risk_to_younger_children');
    flags.delete('sexually_harmful_behaviour');
  }
  c.riskFlags = [...flags].sort();

  if (c.uasc) c.legalStatus = rng.chance(0.95) ? 's20' : 'care_order';
  else if (c.category === 'adoption') c.legalStatus = 'care_order';
  else if (c.category === 'with_parents') c.legalStatus = rng.chance(0.85) ? 'care_order' : 'interim_care_order';
  else {
    const r = rng.next();
    c.legalStatus = r < 0.7 ? 'care_order' : r < 0.83 ? 'interim_care_order' : r < 0.97 ? 's20' : r < 0.985 ? 'police_protection' : c.age >= 12 ? 'remand' : 'care_order';
  }
  if (c.legalStatus === 'police_protection' || c.legalStatus === 'remand') c.urgency = 'same_day';
  else if (c.category === 'adoption' || c.category === 'with_parents') c.urgency = 'planned';
  else c.urgency = rng.weighted(['planned', 'within_5_days', 'same_day'] as const, [URGENCY_WEIGHTS.planned, URGENCY_WEIGHTS.within_5_days, URGENCY_WEIGHTS.same_day]);

  const intensiveCount = INTENSIVE.filter((d) => lv(d) >= 3).length;
  const veryHigh = INTENSIVE.some((d) => lv(d) >= 4);
  const type = c.variant?.type;
  if (type === 'secure' || type === 'residential_special_school') c.carePlanSetting = 'residential';
  else if (c.age >= 16 && c.category === 'supported' && !(veryHigh && intensiveCount >= 3)) c.carePlanSetting = 'supported';
  else if (c.age >= 8 && (intensiveCount >= 2 || veryHigh)) c.carePlanSetting = 'residential';
  else if (c.age >= 16 && (c.uasc || rng.chance(0.15))) c.carePlanSetting = 'supported';
  else if (c.age >= 10 && c.category !== 'with_parents' && c.category !== 'adoption' && rng.chance(0.02)) c.carePlanSetting = 'any';
  else c.carePlanSetting = 'fostering';
}

/** Ethnicity, religion and languages, shared by siblings; UASC from their (invented) origin mix. */
function assignCulture(rng: Rng, families: readonly DraftFamily[]): void {
  for (const f of families) {
    const first = f.members[0] as DraftChild;
    if (first.uasc) {
      const o = rng.weighted(
        UASC_ORIGINS,
        UASC_ORIGINS.map((x) => x.weight),
      );
      first.ethnicity = o.ethnicity;
      first.religion = o.religion;
      first.languages = rng.chance(0.3) ? [o.language, 'English'] : [o.language];
      continue;
    }
    const ethnicity = rng.weighted(
      ETHNICITIES.map((e) => e.name),
      ETHNICITIES.map((e) => e.weight),
    );
    const religion = rng.chance(0.6)
      ? rng.weighted(
          RELIGIONS.map((r) => r.name),
          RELIGIONS.map((r) => r.weight),
        )
      : undefined;
    const languages = ethnicity !== 'White' && rng.chance(0.2) ? ['English', rng.pick(COMMUNITY_LANGUAGES)] : ['English'];
    const identity = ethnicity !== 'White' ? clamp04(rng.normal(1.2, 0.5)) : 0;
    for (const c of f.members) {
      c.ethnicity = ethnicity;
      c.religion = religion;
      c.languages = [...languages];
      c.needs.identity_culture = Math.max(c.needs.identity_culture ?? 0, identity);
    }
  }
}
