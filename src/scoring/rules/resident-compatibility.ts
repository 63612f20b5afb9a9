import type { RiskFlag } from '../../domain/index.js';
import { RISK_EXPLOITER, RISK_PET_ALLERGY, RISK_SEXUAL, RISK_VULNERABLE, RISK_YOUNGER, riskMask } from '../codes.js';
import { occupantSummary } from '../columns.js';
import { ruleResult } from '../helpers.js';
import type { ResolvedChild, ResolvedHome, RuleModule, ScoringContext } from '../types.js';

/**
 * Conflict kinds (bits) and their plain-language reasons.
 *
 * @example
 * CONFLICTS.filter((_, i) => mask & (1 << i));
 */
export const CONFLICTS = [
  'the child poses a risk to younger children and a younger child lives there',
  'the child has sexually harmful behaviour and a younger child lives there',
  'a resident who poses a risk to younger children is older than the child',
  'a resident with sexually harmful behaviour is older than the child',
  'the child is vulnerable to exploitation and a resident poses an exploitation risk to others',
  'the child poses an exploitation risk and a resident is vulnerable to exploitation',
  'the child is allergic to pets and the household has pets',
] as const;

/**
 * The incompatibility table between one child and a home's occupants, as a bit mask over {@link CONFLICTS}
 * (0 = compatible). Pure numbers, so the fast path calls it on columns and the rule on the same summary.
 *
 * @param youngest youngest resident or household child (255 when none)
 * @param occupantRisk OR of the residents' risk-flag bits
 * @param maxAgeRiskYounger oldest resident flagged risk_to_younger_children (-1 when none)
 * @param maxAgeSexualHarm oldest resident flagged sexually_harmful_behaviour (-1 when none)
 * @example
 * conflictMask(14, riskBit('risk_to_younger_children'), 8, 0, -1, -1, false); // 1
 */
export function conflictMask(
  childAge: number,
  childRisk: number,
  youngest: number,
  occupantRisk: number,
  maxAgeRiskYounger: number,
  maxAgeSexualHarm: number,
  pets: boolean,
): number {
  // Every test runs on every call, each bit added as `cond ? BIT : 0` (the same mask as the plain `if`s):
  // the fast path inlines this, and a test first met after it was optimised would deoptimise it.
  const younger = youngest < childAge;
  const olderRiskYounger = maxAgeRiskYounger > childAge;
  const olderSexualHarm = maxAgeSexualHarm > childAge;
  const exploiterThere = (occupantRisk & RISK_EXPLOITER) !== 0;
  const vulnerableThere = (occupantRisk & RISK_VULNERABLE) !== 0;
  let m = 0;
  m |= (childRisk & RISK_YOUNGER) !== 0 && younger ? 1 : 0;
  m |= (childRisk & RISK_SEXUAL) !== 0 && younger ? 2 : 0;
  m |= olderRiskYounger ? 4 : 0;
  m |= olderSexualHarm ? 8 : 0;
  m |= (childRisk & RISK_VULNERABLE) !== 0 && exploiterThere ? 16 : 0;
  m |= (childRisk & RISK_EXPLOITER) !== 0 && vulnerableThere ? 32 : 0;
  m |= (childRisk & RISK_PET_ALLERGY) !== 0 && pets ? 64 : 0;
  return m;
}

/** A resident entry as the rule reads it: an age and risk flags (the schema carries no identity). */
export interface ResidentEntry {
  readonly age: number;
  readonly riskFlags: readonly RiskFlag[];
}

/**
 * The residents of a home without the entries of `own`, the subject's children who live there today (a
 * child being re-matched must not be judged against itself). Residents carry no id, so a child's own entry
 * is the first resident not yet discounted with exactly the child's risk flags and the child's age, or,
 * failing that, an age one year younger (recorded before a birthday). A child with no such entry discounts
 * nothing. Order of the remaining residents is kept.
 *
 * @example
 * residentsWithout([{ age: 14, riskFlags: ['pet_allergy'] }, { age: 9, riskFlags: [] }], [{ age: 14, riskFlags: ['pet_allergy'] }]);
 * // [{ age: 9, riskFlags: [] }]
 */
export function residentsWithout<R extends ResidentEntry>(residents: readonly R[], own: readonly ResidentEntry[]): R[] {
  const skip = ownResidentEntries(residents, own);
  return skip.length === 0 ? [...residents] : residents.filter((_, j) => !skip.includes(j));
}

/**
 * Positions in `residents` of the entries of `own` (see {@link residentsWithout}), in the order of `own`.
 *
 * @example
 * ownResidentEntries([{ age: 9, riskFlags: [] }, { age: 14, riskFlags: [] }], [{ age: 14, riskFlags: [] }]); // [1]
 */
export function ownResidentEntries(residents: readonly ResidentEntry[], own: readonly ResidentEntry[]): number[] {
  const n = fillResidents(residents);
  const nOwn = fillOwn(own, own.length);
  const k = ownEntriesInto(scratchAge, scratchRisk, 0, n, ownAgeW, ownRiskW, nOwn, skipW);
  return Array.from(skipW.subarray(0, k));
}

/**
 * Work arrays (one thread runs one call at a time): a home's residents as numbers, the subject's own
 * children, the positions skipped, a summary.
 */
let scratchAge = new Float64Array(16);
let scratchRisk = new Int32Array(16);
let ownAgeW = new Float64Array(8);
let ownRiskW = new Int32Array(8);
let skipW = new Int32Array(8);
const summaryW = new Int32Array(4);

/** `residents` as numbers into the scratch arrays; returns how many. */
function fillResidents(residents: readonly ResidentEntry[]): number {
  const n = residents.length;
  if (scratchAge.length < n) {
    scratchAge = new Float64Array(2 * n);
    scratchRisk = new Int32Array(2 * n);
  }
  for (let j = 0; j < n; j++) {
    const r = residents[j]!;
    scratchAge[j] = r.age;
    scratchRisk[j] = riskMask(r.riskFlags);
  }
  return n;
}

/** The first `n` of `own` as numbers into the own work arrays (and room for as many skipped positions). */
function fillOwn(own: readonly Pick<ResidentEntry, 'age' | 'riskFlags'>[], n: number): number {
  if (ownAgeW.length < n) {
    ownAgeW = new Float64Array(2 * n);
    ownRiskW = new Int32Array(2 * n);
    skipW = new Int32Array(2 * n);
  }
  for (let o = 0; o < n; o++) {
    const c = own[o]!;
    ownAgeW[o] = c.age;
    ownRiskW[o] = riskMask(c.riskFlags);
  }
  return n;
}

/**
 * {@link ownResidentEntries} over residents given as numbers (ages and risk masks at `from..from+n-1`) for
 * own children given as numbers: the positions (0-based from `from`) written to `skip`; returns how many.
 */
function ownEntriesInto(
  age: Float64Array,
  risk: Int32Array,
  from: number,
  n: number,
  ownAge: Float64Array,
  ownRisk: Int32Array,
  nOwn: number,
  skip: Int32Array,
): number {
  let taken = 0;
  for (let o = 0; o < nOwn; o++) {
    const a = ownAge[o]!;
    const m = ownRisk[o]!;
    let best = -1;
    for (let j = 0; j < n; j++) {
      const ra = age[from + j]!;
      if (ra !== a && ra !== a - 1) continue;
      if (risk[from + j] !== m || indexIn(skip, taken, j)) continue;
      if (ra === a) {
        best = j;
        break;
      }
      if (best < 0) best = j;
    }
    if (best >= 0) skip[taken++] = best;
  }
  return taken;
}

/** True when `v` is among `a[0..n-1]`. */
function indexIn(a: Int32Array, n: number, v: number): boolean {
  for (let k = 0; k < n; k++) if (a[k] === v) return true;
  return false;
}

/**
 * The occupant summary (see columns.ts `occupantSummary`) of residents given as numbers, without the
 * positions `skip[0..nSkip-1]`, and with household children whose youngest is `householdYoungest` (255:
 * none): [youngest, occupantRisk, maxAgeRiskYounger, maxAgeSexualHarm] into `out` from `at`.
 */
function summaryInto(age: Float64Array, risk: Int32Array, from: number, n: number, skip: Int32Array, nSkip: number, householdYoungest: number, out: Int32Array, at: number): void {
  let youngest = 255;
  let occ = 0;
  let maxY = -1;
  let maxS = -1;
  for (let j = 0; j < n; j++) {
    if (nSkip > 0 && indexIn(skip, nSkip, j)) continue;
    const a = age[from + j]!;
    const m = risk[from + j]!;
    if (a < youngest) youngest = a;
    occ |= m;
    if (m & RISK_YOUNGER && a > maxY) maxY = a;
    if (m & RISK_SEXUAL && a > maxS) maxS = a;
  }
  if (householdYoungest < youngest) youngest = householdYoungest;
  out[at] = youngest;
  out[at + 1] = occ;
  out[at + 2] = maxY;
  out[at + 3] = maxS;
}

/** The youngest of a household's children, 255 when none. */
function householdYoungestOf(home: Pick<ResolvedHome, 'household'>): number {
  let y = 255;
  for (const a of home.household?.childrenAges ?? []) if (a < y) y = a;
  return y;
}

/**
 * The residents of many homes as numbers, for callers that ask for many subjects' own homes (reading the
 * residents' objects of a home picked at random is slow; this is built in one pass in memory order).
 */
export interface ResidentTable {
  /** Per slot: where its residents start in `age` / `risk`, and how many. */
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly age: Float64Array;
  readonly risk: Int32Array;
  /** Per slot: the youngest household child, 255 when none. */
  readonly householdYoungest: Int32Array;
}

/**
 * A resident table of `homes`, home k in slot `slots[k]` (default k; the slots a permutation of 0..n-1).
 *
 * @example
 * const table = residentTable(registry.homes);
 * ownOccupantsInto(table, 3, [child], out, 0);
 */
export function residentTable(homes: readonly Pick<ResolvedHome, 'residents' | 'household'>[], slots?: ArrayLike<number>): ResidentTable {
  const n = homes.length;
  const start = new Int32Array(n);
  const count = new Int32Array(n);
  const householdYoungest = new Int32Array(n);
  let total = 0;
  for (const h of homes) total += h.residents.length;
  const age = new Float64Array(total);
  const risk = new Int32Array(total);
  let at = 0;
  for (let k = 0; k < n; k++) {
    const h = homes[k]!;
    const slot = slots === undefined ? k : (slots[k] as number);
    start[slot] = at;
    count[slot] = h.residents.length;
    householdYoungest[slot] = householdYoungestOf(h);
    for (const r of h.residents) {
      age[at] = r.age;
      risk[at++] = riskMask(r.riskFlags);
    }
  }
  return { start, count, age, risk, householdYoungest };
}

/**
 * `subjectOccupants` of the home in `slot` of `table` for the subject's children `own` that live there
 * (the first `nOwn`), as [youngest, occupantRisk, maxAgeRiskYounger, maxAgeSexualHarm] into `out` from `at`.
 *
 * @example
 * ownOccupantsInto(residentTable(registry.homes), 3, [child], 1, out, 0); // out[0]: youngest other occupant
 */
export function ownOccupantsInto(
  table: ResidentTable,
  slot: number,
  own: readonly Pick<ResolvedChild, 'age' | 'riskFlags'>[],
  nOwn: number,
  out: Int32Array,
  at: number,
): void {
  fillOwn(own, nOwn);
  const from = table.start[slot]!;
  const n = table.count[slot]!;
  const k = ownEntriesInto(table.age, table.risk, from, n, ownAgeW, ownRiskW, nOwn, skipW);
  summaryInto(table.age, table.risk, from, n, skipW, k, table.householdYoungest[slot]!, out, at);
}

/**
 * The occupant summary a subject is checked against in `home`: every resident and household child,
 * minus the entries of the subject's own children whose current home it is (see {@link residentsWithout}).
 *
 * @example
 * subjectOccupants(home, subject.children).youngest; // 255 when only the child itself lives there
 */
export function subjectOccupants(
  home: Pick<ResolvedHome, 'id' | 'residents' | 'household'>,
  children: readonly Pick<ResolvedChild, 'age' | 'riskFlags' | 'currentHomeId'>[],
): ReturnType<typeof occupantSummary> & { readonly occupants: number } {
  const n = fillResidents(home.residents);
  let nOwn = 0;
  for (const c of children) if (c.currentHomeId === home.id) nOwn++;
  if (nOwn > 0) fillOwn(children.filter((c) => c.currentHomeId === home.id), nOwn);
  const k = ownEntriesInto(scratchAge, scratchRisk, 0, n, ownAgeW, ownRiskW, nOwn, skipW);
  summaryInto(scratchAge, scratchRisk, 0, n, skipW, k, householdYoungestOf(home), summaryW, 0);
  return {
    youngest: summaryW[0]!,
    occupantRisk: summaryW[1]!,
    maxAgeRiskYounger: summaryW[2]!,
    maxAgeSexualHarm: summaryW[3]!,
    pets: (home.household?.pets.length ?? 0) > 0,
    occupants: n - k + (home.household?.childrenAges.length ?? 0),
  };
}

/**
 * Hard rule: the child must be compatible with the children (and, in a foster household, the carers' own
 * children and pets) already living in the home. A subject's child who lives in the home today is not
 * checked against their own resident entry (see {@link subjectOccupants}).
 *
 * @example
 * residentCompatibilityRule.evaluate(ctx).facts.conflicts; // ['the child is allergic to pets and ...']
 */
export const residentCompatibilityRule: RuleModule = {
  id: 'resident_compatibility',
  level: 'hard',
  passes: residentCompatibilityPasses,
  description: 'The child must be compatible with the children and household already living in the home.',
  overridable: false,
  evaluate(ctx) {
    const occ = subjectOccupants(ctx.home, ctx.subject.children);
    let mask = 0;
    for (const c of ctx.subject.children) {
      mask |= conflictMask(c.age, riskMask(c.riskFlags), occ.youngest, occ.occupantRisk, occ.maxAgeRiskYounger, occ.maxAgeSexualHarm, occ.pets);
    }
    const conflicts = mask === 0 ? [] : CONFLICTS.filter((_, i) => mask & (1 << i));
    const occupants = occ.occupants;
    const passed = mask === 0;
    const sentence = passed
      ? occupants === 0
        ? 'No other children live there.'
        : `Compatible with the ${occupants === 1 ? 'child' : `${occupants} children`} already living there.`
      : `Incompatible: ${conflicts.join('; ')}.`;
    return ruleResult(
      ctx,
      'resident_compatibility',
      false,
      passed,
      { occupants, youngestOccupant: occ.youngest === 255 ? null : occ.youngest, pets: occ.pets, conflicts },
      sentence,
    );
  },
  counterfactual() {
    return null;
  },
};

/**
 * Fast path of {@link residentCompatibilityRule} for callers that only need the verdict (no facts or sentence): `true` exactly
 * when `evaluate(ctx).passed`.
 *
 * @example
 * residentCompatibilityRule.passes(ctx); // false when a child conflicts with a resident
 */
function residentCompatibilityPasses(ctx: ScoringContext): boolean {
  const occ = subjectOccupants(ctx.home, ctx.subject.children);
  let mask = 0;
  for (const c of ctx.subject.children) {
    mask |= conflictMask(c.age, riskMask(c.riskFlags), occ.youngest, occ.occupantRisk, occ.maxAgeRiskYounger, occ.maxAgeSexualHarm, occ.pets);
  }
  return mask === 0;
}
