import type { Child } from '../domain/child.js';
import { AuthorityCodeSchema, IsoDateSchema } from '../domain/common.js';
import { ValidationError, type Problem } from '../domain/errors.js';
import type { Home, HomeType } from '../domain/home.js';
import { schoolYear } from '../domain/age.js';
import type { DraftChild, DraftFamily, PlacementGroup, Variant } from './cohort.js';
import { draftCohort } from './cohort.js';
import { addDays, daysBetween } from './dates.js';
import { dfeAuthorities, dfePlacementProfile, dfeWestMidlandsAuthorities, WEST_MIDLANDS_CODES, type DfeMixKey } from './dfe.js';
import { loadDistricts, WEST_MIDLANDS_REGION, type DemoDistrict } from './districts.js';
import { TENURE_MONTHS, UASC_SHARE } from './distributions.js';
import { assignCells, createPlacementGeography, placementDistrict, type Cell, type PlacementGeography } from './geography.js';
import { canHost, fillOthers, finishHome, makeHome, type DraftHome } from './homes.js';
import { apportion, createRng, type Rng } from './rng.js';
import { cumulativeSampler } from './sampling.js';

/** Options for {@link generateDemo}. */
export interface GenerateDemoOptions {
  /** Any finite number; taken modulo 2^32. The same seed and options give byte-identical output. */
  readonly seed: number;
  /** ONS codes of the placing authorities (default: the 14 West Midlands authorities). */
  readonly authorities?: readonly string[];
  /**
   * Total children across the authorities, split in proportion to their DfE 2025 totals. Default: each
   * authority's published 2025 total (684 for Coventry; 11,564 for the West Midlands).
   */
  readonly children?: number;
  /**
   * Homes per child: spare-capacity homes are added until there are at least this many homes per child
   * (default 0.85). Homes hosting the cohort are always generated; raise this for large registries.
   */
  readonly homesPerChild?: number;
  /** The snapshot date ages and tenures are computed on (default 2025-03-31, the DfE snapshot). */
  readonly asOf?: string;
  /** Share of unaccompanied asylum-seeking children (default 0.10, domain.md). */
  readonly uascShare?: number;
}

/** A sibling group: children who share a `siblingGroupId` and a home address. */
export interface DemoSiblingGroup {
  readonly id: string;
  readonly childIds: readonly string[];
}

/** Where a child lives who is not in a registry home: with parents, placed for adoption, or elsewhere. */
export interface OtherPlacement {
  readonly childId: string;
  readonly category: Extract<DfeMixKey, 'with_parents' | 'adoption' | 'other'>;
  /** Postcode district of the placement. */
  readonly district: string;
}

/** What was generated, from what, and what the schemas cannot carry. */
export interface DemoMeta {
  readonly generator: 'homefinder-demo';
  readonly version: 1;
  readonly seed: number;
  readonly asOf: string;
  readonly authorities: readonly { readonly laCode: string; readonly laName: string; readonly children: number; readonly dfeTotal: number }[];
  readonly counts: {
    readonly children: number;
    readonly homes: number;
    readonly siblingGroups: number;
    readonly placedInRegistry: number;
    readonly notInRegistry: number;
    readonly kinshipLinked: number;
    /** Homes added as spare capacity (no cohort child lives there) to reach `homesPerChild`. */
    readonly spareHomes: number;
  };
  /** Children looked after but not in a registry home (DfE counts them; calibration needs their district). */
  readonly otherPlacements: readonly OtherPlacement[];
  /** Special educational needs (no field in ChildSchema; `needs.learning` reflects it: EHCP 3-4, SEN support 2). */
  readonly education: { readonly ehcp: readonly string[]; readonly senSupport: readonly string[] };
  readonly sources: readonly string[];
}

/** The generated registry and cohort. */
export interface DemoData {
  readonly children: Child[];
  readonly homes: Home[];
  readonly siblingGroups: DemoSiblingGroup[];
  readonly meta: DemoMeta;
}

const DEFAULT_AS_OF = '2025-03-31';
let sharedGeography: PlacementGeography | undefined;
const DEFAULT_HOMES_PER_CHILD = 0.85;

/** Spare-capacity home types and their weights (invented market mix). */
const EXTRA_TYPES: readonly { readonly variant: Variant; readonly weight: number }[] = [
  { variant: { type: 'council_foster', contract: 'council_run' }, weight: 28 },
  { variant: { type: 'ifa_foster', contract: 'framework' }, weight: 24 },
  { variant: { type: 'ifa_foster', contract: 'spot' }, weight: 6 },
  { variant: { type: 'council_childrens_home', contract: 'council_run' }, weight: 3 },
  { variant: { type: 'external_childrens_home', contract: 'block' }, weight: 5 },
  { variant: { type: 'external_childrens_home', contract: 'framework' }, weight: 8 },
  { variant: { type: 'external_childrens_home', contract: 'spot' }, weight: 7 },
  { variant: { type: 'supported_shared', contract: 'block' }, weight: 3 },
  { variant: { type: 'supported_shared', contract: 'spot' }, weight: 3 },
  { variant: { type: 'supported_single', contract: 'framework' }, weight: 5 },
  { variant: { type: 'supported_lodgings', contract: 'framework' }, weight: 2 },
  { variant: { type: 'supported_247', contract: 'spot' }, weight: 2 },
  { variant: { type: 'residential_special_school', contract: 'spot' }, weight: 0.6 },
  { variant: { type: 'secure', contract: 'spot' }, weight: 0.4 },
];

const RELATIONSHIPS = ['grandparent', 'aunt or uncle', 'family friend', 'adult sibling', 'other relative'];
const RELATIONSHIP_WEIGHTS = [0.45, 0.3, 0.12, 0.08, 0.05];

function validateOptions(opts: GenerateDemoOptions): { authorities: string[]; asOf: string; homesPerChild: number; uascShare: number } {
  const problems: Problem[] = [];
  const fn = 'generateDemo';
  if (typeof opts.seed !== 'number' || !Number.isFinite(opts.seed)) {
    problems.push({ path: ['seed'], code: 'invalid_type', message: `${fn}: seed must be a finite number, got "${String(opts.seed)}"` });
  }
  const authorities = [...(opts.authorities ?? WEST_MIDLANDS_CODES)];
  const wmOnly = authorities.every((a) => WEST_MIDLANDS_CODES.includes(a));
  const known = new Set((wmOnly ? dfeWestMidlandsAuthorities() : dfeAuthorities()).map((a) => a.laCode));
  const districts = loadDistricts();
  if (authorities.length === 0) problems.push({ path: ['authorities'], code: 'too_small', message: `${fn}: at least one authority is required` });
  authorities.forEach((code, i) => {
    if (!AuthorityCodeSchema.safeParse(code).success || !known.has(code)) {
      problems.push({ path: ['authorities', i], code: 'unknown_authority', message: `${fn}: unknown authority "${code}"` });
      return;
    }
    if (!districts.usable.some((d) => d.laCode === code)) {
      problems.push({ path: ['authorities', i], code: 'unknown_authority', message: `${fn}: no postcode districts for authority "${code}"` });
    }
    try {
      dfePlacementProfile(code);
    } catch {
      problems.push({ path: ['authorities', i], code: 'no_dfe_figures', message: `${fn}: no DfE 2025 figures for authority "${code}"` });
    }
    if (authorities.indexOf(code) !== i) problems.push({ path: ['authorities', i], code: 'duplicate', message: `${fn}: authority "${code}" listed twice` });
  });
  if (opts.children !== undefined && (!Number.isInteger(opts.children) || opts.children < 1 || opts.children > 200_000)) {
    problems.push({ path: ['children'], code: 'invalid_value', message: `${fn}: children must be an integer 1-200000, got "${String(opts.children)}"` });
  }
  const homesPerChild = opts.homesPerChild ?? DEFAULT_HOMES_PER_CHILD;
  if (typeof homesPerChild !== 'number' || !(homesPerChild >= 0 && homesPerChild <= 50)) {
    problems.push({ path: ['homesPerChild'], code: 'invalid_value', message: `${fn}: homesPerChild must be 0-50, got "${String(opts.homesPerChild)}"` });
  }
  const asOf = opts.asOf ?? DEFAULT_AS_OF;
  if (!IsoDateSchema.safeParse(asOf).success) problems.push({ path: ['asOf'], code: 'invalid_date', message: `${fn}: asOf must be an ISO date, got "${asOf}"` });
  const uascShare = opts.uascShare ?? UASC_SHARE;
  if (typeof uascShare !== 'number' || !(uascShare >= 0 && uascShare <= 0.3)) {
    problems.push({ path: ['uascShare'], code: 'invalid_value', message: `${fn}: uascShare must be 0-0.3, got "${String(opts.uascShare)}"` });
  }
  if (problems.length) throw new ValidationError(`${fn}: ${problems.length} problem(s) in the options`, problems);
  return { authorities, asOf, homesPerChild, uascShare };
}

/**
 * Generate a deterministic demo registry and cohort on the real geography: children looked after by the
 * given authorities in the domain.md proportions (ages, sexes, UASC, sibling groups, needs, SEN, disability,
 * kinship links, risk, urgency, care plans), placed so each authority reproduces its DfE 2025 placement mix
 * and inside-boundary / 20-mile shares, and the homes they live in plus spare capacity (foster households,
 * children's homes of 2-4 places, supported accommodation, residential special schools, secure homes) with
 * domain.md costs and contracts. Every child validates against ChildSchema and every home against HomeSchema.
 *
 * @throws ValidationError listing every bad option with its path.
 * @example
 * const demo = generateDemo({ seed: 42, authorities: ['E08000026'] }); // Coventry: 684 children
 * demo.children.length;                // 684
 * demo.homes.find((h) => h.id === demo.children[0]!.currentPlacement?.homeId);
 *
 * const region = generateDemo({ seed: 1 }); // the 14 West Midlands authorities, 11,564 children
 */
export function generateDemo(opts: GenerateDemoOptions): DemoData {
  const { authorities, asOf, homesPerChild, uascShare } = validateOptions(opts);
  const root = createRng(opts.seed);
  const districts = loadDistricts();
  // The samplers are pure functions of the static district table: share them across calls.
  sharedGeography ??= createPlacementGeography(districts);
  const geo = sharedGeography;
  const wmOnly = authorities.every((a) => WEST_MIDLANDS_CODES.includes(a));
  // Council-run spare homes may sit in any West Midlands authority: their DfE numbers name the provider.
  const dfeAll = new Map((wmOnly ? dfeWestMidlandsAuthorities() : dfeAuthorities()).map((a) => [a.laCode, a]));
  const profiles = authorities.map((la) => dfePlacementProfile(la));
  const sizes =
    opts.children === undefined
      ? profiles.map((p) => p.total)
      : apportion(
          opts.children,
          profiles.map((p) => p.total),
        );

  // 1. Cohorts and their placement cells, authority by authority (each from its own stream).
  const cohorts = authorities.map((la, i) => {
    const profile = profiles[i] as (typeof profiles)[number];
    const cohort = draftCohort(root.fork(`cohort:${la}`), {
      laCode: la,
      idPrefix: `C${profile.laNumber}`,
      size: sizes[i] ?? 0,
      asOf,
      districts: districts.ofAuthority(la),
      profile,
      uascShare,
    });
    const cells = assignCells(root.fork(`cells:${la}`), profile, cohort.groups, geo);
    return { la, profile, cohort, cells };
  });

  // 2. Place every group in a district and host it in a home (region-wide, so authorities share homes).
  const rngPlace = root.fork('placements');
  const rngHomes = root.fork('homes');
  const homes: DraftHome[] = [];
  const index = new Map<string, DraftHome[]>();
  const placedIn = new Map<DraftChild, { home: DraftHome }>();
  const placementDistrictOf = new Map<DraftChild, DemoDistrict>();
  const kinshipHome = new Map<DraftFamily, DraftHome>();
  const otherPlacements: OtherPlacement[] = [];
  const nextId = (): string => `H-${String(homes.length + 1).padStart(6, '0')}`;
  const council = (la: string): { laCode: string; laNumber: string } => ({ laCode: la, laNumber: dfeAll.get(la)?.laNumber ?? '000' });

  const allGroups: { g: PlacementGroup; cell: Cell; la: string }[] = [];
  for (const { la, cohort, cells } of cohorts) for (const g of cohort.groups) allGroups.push({ g, cell: cells.get(g) as Cell, la });
  for (const { g, cell, la } of rngPlace.shuffle(allGroups)) {
    const district = placementDistrict(rngPlace, g, cell, geo);
    for (const c of g.children) placementDistrictOf.set(c, district);
    if (!g.variant) {
      for (const c of g.children) {
        otherPlacements.push({ childId: c.id, category: g.category as OtherPlacement['category'], district: district.code });
      }
      continue;
    }
    const v = g.variant;
    let home: DraftHome | undefined;
    if (v.type === 'connected_person_foster') {
      home = makeHome(rngHomes, { id: nextId(), variant: v, district, council: council(la), forChildren: g.children, mode: 'host' });
      homes.push(home);
      kinshipHome.set(g.family, home);
    } else {
      const key = `${v.type}|${v.contract}|${district.code}|${v.type.startsWith('council_') ? la : ''}`;
      const list = index.get(key) ?? [];
      home = list.find((h) => canHost(h, g.children));
      if (!home) {
        home = makeHome(rngHomes, { id: nextId(), variant: v, district, council: council(la), forChildren: g.children, mode: 'host' });
        homes.push(home);
        list.push(home);
        index.set(key, list);
      }
    }
    home.occupants.push(...g.children);
    for (const c of g.children) placedIn.set(c, { home });
    if (v.type !== 'connected_person_foster' && home.occupants.length >= home.openCap) {
      const key = `${v.type}|${v.contract}|${district.code}|${v.type.startsWith('council_') ? la : ''}`;
      const list = index.get(key);
      if (list) list.splice(list.indexOf(home), 1);
    }
  }

  // 3. Connected persons for kinship-linked families not living with them: an available kinship home nearby.
  const rngKin = root.fork('kinship-homes');
  for (const { la, cohort } of cohorts) {
    for (const f of cohort.families) {
      if (!f.kinship || kinshipHome.has(f)) continue;
      const cell: Cell = rngKin.chance(0.85) ? 'inside_within20' : 'outside_within20';
      const s = geo.sampler(f.homeDistrict, cell, 'tight') ?? geo.sampler(f.homeDistrict, 'inside_within20', 'tight');
      const district = s ? s.draw(rngKin) : f.homeDistrict;
      const home = makeHome(rngHomes, {
        id: nextId(),
        variant: { type: 'connected_person_foster', contract: 'council_run' },
        district,
        council: council(la),
        forChildren: f.members.slice(0, Math.min(4, f.members.length)),
        mode: 'kinship_available',
      });
      homes.push(home);
      kinshipHome.set(f, home);
    }
  }

  // 4. Other authorities' children in spare residential places.
  const rngFill = root.fork('fill');
  for (const h of homes) fillOthers(rngFill, h, 0, false);

  // 5. Spare-capacity homes up to homesPerChild.
  const totalChildren = sizes.reduce((a, b) => a + b, 0);
  const wanted = Math.ceil(homesPerChild * totalChildren) - homes.length;
  const spareHomes = Math.max(0, wanted);
  if (wanted > 0) {
    const rngExtra = root.fork('extras');
    const own = new Set(authorities);
    const ownSampler = cumulativeSampler(districts.usable, (d) => (own.has(d.laCode) ? d.postcodes : 0));
    const regionSampler = cumulativeSampler(districts.usable, (d) => (d.regionCode === WEST_MIDLANDS_REGION ? d.postcodes : 0));
    const weights = EXTRA_TYPES.map((e) => e.weight);
    for (let i = 0; i < wanted; i++) {
      const district = rngExtra.chance(0.8) ? ownSampler.draw(rngExtra) : regionSampler.draw(rngExtra);
      const { variant } = EXTRA_TYPES[rngExtra.weightedIndex(weights)] as (typeof EXTRA_TYPES)[number];
      const home = makeHome(rngHomes, { id: nextId(), variant, district, council: council(district.laCode), mode: 'extra' });
      fillOthers(rngFill, home, 1, true);
      homes.push(home);
    }
  }

  // 6. The children, with schools, wishes, areas to avoid and current placements.
  const rngChild = root.fork('child-details');
  const children: Child[] = [];
  const siblingGroups: DemoSiblingGroup[] = [];
  const ehcp: string[] = [];
  const senSupport: string[] = [];
  let kinshipLinked = 0;
  for (const { cohort } of cohorts) {
    for (const f of cohort.families) {
      if (f.siblingGroupId) siblingGroups.push({ id: f.siblingGroupId, childIds: f.members.map((c) => c.id) });
      if (f.kinship) kinshipLinked += f.members.length;
    }
    for (const c of cohort.children) {
      children.push(buildChild(rngChild, c, placedIn.get(c)?.home, placementDistrictOf.get(c), kinshipHome, geo, asOf));
      if (c.sen === 'ehcp') ehcp.push(c.id);
      else if (c.sen === 'sen_support') senSupport.push(c.id);
    }
  }

  const outHomes = homes.map(finishHome);
  return {
    children,
    homes: outHomes,
    siblingGroups,
    meta: {
      generator: 'homefinder-demo',
      version: 1,
      seed: createRng(opts.seed).seed,
      asOf,
      authorities: cohorts.map(({ la, profile }, i) => ({ laCode: la, laName: profile.laName, children: sizes[i] ?? 0, dfeTotal: profile.total })),
      counts: {
        children: children.length,
        homes: outHomes.length,
        siblingGroups: siblingGroups.length,
        placedInRegistry: placedIn.size,
        notInRegistry: otherPlacements.length,
        kinshipLinked,
        spareHomes,
      },
      otherPlacements,
      education: { ehcp, senSupport },
      sources: [
        'shared/docs/domain.md (Coventry and England figures: ages, sex, UASC, kinship, placement costs, SEN/EHCP)',
        'opendata/dfe: DfE Children looked after in England at 31 March 2025, by local authority (OGL v3)',
        'opendata/geo/gb_postcode_district_centroids.csv: OS Code-Point Open 2025 district centroids (OGL v3)',
        'src/demo/distributions.ts: every invented assumption, listed in src/demo/README.md',
      ],
    },
  };
}

function tenureDays(rng: Rng, c: DraftChild, type: HomeType): number {
  const months =
    type === 'connected_person_foster'
      ? TENURE_MONTHS.kinship
      : type === 'council_foster' || type === 'ifa_foster'
        ? TENURE_MONTHS.fostering
        : type.startsWith('supported_')
          ? TENURE_MONTHS.supported
          : TENURE_MONTHS.residential;
  // Exponential-like spread around the mean.
  const days = Math.round(months * 30.44 * -Math.log(1 - rng.next() * 0.999));
  return Math.max(1, days);
}

function buildChild(
  rng: Rng,
  c: DraftChild,
  home: DraftHome | undefined,
  placement: DemoDistrict | undefined,
  kinshipHome: ReadonlyMap<DraftFamily, DraftHome>,
  geo: PlacementGeography,
  asOf: string,
): Child {
  const fam = c.family as DraftFamily;
  const homeDistrict = fam.homeDistrict;
  const where = placement ?? homeDistrict;

  let school: Child['school'];
  if (schoolYear(c.dob, asOf) >= 0) {
    const farFromHome = placement !== undefined && placement.code !== homeDistrict.code;
    const keepOld = farFromHome && c.age >= 14 && c.age <= 15 && rng.chance(0.3);
    const near = keepOld ? homeDistrict : where;
    const d = rng.chance(0.55) ? near : geo.schoolSampler(near).draw(rng);
    school = { location: { district: d.code } };
  }

  const preferredAreas = c.age >= 10 && !c.uasc && rng.chance(0.25) ? [homeDistrict.code] : [];
  const avoid: string[] = [];
  if (c.riskFlags.includes('vulnerable_to_exploitation') || c.riskFlags.includes('exploitation_risk_to_others')) {
    if (rng.chance(0.7)) {
      const candidates = [homeDistrict, geo.schoolSampler(homeDistrict).draw(rng)];
      for (const d of candidates) {
        if (d.code !== where.code && !avoid.includes(d.code)) avoid.push(d.code);
      }
    }
  }
  const schoolDistrict = school && 'district' in school.location ? school.location.district : undefined;
  const avoidDistricts = avoid.filter((d) => d !== schoolDistrict && d !== where.code);

  const child: Child = {
    id: c.id,
    dateOfBirth: c.dob,
    sex: c.sex,
    legalStatus: c.legalStatus,
    uasc: c.uasc,
    placingAuthority: c.la,
    homeLocation: { district: homeDistrict.code },
    needs: { ...c.needs },
    disabilityRequirements: [...c.disability],
    riskFlags: [...c.riskFlags],
    connectedPersons: [],
    languages: [...c.languages],
    wishes: { preferredAreas },
    avoidAreas: { districts: avoidDistricts, polygons: [] },
    urgency: c.urgency,
    carePlanSetting: c.carePlanSetting,
  };
  if (school) child.school = school;
  if (fam.siblingGroupId) child.siblingGroupId = fam.siblingGroupId;
  const kin = kinshipHome.get(fam);
  if (kin) {
    const famRng = rng.fork(`relationship:${fam.members[0]?.id ?? c.id}`);
    child.connectedPersons = [{ homeId: kin.id, relationship: famRng.weighted(RELATIONSHIPS, RELATIONSHIP_WEIGHTS) }];
  }
  if (c.religion !== undefined) child.religion = c.religion;
  if (c.ethnicity !== undefined) child.ethnicity = c.ethnicity;
  if (home) {
    const ageDays = daysBetween(c.dob, asOf);
    let days = Math.min(tenureDays(rng, c, home.type), ageDays);
    if (c.uasc) days = Math.min(days, 730);
    child.currentPlacement = { homeId: home.id, since: addDays(asOf, -days) };
  }
  return child;
}

