/**
 * The cohort a batch re-match runs on: children (with where they live today), homes, a policy override and
 * the date ages and tenures are taken on; or the demo region. Validation is in two passes that both collect
 * EVERY problem before any work: the zod shape (`parseCohort`), then the cross-references a schema cannot
 * express (`checkCohort`: duplicate ids, dangling home / provider / sibling references, occupancy that
 * contradicts a home's free places).
 */
import { z } from 'zod';
import { ChildSchema, type Child } from '../domain/child.js';
import { plainDateNumber } from '../domain/age.js';
import { IdSchema, IsoDateSchema } from '../domain/common.js';
import { ValidationError, type Problem } from '../domain/errors.js';
import { HomeSchema, type Home } from '../domain/home.js';
import { RuleOverrideSchema, type RuleOverride } from '../domain/match.js';
import { PolicyOverrideSchema, type PolicyOverride } from '../domain/policy.js';
import { zodProblems } from '../domain/zod-problems.js';

/**
 * Largest cohort accepted (children or homes). National scale is ~84,000 children in care.
 *
 * @example
 * cohort.children.length <= MAX_COHORT;
 */
export const MAX_COHORT = 200_000;

/**
 * Homes leaving the market in this round: every child living in one is displaced and must be re-placed
 * first; the homes take no one.
 *
 * @example
 * ClosuresSchema.parse({ providerIds: ['P-EXIT'] }); // { homeIds: [], providerIds: ['P-EXIT'] }
 */
export const ClosuresSchema = z.strictObject({
  /** Homes closing. */
  homeIds: z.array(IdSchema).default([]),
  /** Providers exiting: every home they run closes. */
  providerIds: z.array(IdSchema).default([]),
});
export type Closures = z.infer<typeof ClosuresSchema>;

const common = {
  policy: PolicyOverrideSchema.optional(),
  overrides: z.array(RuleOverrideSchema).default([]),
  /** The date ages and months in placement are taken on (default: today, UTC). */
  asOf: IsoDateSchema.optional(),
  closures: ClosuresSchema.optional(),
};

/**
 * An explicit cohort.
 *
 * @example
 * CohortSchema.parse({ children: [child], homes: [home], policy: { rematch: { maxMoves: 0 } }, asOf: '2026-11-22' });
 */
export const CohortSchema = z.strictObject({
  children: z.array(ChildSchema).max(MAX_COHORT),
  homes: z.array(HomeSchema).max(MAX_COHORT),
  ...common,
});
export type Cohort = z.infer<typeof CohortSchema>;
export type CohortInput = z.input<typeof CohortSchema>;

/**
 * Options for the demo region (src/demo generateDemo).
 *
 * @example
 * DemoOptionsSchema.parse({ seed: 3, children: 500, authorities: 'england' });
 */
export const DemoOptionsSchema = z.strictObject({
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  /** Number of children (default: the generator's own, a Coventry-sized region). */
  children: z.number().int().min(1).max(MAX_COHORT).optional(),
  /** Homes per child in the registry (default: the generator's own, 0.85). */
  homesPerChild: z.number().min(0).max(50).optional(),
  /** Placing authorities (ONS codes; default: the 14 West Midlands authorities), or "england" for all 153. */
  authorities: z.union([z.literal('england'), z.array(z.string().regex(/^E(06|08|09|10)\d{6}$/)).min(1).max(153)]).optional(),
});
export type DemoOptions = z.infer<typeof DemoOptionsSchema>;

/**
 * A cohort drawn from the demo region, in place of explicit children and homes. The string `"demo"` alone
 * is accepted too.
 *
 * @example
 * DemoCohortSchema.parse({ demo: { seed: 7, children: 500 }, policy: { rematch: { maxMoves: 20 } } });
 */
export const DemoCohortSchema = z.strictObject({
  demo: z.union([z.literal(true), DemoOptionsSchema]),
  ...common,
});
export type DemoCohort = z.infer<typeof DemoCohortSchema>;

/** What `parseCohort` returns: an explicit cohort, or a demo request still to be generated. */
export type ParsedCohort = { readonly kind: 'cohort'; readonly cohort: Cohort } | { readonly kind: 'demo'; readonly demo: DemoCohort };

/**
 * Validate untrusted cohort JSON (zod `safeParse`), collecting every shape problem with its path. Then, for
 * an explicit cohort, run `checkCohort` so cross-reference problems are reported in the same error.
 *
 * @throws ValidationError listing every problem (path into the cohort JSON).
 * @example
 * const parsed = parseCohort(JSON.parse(text));
 * if (parsed.kind === 'cohort') console.log(parsed.cohort.children.length);
 */
export function parseCohort(input: unknown): ParsedCohort {
  if (input === 'demo') return { kind: 'demo', demo: { demo: true, overrides: [] } };
  if (typeof input === 'object' && input !== null && !Array.isArray(input) && 'demo' in input) {
    const r = DemoCohortSchema.safeParse(input);
    if (!r.success) {
      const problems = zodProblems(r.error);
      throw new ValidationError(`parseCohort: ${problems.length} problem(s) in the demo cohort`, problems);
    }
    return { kind: 'demo', demo: r.data };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ValidationError('parseCohort: a cohort must be an object with "children" and "homes", or "demo"', [
      { path: [], code: 'invalid_type', message: `parseCohort: expected an object or "demo", got ${quote(input)}` },
    ]);
  }
  const r = CohortSchema.safeParse(input);
  const problems: Problem[] = r.success ? [] : zodProblems(r.error);
  if (r.success) problems.push(...checkCohort(r.data));
  if (problems.length > 0 || !r.success) {
    throw new ValidationError(`parseCohort: ${problems.length} problem(s) in the cohort`, problems);
  }
  return { kind: 'cohort', cohort: r.data };
}

/**
 * The cross-reference checks a schema cannot express, every problem collected:
 * duplicate child or home ids; a `currentPlacement` naming no home in the cohort, or starting after `asOf`;
 * a `siblingGroupId` carried by only one child (its siblings are missing from the cohort) or by more than
 * 12; closures and rule overrides naming unknown homes or providers; a home where more cohort children
 * live than its occupied places (`places - freePlaces`) allow.
 *
 * @example
 * const problems = checkCohort(cohort); // [] when consistent
 */
export function checkCohort(cohort: CheckedCohort): Problem[] {
  return checkIndexed(cohort).problems;
}

/** What `checkCohort` reads. */
type CheckedCohort = Pick<Cohort, 'children' | 'homes'> & Partial<Pick<Cohort, 'asOf' | 'closures' | 'overrides'>>;

/**
 * The id index `assertCohort` builds while checking a cohort, returned so `prepareCohort` need not build
 * it again (at national scale each is a map of 60,000 ids and 80,000 lookups).
 */
export interface CohortIndex {
  /** Home position by id. */
  readonly homeIndex: ReadonlyMap<string, number>;
  /** Home position each child lives in today (`currentPlacement.homeId`), or -1. */
  readonly current: Int32Array;
}

function checkIndexed(cohort: CheckedCohort): { problems: Problem[]; index: CohortIndex } {
  const FN = 'checkCohort';
  const problems: Problem[] = [];
  const homes = cohort.homes;
  const homeAt = new Map<string, number>();
  for (let i = 0; i < homes.length; i++) {
    const h = homes[i]!;
    const first = homeAt.get(h.id);
    if (first !== undefined) {
      problems.push({ path: ['homes', i, 'id'], code: 'duplicate_id', message: `${FN}: duplicate home id "${h.id}" (first at homes[${first}])` });
    } else homeAt.set(h.id, i);
  }

  const children = cohort.children;
  const asOf = cohort.asOf;
  const childAt = new Map<string, number>();
  const groups = new Map<string, number[]>();
  const current = new Int32Array(children.length).fill(-1);
  const living = new Int32Array(homes.length); // cohort children living in each home
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    const first = childAt.get(c.id);
    if (first !== undefined) {
      problems.push({ path: ['children', i, 'id'], code: 'duplicate_id', message: `${FN}: duplicate child id "${c.id}" (first at children[${first}])` });
    } else childAt.set(c.id, i);
    if (c.siblingGroupId !== undefined) {
      const g = groups.get(c.siblingGroupId);
      if (g) g.push(i);
      else groups.set(c.siblingGroupId, [i]);
    }
    const cp = c.currentPlacement;
    if (cp) {
      const h = homeAt.get(cp.homeId);
      if (h === undefined) {
        problems.push({
          path: ['children', i, 'currentPlacement', 'homeId'],
          code: 'dangling_reference',
          message: `${FN}: child "${c.id}" currentPlacement.homeId "${cp.homeId}" is not a home in the cohort`,
        });
      } else {
        current[i] = h;
        living[h]! += 1;
      }
      if (asOf !== undefined && cp.since > asOf) {
        problems.push({
          path: ['children', i, 'currentPlacement', 'since'],
          code: 'invalid_value',
          message: `${FN}: child "${c.id}" currentPlacement.since "${cp.since}" is after asOf "${asOf}"`,
        });
      }
    }
  }
  groups.forEach((members, gid) => {
    if (members.length === 1) {
      const i = members[0]!;
      problems.push({
        path: ['children', i, 'siblingGroupId'],
        code: 'dangling_reference',
        message: `${FN}: siblingGroupId "${gid}" of child "${children[i]!.id}" is carried by no other child in the cohort`,
      });
    } else if (members.length > 12) {
      problems.push({
        path: ['children', members[12]!, 'siblingGroupId'],
        code: 'invalid_value',
        message: `${FN}: siblingGroupId "${gid}" is carried by ${members.length} children (at most 12)`,
      });
    }
  });
  let overfull = false;
  for (let h = 0; h < homes.length && !overfull; h++) overfull = living[h]! > homes[h]!.places - homes[h]!.freePlaces;
  if (overfull) {
    // each home reported once, in the order children first name it
    const seen = new Uint8Array(homes.length);
    for (let i = 0; i < children.length; i++) {
      const hi = current[i]!;
      if (hi < 0 || seen[hi]) continue;
      seen[hi] = 1;
      const h = homes[hi]!;
      const occupied = h.places - h.freePlaces;
      if (living[hi]! > occupied) {
        problems.push({
          path: ['homes', hi, 'freePlaces'],
          code: 'inconsistent_occupancy',
          message: `${FN}: home "${h.id}" has ${occupied} occupied place(s) (places ${h.places}, freePlaces ${h.freePlaces}) but ${living[hi]} cohort children live there`,
        });
      }
    }
  }
  cohort.closures?.homeIds.forEach((id, i) => {
    if (!homeAt.has(id)) problems.push({ path: ['closures', 'homeIds', i], code: 'dangling_reference', message: `${FN}: closures.homeIds names unknown home "${id}"` });
  });
  const exiting = cohort.closures?.providerIds ?? [];
  if (exiting.length > 0) {
    const providers = new Set<string>();
    for (let i = 0; i < homes.length; i++) providers.add(homes[i]!.providerId);
    exiting.forEach((id, i) => {
      if (!providers.has(id)) problems.push({ path: ['closures', 'providerIds', i], code: 'dangling_reference', message: `${FN}: closures.providerIds names provider "${id}", which runs no home in the cohort` });
    });
  }
  cohort.overrides?.forEach((o: RuleOverride, i) => {
    o.homeIds?.forEach((id, j) => {
      if (!homeAt.has(id)) problems.push({ path: ['overrides', i, 'homeIds', j], code: 'dangling_reference', message: `${FN}: override of "${o.rule}" names unknown home "${id}"` });
    });
  });
  return { problems, index: { homeIndex: homeAt, current } };
}

/**
 * `checkCohort` as a guard: throws a ValidationError listing every problem. Returns the id index it built
 * (pass it to `prepareCohort` for the same cohort).
 *
 * @example
 * const index = assertCohort(cohort); // throws ValidationError('assertCohort: 2 problem(s) in the cohort', [...])
 * prepareCohort(cohort.children, cohort.homes, asOf, cohort.closures, settings, index);
 */
export function assertCohort(cohort: Cohort): CohortIndex {
  const { problems, index } = checkIndexed(cohort);
  if (problems.length > 0) throw new ValidationError(`assertCohort: ${problems.length} problem(s) in the cohort`, problems);
  return index;
}

/**
 * The ids of homes closing in this round (named homes plus every home of an exiting provider).
 *
 * @example
 * closedHomeIds(homes, { homeIds: ['H-1'], providerIds: ['P-EXIT'] }); // Set { 'H-1', ...P-EXIT's homes }
 */
export function closedHomeIds(homes: readonly Home[], closures: Closures | undefined): Set<string> {
  const out = new Set<string>(closures?.homeIds ?? []);
  if (closures && closures.providerIds.length > 0) {
    const exiting = new Set(closures.providerIds);
    for (const h of homes) if (exiting.has(h.providerId)) out.add(h.id);
  }
  return out;
}

/**
 * Whole calendar months from `since` to `asOf` (0 when `since` is not before `asOf`).
 *
 * @example
 * monthsBetween('2024-01-31', '2024-03-30'); // 1
 */
export function monthsBetween(since: string, asOf: string): number {
  const a = plainDateNumber(since);
  const b = plainDateNumber(asOf);
  if (a >= 0 && b >= 0) {
    // YYYY-MM-DD (what the schema accepts): the same numbers as the split below, without allocating
    const months = (Math.floor(b / 10000) - Math.floor(a / 10000)) * 12 + ((Math.floor(b / 100) % 100) - (Math.floor(a / 100) % 100)) - (b % 100 < a % 100 ? 1 : 0);
    return Math.max(0, months);
  }
  const [y1, m1, d1] = since.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = asOf.split('-').map(Number) as [number, number, number];
  let months = (y2 - y1) * 12 + (m2 - m1);
  if (d2 < d1) months -= 1;
  return Math.max(0, months);
}

/** Re-exported for callers building cohorts by hand. */
export type { Child, Home, PolicyOverride };

function quote(v: unknown): string {
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
