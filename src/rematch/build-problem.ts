/**
 * Cohort -> the generic capacitated assignment problem of `solver/` (issue 3).
 *
 * THE MODEL (maximise):
 *   objective = sum over placed units of (score - movePenalty)
 *             - sum over unplaced children of their unplaced penalty
 *             - siblingSplitPenalty x (groups whose together unit is not placed; split policy only)
 *
 * - Units. A child is a unit of size 1. A sibling group placed together (policy default) is ONE unit whose
 *   candidates are the homes the match core finds eligible for the group as a whole; its value is the sum
 *   of its children's totals. A candidate's `size` is the places it takes: the children, or, for a child
 *   needing a solo setting (bed blocking), every place the home offers (`placesTaken`).
 * - Candidates and values. Only eligible homes (every hard rule applied by the match core) that stay open.
 *   value = score total (+ the unit's unplaced penalty, folded in so that "unassigned" costs it; the model's
 *   `constant` subtracts it back), minus the move penalty of every settled child the candidate moves.
 * - Capacity. A home offers its free places plus the beds of cohort children living there today (they may
 *   move), capped at `places`; a closing home offers none. A settled child's own bed is therefore available
 *   to it: staying is always a candidate, with no move penalty.
 * - Priority. Unplaced penalty P for a child new to care, P x d for a displaced child (current home closed
 *   or now ineligible), P x d^2 for evicting a settled child (d = policy.rematch.displacedPriority, 10):
 *   when places are short, displaced children are placed first and settled children keep their homes.
 * - Splits allowed (`allowSiblingSplit`). The group gets its together unit (with a `togetherBonus` equal to
 *   the split penalty) AND one unit per child; "together unit placed" and "child unit placed" exclude each
 *   other (`exclusive`). That side constraint is handled in `optimise.ts` (mode fixing + a priced bound); the
 *   constant charges the split penalty to every group and the bonus gives it back when the group is together.
 * - "As today" (together policy, free mode). When the together unit cannot keep every settled sibling in
 *   their home (siblings split today, or their home has no room for the whole group), the group also gets
 *   the status-quo alternative (settled siblings stay, the others may only join one of them), excluding
 *   the together unit like a split does. Together is then never bought by evicting a settled child, and a
 *   group is never newly split.
 * - Two modes. `free`: every settled child may move at a price (the move count is
 *   `settled - sum(stay x)`, capped by `maxMoves` in `optimise.ts`). `pinned` (maxMoves = 0): settled children
 *   are fixed in their homes and take their places out of capacity; the rest of a sibling group with a
 *   pinned member may only join a pinned sibling's home (never a new split), or, if splits are allowed,
 *   go anywhere as single children.
 */
import { kthSmallest } from '../../solver/select.js';
import type { Classification } from './classify.js';
import type { PreparedCohort, RematchSettings } from './prepare.js';
import { placesTaken } from './prepare.js';
import { eligibleAt, type CohortScorer, type SubjectScores } from './scorer.js';
import { ConstantViews, Slab, SpikeViews } from './slab.js';

export type ModelMode = 'free' | 'pinned';

/** One solver unit and its candidates (parallel typed arrays). */
export interface ModelUnit {
  /**
   * Solver unit id: `c:<childId>` for a single child, `g:<siblingGroupId>` for (the unpinned rest of) a
   * sibling group together, `m:<childId>` for a sibling placed on their own (split policy), and for the
   * "as today" alternative of a group (together policy): `k:<childId>` a settled sibling staying put,
   * `r:<siblingGroupId>` the other siblings joining a settled sibling's home.
   */
  readonly id: string;
  readonly kind: 'child' | 'group' | 'member';
  /** Child indices the unit places. */
  readonly children: readonly number[];
  /** Sibling group index, or -1. */
  readonly group: number;
  /** Sum of the children's unplaced penalties (lost when the unit is unplaced). */
  readonly penalty: number;
  /** Together bonus (split policy only): added to every candidate of a together unit. */
  readonly bonus: number;
  /** Settled children in the unit (free mode), the base of its move count. */
  readonly settled: number;
  /** Eligible homes (indices into cohort.homes). */
  readonly homes: Int32Array;
  /** Score total of the unit in each home. */
  readonly score: Float64Array;
  /** Move penalty charged in each home (settled children who would leave their home). */
  readonly move: Float64Array;
  /** Settled children of the unit who stay put in each home. */
  readonly stay: Int32Array;
  /** Places taken in each home. */
  readonly size: Int32Array;
  /** Eligible homes before the candidate limit and closures (for "why unplaced"). */
  readonly eligibleCount: number;
  /** Hard-rule counts from the scorer (homes ruled out per rule). */
  readonly ruledOut: Readonly<Record<string, number>>;
}

/**
 * A model unit as `buildModel` makes it: `ruledOut` is read from the subject's scores when asked (only for
 * "why unplaced"; the scorer may compute it lazily). A class, not an object literal with a getter, which
 * is several times slower to create.
 */
class Unit implements ModelUnit {
  readonly #scores: SubjectScores;
  readonly eligibleCount: number;
  constructor(
    readonly id: string,
    readonly kind: ModelUnit['kind'],
    readonly children: readonly number[],
    readonly group: number,
    readonly penalty: number,
    readonly bonus: number,
    readonly settled: number,
    readonly homes: Int32Array,
    readonly score: Float64Array,
    readonly move: Float64Array,
    readonly stay: Int32Array,
    readonly size: Int32Array,
    scores: SubjectScores,
  ) {
    this.#scores = scores;
    this.eligibleCount = scores.homes.length;
  }
  get ruledOut(): Readonly<Record<string, number>> {
    return this.#scores.ruledOut;
  }
}

/** A group whose together unit excludes the units of its other alternative (split policy, or "as today"). */
export interface ExclusiveSet {
  readonly group: number;
  /** Unit index of the together unit. */
  readonly together: number;
  /** Unit indices of the member units. */
  readonly members: readonly number[];
}

/** A settled child kept in its home by the pinned mode. */
export interface PinnedChild {
  readonly child: number;
  readonly home: number;
  readonly score: number;
  readonly size: number;
}

/** The re-match as an assignment model. See the file comment for the maths. */
export interface RematchModel {
  readonly mode: ModelMode;
  readonly units: readonly ModelUnit[];
  readonly exclusive: readonly ExclusiveSet[];
  /** Places per home available to the units (after pinned children). */
  readonly capacity: Int32Array;
  readonly pinned: readonly PinnedChild[];
  /** objective = constant + sum over placed units of (score - move + bonus + penalty). */
  readonly constant: number;
  /** Settled children in units (free mode): moves = settled - sum of `stay` over chosen candidates. */
  readonly settled: number;
}

/** Options of `buildModel`. */
export interface BuildOptions {
  /**
   * Keep at most this many candidates per unit (the best by score minus move penalty; a settled child's
   * current home is always kept). Undefined: every eligible home. The optimum is then over the kept lists.
   */
  readonly candidateLimit?: number;
}

/**
 * Build the model in `free` or `pinned` mode.
 *
 * @example
 * const model = buildModel(prep, cls, scorer, settings, 'free');
 * const { problem } = toSolverProblem(prep, model); // for solve()
 */
export function buildModel(
  prep: PreparedCohort,
  cls: Classification,
  scorer: CohortScorer,
  settings: RematchSettings,
  mode: ModelMode,
  options: BuildOptions = {},
): RematchModel {
  const units: ModelUnit[] = [];
  const exclusive: ExclusiveSet[] = [];
  // the units' candidate arrays: views into a few large blocks (one allocation per block, not per array)
  const ints = new Slab(Int32Array);
  const floats = new Slab(Float64Array);
  const zeroF64 = new ConstantViews(Float64Array, 0);
  const zeroI32 = new ConstantViews(Int32Array, 0);
  const places: ConstantViews<Int32Array>[] = [];
  // a single settled child's moves and stays: one value everywhere but their own home (see SpikeViews)
  const spikeLength = Math.max(64, options.candidateLimit ?? 0);
  const moveSpikes = new SpikeViews(Float64Array, 0, spikeLength);
  const staySpikes = new SpikeViews(Int32Array, 1, spikeLength);
  // per-unit work arrays, grown to the largest eligible list and reused
  let scratchHomes = new Int32Array(0);
  let scratchScore = new Float64Array(0);
  let scratchMove = new Float64Array(0);
  let scratchStay = new Int32Array(0);
  let scratchKey = new Float64Array(0);
  let scratchVals = new Float64Array(0);
  let scratchKeep = new Uint8Array(0);
  const growScratch = (n: number): void => {
    const size = Math.max(n, 2 * scratchHomes.length);
    scratchHomes = new Int32Array(size);
    scratchScore = new Float64Array(size);
    scratchMove = new Float64Array(size);
    scratchStay = new Int32Array(size);
    scratchKey = new Float64Array(size);
    scratchVals = new Float64Array(size);
    scratchKeep = new Uint8Array(size);
  };
  const pinned: PinnedChild[] = []; // sizes set at the end, per home
  const capacity = Int32Array.from(prep.capacity);
  const split = settings.allowSiblingSplit;
  const S = settings.siblingSplitPenalty;
  let constant = 0;
  let settled = 0;
  const classes = cls.cls;
  const isSettled = (i: number): boolean => classes[i] === 'settled';

  const pin = (i: number): void => {
    const h = prep.current[i]!;
    const g = prep.groupOf[i]!;
    const gs = g >= 0 ? prep.groups[g]!.members.length : 1;
    const s = scorer.score([i], gs);
    const k = eligibleAt(s, h);
    const score = k >= 0 ? s.totals[k]! : 0;
    pinned.push({ child: i, home: h, score, size: 1 });
    constant += score;
  };

  const addUnit = (
    kind: ModelUnit['kind'],
    children: readonly number[],
    group: number,
    groupSize: number,
    restrictTo: ReadonlySet<number> | null,
    bonus: number,
    id?: string,
  ): number => {
    const s = scorer.score(children, groupSize);
    let penalty = 0;
    let unitSettled = 0;
    for (const i of children) {
      penalty += cls.unplacedPenalty[i]!;
      if (mode === 'free' && classes[i] === 'settled') unitSettled++;
    }
    const n = s.homes.length;
    if (scratchHomes.length < n) growScratch(n);
    const homes = scratchHomes;
    const score = scratchScore;
    const move = scratchMove;
    const stay = scratchStay;
    const key = scratchKey;
    const vals = scratchVals;
    const limit = options.candidateLimit;
    const sHomes = s.homes;
    const sTotals = s.totals;
    const closed = prep.closed;
    let m = 0;
    // any listed candidate (before the limit) with a move penalty / a settled child staying
    let anyMove = false;
    let anyStay = false;
    // one settled child: their move penalty (every home but their own) and the position of their home
    let single = false;
    let penaltyOut = 0;
    let stayAt = -1;
    if (mode === 'free' && children.length > 1) {
      // several children, some settled: the move penalty of each who leaves their home
      const settledKids = children.filter((i) => classes[i] === 'settled');
      for (let k = 0; k < n; k++) {
        const h = sHomes[k]!;
        if (closed[h]) continue;
        if (restrictTo && !restrictTo.has(h)) continue;
        let mv = 0;
        let st = 0;
        for (const i of settledKids) {
          if (prep.current[i] === h) st++;
          else mv += cls.movePenalty[i]!;
        }
        homes[m] = h;
        score[m] = sTotals[k]!;
        move[m] = mv;
        stay[m] = st;
        key[m] = vals[m] = sTotals[k]! - mv;
        if (mv !== 0) anyMove = true;
        if (st !== 0) anyStay = true;
        m++;
      }
    } else {
      // one child (or pinned mode: nobody pays a move): the same values without the per-home member loop
      const one = mode === 'free' && classes[children[0]!] === 'settled';
      const cur = one ? prep.current[children[0]!]! : -1;
      penaltyOut = one ? 0 + cls.movePenalty[children[0]!]! : 0;
      single = one;
      for (let k = 0; k < n; k++) {
        const h = sHomes[k]!;
        if (closed[h]) continue;
        if (restrictTo && !restrictTo.has(h)) continue;
        const here = one && h === cur;
        const mv = !one || here ? 0 : penaltyOut;
        homes[m] = h;
        score[m] = sTotals[k]!;
        move[m] = mv;
        stay[m] = here ? 1 : 0;
        key[m] = vals[m] = sTotals[k]! - mv;
        if (mv !== 0) anyMove = true;
        if (here) {
          anyStay = true;
          stayAt = m;
        }
        m++;
      }
    }
    // candidate limit: the best `limit` by score - move (ties: lower home index), every stay kept
    const keep = scratchKeep;
    const limited = limit !== undefined && m > limit;
    let kept = m;
    if (limited) {
      const threshold = kthSmallest(vals, m, m - limit); // permutes vals; key keeps the order
      let above = 0;
      for (let j = 0; j < m; j++) if (key[j]! > threshold) above++;
      let tiesLeft = limit - above;
      kept = 0;
      for (let j = 0; j < m; j++) {
        const v = key[j]!;
        let on = 0;
        if (v > threshold || stay[j]! > 0) on = 1;
        else if (v === threshold && tiesLeft > 0) {
          on = 1;
          tiesLeft--;
        }
        keep[j] = on;
        kept += on;
      }
    }
    // Arrays the unit shares instead of owning (the model's arrays are read-only; fewer fresh pages, which
    // are costly on this host): every eligible home kept -> the subject's own homes and totals; no move /
    // no stay / one place per child everywhere -> views of a constant block.
    const whole = !limited && m === n;
    let solo = false;
    for (const i of children) if (prep.solo[i] === 1) solo = true;
    const kHomes = whole ? sHomes : ints.take(kept);
    const kScore = whole ? sTotals : floats.take(kept);
    // one settled child whose home is kept: moves and stays are views of shared blocks (the same values)
    let q0 = -1;
    if (single && stayAt >= 0) {
      q0 = stayAt;
      if (limited) {
        q0 = 0;
        for (let j = 0; j < stayAt; j++) q0 += keep[j]!;
      }
    }
    const spikeMove = anyMove && q0 >= 0 ? moveSpikes.take(penaltyOut, kept, q0) : null;
    const spikeStay = anyStay && q0 >= 0 ? staySpikes.take(0, kept, q0) : null;
    const ownMove = anyMove && spikeMove === null;
    const ownStay = anyStay && spikeStay === null;
    const kMove = spikeMove ?? (ownMove ? floats.take(kept) : zeroF64.take(kept));
    const kStay = spikeStay ?? (ownStay ? ints.take(kept) : zeroI32.take(kept));
    const kSize = solo ? ints.take(kept) : (places[children.length] ??= new ConstantViews(Int32Array, children.length)).take(kept);
    if (!whole || ownMove || ownStay) {
      for (let j = 0, q = 0; j < m; j++) {
        if (limited && !keep[j]) continue;
        if (!whole) {
          kHomes[q] = homes[j]!;
          kScore[q] = score[j]!;
        }
        if (ownMove) kMove[q] = move[j]!;
        if (ownStay) kStay[q] = stay[j]!;
        q++;
      }
    }
    if (solo) for (let q = 0; q < kept; q++) kSize[q] = placesTaken(prep, children, kHomes[q]!);
    const unit = new Unit(
      id ?? (kind === 'group' ? `g:${prep.groups[group]!.id}` : `${kind === 'member' ? 'm' : 'c'}:${prep.children[children[0]!]!.id}`),
      kind,
      children,
      group,
      penalty,
      bonus,
      unitSettled,
      kHomes,
      kScore,
      kMove,
      kStay,
      kSize,
      s,
    );
    constant -= penalty;
    settled += unitSettled;
    units.push(unit);
    return units.length - 1;
  };

  // single children
  for (let i = 0; i < prep.children.length; i++) {
    if (prep.groupOf[i]! >= 0) continue;
    if (mode === 'pinned' && isSettled(i)) pin(i);
    else addUnit('child', [i], -1, 1, null, 0);
  }

  // sibling groups
  for (let g = 0; g < prep.groups.length; g++) {
    const members = prep.groups[g]!.members;
    const k = members.length;
    const pinnedMembers = mode === 'pinned' ? members.filter(isSettled) : [];
    const rest = members.filter((i) => !pinnedMembers.includes(i));
    for (const i of pinnedMembers) pin(i);
    const pinnedHomes = new Set(pinnedMembers.map((i) => prep.current[i]!));
    if (split) constant -= S; // every group pays the split penalty; a together unit's bonus gives it back
    if (rest.length === 0) {
      if (split && pinnedHomes.size <= 1) constant += S; // wholly pinned in one home: together
      continue;
    }
    const canBeWhole = pinnedHomes.size <= 1;
    const restrict = pinnedMembers.length > 0 ? pinnedHomes : null;
    let together = -1;
    if (rest.length === 1) {
      // one child left: alone, or joining the pinned siblings' home
      if (!split) together = addUnit('group', rest, g, k, restrict, 0);
      else if (restrict && canBeWhole) together = addUnit('group', rest, g, k, restrict, S);
    } else if (!split || canBeWhole) {
      together = addUnit('group', rest, g, k, restrict, split ? S : 0);
    }
    if (!split && mode === 'free' && together >= 0) {
      // Status quo: if the together unit cannot keep every settled sibling where they live (siblings split
      // today, or their home cannot take the whole group), offer "as today" as the alternative: each settled
      // sibling stays (a unit whose only candidate is their home), the others may only join a settled
      // sibling's home. It excludes the together unit, so together never costs a settled child their home.
      const a = units[together]!;
      const settledMembers = members.filter(isSettled);
      const settledHomes = new Set(settledMembers.map((i) => prep.current[i]!));
      const only = settledHomes.size === 1 ? [...settledHomes][0]! : -1;
      // the together unit keeps them as today only when the whole group lives, settled, in one home it may use
      const statusQuoInTogether =
        settledMembers.length === 0 || (settledMembers.length === members.length && only >= 0 && a.homes.includes(only));
      if (!statusQuoInTogether) {
        const gid = prep.groups[g]!.id;
        const keep = settledMembers.map((i) => addUnit('member', [i], g, k, new Set([prep.current[i]!]), 0, `k:${prep.children[i]!.id}`));
        const others = members.filter((i) => !isSettled(i));
        if (others.length > 0) keep.push(addUnit('group', others, g, k, settledHomes, 0, `r:${gid}`));
        // the together unit and the status-quo units count the same children once
        constant += a.penalty;
        settled -= a.settled;
        if (a.homes.length > 0) exclusive.push({ group: g, together, members: keep });
      }
    }
    if (split) {
      const memberUnits = rest.map((i) => addUnit('member', [i], g, k, null, 0));
      if (together >= 0) exclusive.push({ group: g, together, members: memberUnits });
      // the together unit and its member units count the same children once: keep the penalty once
      if (together >= 0) constant += units[together]!.penalty;
      if (together >= 0) settled -= units[together]!.settled;
    }
  }
  // places the pinned children take, per home as one block (two children needing a solo home who live
  // together today block the home once, not twice); the block's first child carries the extra places
  const blocks = new Map<number, number[]>();
  pinned.forEach((p, k) => {
    const b = blocks.get(p.home);
    if (b) b.push(k);
    else blocks.set(p.home, [k]);
  });
  for (const [h, ks] of blocks) {
    const size = placesTaken(prep, ks.map((k) => pinned[k]!.child), h);
    ks.forEach((k, q) => (pinned[k] = { ...pinned[k]!, size: q === 0 ? size - (ks.length - 1) : 1 }));
    capacity[h] = Math.max(0, capacity[h]! - size);
  }
  return { mode, units, exclusive, capacity, pinned, constant, settled };
}


/** Lagrange multipliers and unit selection used when turning a model into a solver problem. */
export interface ProblemAdjustments {
  /** Multiplier of the move budget: `lambda` is added per settled child who stays. */
  readonly lambda?: number;
  /** Per-unit multiplier of the split exclusivity (subtracted from that unit's values). */
  readonly unitShift?: Float64Array;
  /** 1 = include the unit; default all. */
  readonly active?: Uint8Array;
}

/** A solver problem (issue 3 JSON shape) with the unit indices it contains. */
export interface BuiltProblem {
  readonly problem: {
    sense: 'max';
    targets: { id: string; capacity: number }[];
    units: { id: string; size: number; mustAssign: boolean; candidates: { target: string; value: number; size: number }[] }[];
  };
  /** Model unit index of each problem unit. */
  readonly unitIndex: Int32Array;
}

/**
 * The value a model unit's candidate adds to the solver objective (penalty folded in), before multipliers.
 *
 * @example
 * candidateValue(model.units[0], 0); // score - move + bonus + penalty
 */
export function candidateValue(u: ModelUnit, j: number): number {
  return u.score[j]! - u.move[j]! + u.bonus + u.penalty;
}

/**
 * The model as a generic solver problem (maximise), optionally with Lagrange multipliers applied.
 * Targets are the homes some candidate names; ids are home ids, unit ids as in `ModelUnit.id`.
 *
 * @example
 * const { problem } = toSolverProblem(prep, model);
 * const result = solve(problem);
 */
export function toSolverProblem(prep: PreparedCohort, model: RematchModel, adj: ProblemAdjustments = {}): BuiltProblem {
  const lambda = adj.lambda ?? 0;
  const used = new Uint8Array(prep.homes.length);
  const units: BuiltProblem['problem']['units'] = [];
  const unitIndex: number[] = [];
  model.units.forEach((u, ui) => {
    if (adj.active && !adj.active[ui]) return;
    const shift = adj.unitShift ? adj.unitShift[ui]! : 0;
    const candidates = new Array<{ target: string; value: number; size: number }>(u.homes.length);
    for (let j = 0; j < u.homes.length; j++) {
      const h = u.homes[j]!;
      used[h] = 1;
      candidates[j] = { target: prep.homes[h]!.id, value: candidateValue(u, j) + lambda * u.stay[j]! - shift, size: u.size[j]! };
    }
    units.push({ id: u.id, size: u.children.length, mustAssign: false, candidates });
    unitIndex.push(ui);
  });
  const targets: { id: string; capacity: number }[] = [];
  for (let h = 0; h < used.length; h++) if (used[h]) targets.push({ id: prep.homes[h]!.id, capacity: model.capacity[h]! });
  return { problem: { sense: 'max', targets, units }, unitIndex: Int32Array.from(unitIndex) };
}
