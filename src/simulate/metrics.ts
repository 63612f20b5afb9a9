import type { Contract, HomeType, Setting } from '../domain/index.js';
import { FAIRNESS_DIMENSIONS, NEED_BANDS, type ChildFacts } from './facts.js';
import type { MetricVector } from './stats.js';

/** Distance of 20 miles in km (the DfE statistic). */
export const TWENTY_MILES_KM = 32.1869;

/** Where one child ended up in one model run (or nowhere: `homeId` null = unmet demand). */
export interface Outcome {
  readonly facts: ChildFacts;
  readonly homeId: string | null;
  readonly homeType: HomeType | null;
  readonly contract: Contract | null;
  readonly setting: Setting | null;
  /** Child's home to placement, km; NaN when unplaced. */
  readonly distanceKm: number;
  readonly homeAuthority: string | null;
  readonly insideAuthority: boolean;
  /** The home's authority adjoins the placing authority (outside but near: reg 11 nominated officer only). */
  readonly adjoining: boolean;
  /** Placed with a connected person (kinship, s22C(7)(a)). */
  readonly kinship: boolean;
  /** For a key stage 4 child with a recorded school: stayed within reach of it; otherwise null. */
  readonly keptSchool: boolean | null;
  /** Match score total (NaN when unplaced). */
  readonly score: number;
  /** What this placement costs a year (0 when unplaced). */
  readonly annualPrice: number;
  /** In residential care although a foster home in the market could meet every need. */
  readonly stepDown: boolean;
}

/** The shares reported per fairness group (and whose spread between groups is the gap). */
export const FAIRNESS_METRICS = ['placed', 'within20Miles', 'insideAuthority', 'atDistance', 'kinship', 'siblingsTogether', 'ks4KeptSchool', 'residential'] as const;
export type FairnessMetric = (typeof FAIRNESS_METRICS)[number];

/** Options for {@link placementMetrics}. */
export interface MetricOptions {
  /** Smallest group a fairness gap is computed over. */
  readonly fairnessMinGroup: number;
}

/**
 * A metric-key-safe version of a group label (no dots).
 *
 * @example
 * keyPart('St. Helena'); // 'St_ Helena'
 */
export function keyPart(s: string): string {
  return s.replace(/[.]/g, '_');
}

const ratio = (a: number, b: number): number => (b > 0 ? a / b : Number.NaN);

/**
 * Metric keys, built once: by prefix, then by suffix (a string literal) or by fairness dimension and group
 * label (the same few hundred keys in every run, so they are not concatenated again run after run).
 */
const keyCache = new Map<string, Map<string, string>>();
const groupKeyCache = new Map<string, Map<string, readonly string[]>>();

function keyOf(p: string, suffix: string): string {
  let m = keyCache.get(p);
  if (!m) keyCache.set(p, (m = new Map()));
  let k = m.get(suffix);
  if (k === undefined) {
    k = `${p}${suffix}`;
    m.set(suffix, k);
  }
  return k;
}

/** A fairness group's keys: `children`, then each of FAIRNESS_METRICS. */
function groupKeys(p: string, dim: string, label: string): readonly string[] {
  const outer = `${p}\u0000${dim}`;
  let m = groupKeyCache.get(outer);
  if (!m) groupKeyCache.set(outer, (m = new Map()));
  let keys = m.get(label);
  if (!keys) {
    const gk = `${p}fairness.${dim}.${keyPart(label)}`;
    keys = [`${gk}.children`, ...FAIRNESS_METRICS.map((k) => `${gk}.${k}`)];
    m.set(label, keys);
  }
  return keys;
}

interface Counts {
  children: number;
  placed: number;
  within20: number;
  inside: number;
  atDistance: number;
  kinship: number;
  ks4: number;
  ks4Kept: number;
  residential: number;
  sibMembers: number;
  sibTogether: number;
}

function emptyCounts(): Counts {
  return { children: 0, placed: 0, within20: 0, inside: 0, atDistance: 0, kinship: 0, ks4: 0, ks4Kept: 0, residential: 0, sibMembers: 0, sibTogether: 0 };
}

function add(c: Counts, o: Outcome, together: boolean | null): void {
  c.children++;
  if (together !== null) {
    c.sibMembers++;
    if (together) c.sibTogether++;
  }
  if (o.homeId === null) return;
  c.placed++;
  if (o.distanceKm <= TWENTY_MILES_KM) c.within20++;
  if (o.insideAuthority) c.inside++;
  else if (!o.adjoining) c.atDistance++;
  if (o.kinship) c.kinship++;
  if (o.keptSchool !== null) {
    c.ks4++;
    if (o.keptSchool) c.ks4Kept++;
  }
  if (o.setting === 'residential') c.residential++;
}

function shares(c: Counts): Record<FairnessMetric, number> {
  return {
    placed: ratio(c.placed, c.children),
    within20Miles: ratio(c.within20, c.placed),
    insideAuthority: ratio(c.inside, c.placed),
    atDistance: ratio(c.atDistance, c.placed),
    kinship: ratio(c.kinship, c.placed),
    siblingsTogether: ratio(c.sibTogether, c.sibMembers),
    ks4KeptSchool: ratio(c.ks4Kept, c.ks4),
    residential: ratio(c.residential, c.placed),
  };
}

/**
 * Whether each sibling group in the outcomes was kept together: every member placed, all in one home.
 * Only groups with at least two members in `outcomes` count.
 *
 * @example
 * siblingGroupsTogether(outcomes).get('SG-1'); // true | false
 */
export function siblingGroupsTogether(outcomes: readonly Outcome[]): Map<string, boolean> {
  const members = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const g = o.facts.siblingGroupId;
    if (g === undefined) continue;
    const list = members.get(g);
    if (list) list.push(o);
    else members.set(g, [o]);
  }
  const out = new Map<string, boolean>();
  for (const [g, list] of members) {
    if (list.length < 2) continue;
    const first = list[0]?.homeId ?? null;
    out.set(g, first !== null && list.every((o) => o.homeId === first));
  }
  return out;
}

/**
 * The placement metrics of one population (a cohort re-matched, or a year's placements), as a flat vector
 * under `prefix`: counts, shares, unmet demand by need band and care-plan setting, the setting mix,
 * step-down opportunities, and every share broken down by ethnicity, disability and UASC status with the
 * largest gap between groups of at least `fairnessMinGroup` children.
 *
 * @example
 * placementMetrics(outcomes, 'static', { fairnessMinGroup: 5 })['static.share.within20Miles']; // e.g. 0.71
 */
export function placementMetrics(outcomes: readonly Outcome[], prefix: string, opts: MetricOptions): MetricVector {
  // Metrics go to a Map first and become an object at the end: the keys differ between calls (prefixes, the
  // groups present), and an object grown key by key here would keep meeting new hidden classes (and keep
  // sending the optimised function back to be compiled again).
  const m = new Map<string, number>();
  const p = prefix ? `${prefix}.` : '';
  const together = siblingGroupsTogether(outcomes);
  const all = emptyCounts();
  const groups: Record<string, Map<string, Counts>> = {};
  for (const dim of FAIRNESS_DIMENSIONS) groups[dim] = new Map();
  const unmetByNeed: Record<string, number> = {};
  const childrenByNeed: Record<string, number> = {};
  for (const b of NEED_BANDS) {
    unmetByNeed[b] = 0;
    childrenByNeed[b] = 0;
  }
  const unmetBySetting: Record<string, number> = { fostering: 0, residential: 0, supported: 0, any: 0 };
  const placedBySetting: Record<string, number> = { fostering: 0, residential: 0, supported: 0 };
  let distSum = 0;
  let scoreSum = 0;
  let stepDown = 0;
  for (const o of outcomes) {
    const g = o.facts.siblingGroupId;
    const t = g !== undefined && together.has(g) ? (together.get(g) as boolean) : null;
    add(all, o, t);
    for (const dim of FAIRNESS_DIMENSIONS) {
      const label = o.facts.groups[dim];
      const map = groups[dim] as Map<string, Counts>;
      let c = map.get(label);
      if (!c) map.set(label, (c = emptyCounts()));
      add(c, o, t);
    }
    childrenByNeed[o.facts.needBand] = (childrenByNeed[o.facts.needBand] ?? 0) + 1;
    if (o.homeId === null) {
      unmetByNeed[o.facts.needBand] = (unmetByNeed[o.facts.needBand] ?? 0) + 1;
      unmetBySetting[o.facts.carePlanSetting] = (unmetBySetting[o.facts.carePlanSetting] ?? 0) + 1;
    } else {
      if (o.setting) placedBySetting[o.setting] = (placedBySetting[o.setting] ?? 0) + 1;
      distSum += o.distanceKm;
      scoreSum += o.score;
      if (o.stepDown) stepDown++;
    }
  }
  m.set(keyOf(p, 'children'), all.children);
  m.set(keyOf(p, 'placed'), all.placed);
  m.set(keyOf(p, 'unmet'), all.children - all.placed);
  for (const b of NEED_BANDS) {
    m.set(keyOf(p, `unmet.byNeed.${b}`), unmetByNeed[b] ?? 0);
    m.set(keyOf(p, `children.byNeed.${b}`), childrenByNeed[b] ?? 0);
  }
  for (const [s, v] of Object.entries(unmetBySetting)) m.set(keyOf(p, `unmet.byCarePlan.${s}`), v);
  for (const [s, v] of Object.entries(placedBySetting)) {
    m.set(keyOf(p, `placed.bySetting.${s}`), v);
    m.set(keyOf(p, `mix.${s}`), ratio(v, all.placed));
  }
  const s = shares(all);
  for (const k of FAIRNESS_METRICS) m.set(keyOf(p, `share.${k}`), s[k]);
  m.set(keyOf(p, 'kinship'), all.kinship);
  m.set(keyOf(p, 'siblingGroups'), together.size);
  let togetherCount = 0;
  for (const v of together.values()) if (v) togetherCount++;
  m.set(keyOf(p, 'siblingGroupsTogether'), togetherCount);
  m.set(keyOf(p, 'share.siblingGroupsTogether'), ratio(togetherCount, together.size));
  m.set(keyOf(p, 'ks4'), all.ks4);
  m.set(keyOf(p, 'ks4KeptSchool'), all.ks4Kept);
  m.set(keyOf(p, 'atDistance'), all.atDistance);
  m.set(keyOf(p, 'stepDown'), stepDown);
  m.set(keyOf(p, 'share.stepDown'), ratio(stepDown, all.residential));
  m.set(keyOf(p, 'distanceKm.mean'), ratio(distSum, all.placed));
  m.set(keyOf(p, 'score.mean'), ratio(scoreSum, all.placed));
  for (const dim of FAIRNESS_DIMENSIONS) {
    const map = groups[dim] as Map<string, Counts>;
    const big: Record<FairnessMetric, number>[] = [];
    for (const [label, c] of [...map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const gs = shares(c);
      const keys = groupKeys(p, dim, label);
      m.set(keys[0] as string, c.children);
      FAIRNESS_METRICS.forEach((k, q) => {
        m.set(keys[q + 1] as string, gs[k]);
      });
      if (c.children >= opts.fairnessMinGroup) big.push(gs);
    }
    for (const k of FAIRNESS_METRICS) {
      // Math.max/min folded over the finite values (as `Math.max(...vals)`, without a temporary array whose
      // element kind, small integers or doubles, changed from run to run and threw the optimised code away).
      let n = 0;
      let hi = -Infinity;
      let lo = Infinity;
      for (const g of big) {
        const v = g[k];
        if (!Number.isFinite(v)) continue;
        n++;
        hi = Math.max(hi, v);
        lo = Math.min(lo, v);
      }
      m.set(keyOf(p, `fairnessGap.${dim}.${k}`), n >= 2 ? hi - lo : Number.NaN);
    }
  }
  return Object.fromEntries(m);
}
