import type { Geography } from '../../geo/types.js';
import {
  keyStage,
  schoolYear,
  ageOn,
  ValidationError,
  type Child,
  type Policy,
  type Problem,
  type SiblingGroup,
  type Urgency,
} from '../domain/index.js';
import { normText } from '../scoring/columns.js';
import type { ResolvedChild, ResolvedSubject } from '../scoring/types.js';
import { isProblem, resolveLocation, type LocationCache } from './resolve-location.js';

/** Options for {@link resolveSubject}. */
export interface ResolveOptions {
  /** The date ages and school years are taken on (ISO). */
  readonly asOf: string;
  /**
   * Home ids that exist, to check connected-person and current-placement references. When given and
   * `strictReferences` is not false, a reference to a home not in the registry is a `dangling_reference`
   * problem (a connected carer or current home missing from the registry would silently lose its
   * preference otherwise). Batch callers re-matching after homes close can pass `strictReferences: false`:
   * dangling references are then ignored (no kinship / stability credit).
   */
  readonly registry?: { indexOf(homeId: string): number };
  readonly strictReferences?: boolean;
  /** JSON path of the subject in problem reports (default ["child"] or ["siblingGroup"]). */
  readonly path?: readonly (string | number)[];
  /**
   * Makes a child's zeroed needs vector of `length` entries (default `new Float64Array(length)`). Batch
   * callers resolving many children pass views of large blocks: a vector of 10 needs is 80 bytes, over the
   * size V8 keeps on its heap, so each would get a backing store of its own.
   */
  readonly needsAlloc?: (length: number) => Float64Array;
}

const URGENCY_ORDER: readonly Urgency[] = ['planned', 'within_5_days', 'same_day'];

/**
 * The empty list and map every resolved child without entries shares (most children have no connected
 * person, adaptation, wish or area to avoid: one object each instead of ~80,000 at national scale). Typed
 * read-only, like the fields that hold them.
 */
const NONE: readonly never[] = [];
const NO_CONNECTED: ReadonlyMap<string, string> = new Map<string, string>();

function unique<T>(xs: readonly T[]): readonly T[] {
  // most lists are empty or hold one entry: no Set for those (the same result)
  if (xs.length === 0) return NONE;
  return xs.length < 2 ? xs.slice() : [...new Set(xs)];
}

/** `unique(xs.map(f))` without the intermediate array when `xs` holds 0-1 entries (most children). */
function uniqueMapped<T, U>(xs: readonly T[], f: (x: T) => U): readonly U[] {
  if (xs.length === 0) return NONE;
  if (xs.length === 1) return [f(xs[0] as T)];
  return unique(xs.map(f));
}

/** Path suffixes of a child's locations (constants: no array per child unless a problem is reported). */
const HOME_LOCATION: readonly string[] = ['homeLocation'];
const SCHOOL_LOCATION: readonly string[] = ['school', 'location'];

/** A child's need levels by policy domain, filled while the needs are checked (reused child to child). */
let levels = new Float64Array(16);
/** The last policy domains seen and each one's position (null when a domain is listed twice). */
let slotsOf: readonly string[] | null = null;
let slotsMap: Map<string, number> | null = null;

function domainSlots(domains: readonly string[]): Map<string, number> | null {
  if (domains !== slotsOf) {
    const m = new Map<string, number>();
    for (let k = 0; k < domains.length; k++) m.set(domains[k]!, k);
    slotsOf = domains;
    slotsMap = m.size === domains.length ? m : null;
  }
  return slotsMap;
}

function compactUpper(s: string): string {
  return s.replace(/\s+/g, '').toUpperCase();
}

/**
 * Resolve one child, pushing every problem found into `problems` (returns undefined when a location
 * could not be resolved).
 *
 * @example
 * const problems: Problem[] = [];
 * const c = resolveChild(child, DEFAULT_POLICY, geo, { asOf: '2026-11-22' }, ['child'], problems);
 */
export function resolveChild(
  child: Child,
  policy: Policy,
  geo: Geography,
  opts: ResolveOptions,
  path: readonly (string | number)[],
  problems: Problem[],
  cache?: LocationCache,
): ResolvedChild | undefined {
  const fn = 'resolveSubject';
  const home = resolveLocation(child.homeLocation, geo, path, fn, cache, HOME_LOCATION);
  if (isProblem(home)) problems.push(home);
  const school = child.school ? resolveLocation(child.school.location, geo, path, fn, cache, SCHOOL_LOCATION) : null;
  if (school && isProblem(school)) problems.push(school);

  if (!geo.authority(child.placingAuthority)) {
    problems.push({
      path: [...path, 'placingAuthority'],
      code: 'unknown_authority',
      message: `${fn}: unknown placing authority ${JSON.stringify(child.placingAuthority)}`,
    });
  }
  const age = ageOn(child.dateOfBirth, opts.asOf);
  if (age < 0) {
    problems.push({ path: [...path, 'dateOfBirth'], code: 'invalid_value', message: `${fn}: date of birth ${JSON.stringify(child.dateOfBirth)} is after ${opts.asOf}` });
  } else if (age > 25) {
    problems.push({ path: [...path, 'dateOfBirth'], code: 'invalid_value', message: `${fn}: date of birth ${JSON.stringify(child.dateOfBirth)} gives age ${age} on ${opts.asOf}, over 25` });
  }
  // for-in: the same keys, in the same order, as Object.keys (a parsed child's needs is a plain object).
  // One pass checks each domain and keeps its level at the policy's position, in module scratch.
  const domains = policy.domains;
  const D = domains.length;
  const slots = domainSlots(domains);
  if (levels.length < D) levels = new Float64Array(D);
  else levels.fill(0, 0, D);
  const given = child.needs;
  for (const d in given) {
    if (!Object.hasOwn(given, d)) continue;
    let known = false;
    if (slots) {
      const k = slots.get(d);
      if (k !== undefined) {
        levels[k] = given[d] ?? 0;
        known = true;
      }
    } else {
      // a domain listed twice: its level at each position
      for (let k = 0; k < D; k++) {
        if (domains[k] === d) {
          levels[k] = given[d] ?? 0;
          known = true;
        }
      }
    }
    if (!known) {
      problems.push({
        path: [...path, 'needs', d],
        code: 'unknown_domain',
        message: `${fn}: needs domain ${JSON.stringify(d)} is not one of the policy's domains (${domains.join(', ')})`,
      });
    }
  }
  const avoid = child.avoidAreas.districts;
  for (let k = 0; k < avoid.length; k++) {
    const d = avoid[k]!;
    if (!geo.resolvePostcode(d)) {
      problems.push({ path: [...path, 'avoidAreas', 'districts', k], code: 'unknown_postcode', message: `${fn}: unknown postcode district ${JSON.stringify(d)} in areas to avoid` });
    }
  }
  const wished = child.wishes.preferredAreas;
  for (let k = 0; k < wished.length; k++) {
    const a = wished[k]!;
    if (!geo.authority(compactUpper(a)) && !geo.resolvePostcode(a)) {
      problems.push({
        path: [...path, 'wishes', 'preferredAreas', k],
        code: 'unknown_area',
        message: `${fn}: preferred area ${JSON.stringify(a)} is neither a postcode district nor an authority code`,
      });
    }
  }
  const strict = opts.registry !== undefined && opts.strictReferences !== false;
  const persons = child.connectedPersons;
  const connected = persons.length === 0 ? NO_CONNECTED : new Map<string, string>();
  for (let k = 0; k < persons.length; k++) {
    const c = persons[k]!;
    if (strict && opts.registry && opts.registry.indexOf(c.homeId) < 0) {
      problems.push({
        path: [...path, 'connectedPersons', k, 'homeId'],
        code: 'dangling_reference',
        message: `${fn}: connected person's home ${JSON.stringify(c.homeId)} is not in the registry`,
      });
    }
    if (!connected.has(c.homeId)) (connected as Map<string, string>).set(c.homeId, c.relationship);
  }
  if (strict && child.currentPlacement && opts.registry && opts.registry.indexOf(child.currentPlacement.homeId) < 0) {
    problems.push({
      path: [...path, 'currentPlacement', 'homeId'],
      code: 'dangling_reference',
      message: `${fn}: current home ${JSON.stringify(child.currentPlacement.homeId)} is not in the registry`,
    });
  }
  if (isProblem(home) || (school && isProblem(school))) return undefined;

  const needs = opts.needsAlloc ? opts.needsAlloc(D) : new Float64Array(D);
  for (let k = 0; k < D; k++) needs[k] = levels[k]!;
  const year = schoolYear(child.dateOfBirth, opts.asOf);
  return {
    id: child.id,
    location: home.point,
    district: home.district,
    authority: home.authority,
    placingAuthority: child.placingAuthority,
    age,
    sex: child.sex,
    schoolYear: year,
    keyStage: keyStage(year),
    school: school ? school.point : null,
    needs,
    disabilityRequirements: unique(child.disabilityRequirements),
    riskFlags: unique(child.riskFlags),
    connected,
    religion: child.religion === undefined ? undefined : normText(child.religion),
    languages: uniqueMapped(child.languages, normText),
    ethnicity: child.ethnicity === undefined ? undefined : normText(child.ethnicity),
    preferredAreas: uniqueMapped(wished, (a) => {
      const up = compactUpper(a);
      return geo.authority(up) ? up : (geo.resolvePostcode(a)?.district ?? up);
    }),
    avoidDistricts: uniqueMapped(avoid, (d) => geo.resolvePostcode(d)?.district ?? compactUpper(d)),
    avoidPolygons: child.avoidAreas.polygons,
    urgency: child.urgency,
    carePlanSetting: child.carePlanSetting,
    currentHomeId: child.currentPlacement?.homeId,
  };
}

/**
 * Resolve a match request's child or sibling group: locations to coordinates (unknown postcode: a problem
 * naming the field, e.g. ["child","homeLocation","postcode"]), age and key stage on `asOf`, the needs vector
 * over the policy's domains. Checks references (connected-person and current homes against the registry),
 * and for a group: duplicate child ids, each child's `siblingGroupId` matching the group, one placing
 * authority. Collects every problem and throws one ValidationError.
 *
 * @throws ValidationError listing every problem
 * @example
 * const subject = resolveSubject({ child }, DEFAULT_POLICY, geo, { asOf: '2026-11-22', registry });
 * subject.children[0].keyStage; // 4
 */
export function resolveSubject(
  input: { child?: Child | undefined; siblingGroup?: SiblingGroup | undefined },
  policy: Policy,
  geo: Geography,
  opts: ResolveOptions,
): ResolvedSubject {
  const problems: Problem[] = [];
  const subject = collectSubject(input, policy, geo, opts, problems);
  if (problems.length || !subject) {
    throw new ValidationError(`resolveSubject: ${problems.length} problem(s) in the ${input.siblingGroup ? 'sibling group' : 'child'}`, problems);
  }
  return subject;
}

/**
 * As {@link resolveSubject}, but pushes problems into `problems` instead of throwing (for callers that
 * collect problems from several parts of a request). Returns undefined when any problem was found.
 *
 * @example
 * const problems: Problem[] = [];
 * const s = collectSubject({ child }, policy, geo, { asOf }, problems); // undefined if problems.length
 */
export function collectSubject(
  input: { child?: Child | undefined; siblingGroup?: SiblingGroup | undefined },
  policy: Policy,
  geo: Geography,
  opts: ResolveOptions,
  problems: Problem[],
): ResolvedSubject | undefined {
  const before = problems.length;
  const cache: LocationCache = new Map();
  if (input.child && input.siblingGroup) {
    problems.push({ path: opts.path ?? [], code: 'invalid_value', message: 'resolveSubject: give exactly one of "child" or "siblingGroup", not both' });
    return undefined;
  }
  if (input.child) {
    const path = opts.path ?? ['child'];
    const c = resolveChild(input.child, policy, geo, opts, path, problems, cache);
    if (!c || problems.length > before) return undefined;
    return {
      kind: 'child',
      id: c.id,
      children: [c],
      groupSize: 1,
      placingAuthority: c.placingAuthority,
      urgency: c.urgency,
      domains: policy.domains,
      asOf: opts.asOf,
    };
  }
  const g = input.siblingGroup;
  if (!g) {
    problems.push({ path: opts.path ?? [], code: 'invalid_value', message: 'resolveSubject: one of "child" or "siblingGroup" is required' });
    return undefined;
  }
  const path = opts.path ?? ['siblingGroup'];
  const ids = new Map<string, number>();
  const children: ResolvedChild[] = [];
  const placing = g.children[0]?.placingAuthority;
  g.children.forEach((child, i) => {
    const cpath = [...path, 'children', i];
    const first = ids.get(child.id);
    if (first !== undefined) {
      problems.push({ path: [...cpath, 'id'], code: 'duplicate_id', message: `resolveSubject: duplicate child id ${JSON.stringify(child.id)} (first at children.${first})` });
    } else ids.set(child.id, i);
    if (child.siblingGroupId !== undefined && child.siblingGroupId !== g.id) {
      problems.push({
        path: [...cpath, 'siblingGroupId'],
        code: 'inconsistent_reference',
        message: `resolveSubject: siblingGroupId ${JSON.stringify(child.siblingGroupId)} differs from the group id ${JSON.stringify(g.id)}`,
      });
    }
    if (child.placingAuthority !== placing) {
      problems.push({
        path: [...cpath, 'placingAuthority'],
        code: 'inconsistent_value',
        message: `resolveSubject: placing authority ${JSON.stringify(child.placingAuthority)} differs from the group's ${JSON.stringify(placing)}: one search places children of one authority`,
      });
    }
    const c = resolveChild(child, policy, geo, opts, cpath, problems, cache);
    if (c) children.push(c);
  });
  if (problems.length > before) return undefined;
  let urgency: Urgency = 'planned';
  for (const c of children) if (URGENCY_ORDER.indexOf(c.urgency) > URGENCY_ORDER.indexOf(urgency)) urgency = c.urgency;
  return {
    kind: 'siblingGroup',
    id: g.id,
    children,
    groupSize: children.length,
    placingAuthority: placing as string,
    urgency,
    domains: policy.domains,
    asOf: opts.asOf,
  };
}

/**
 * A sub-subject: some children of a resolved group, placed together (for split plans). Keeps the whole
 * group's size so the siblings factor scores how many are together.
 *
 * @example
 * subSubject(group, [0]); // the first child alone: siblings factor 0
 */
export function subSubject(s: ResolvedSubject, childIdx: readonly number[]): ResolvedSubject {
  const children = childIdx.map((i) => s.children[i] as ResolvedChild);
  let urgency: Urgency = 'planned';
  for (const c of children) if (URGENCY_ORDER.indexOf(c.urgency) > URGENCY_ORDER.indexOf(urgency)) urgency = c.urgency;
  return {
    kind: children.length === 1 ? 'child' : 'siblingGroup',
    id: children.length === 1 ? (children[0] as ResolvedChild).id : `${s.id}[${childIdx.join(',')}]`,
    children,
    groupSize: s.groupSize,
    placingAuthority: s.placingAuthority,
    urgency,
    domains: s.domains,
    asOf: s.asOf,
  };
}
