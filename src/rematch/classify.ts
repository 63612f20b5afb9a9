/**
 * Who is who in a re-match round: a child is SETTLED (lives in a home that is still open and still
 * eligible for them, so staying is an option and moving costs a move penalty), DISPLACED (their home closes
 * or has become ineligible: they must be re-placed, before children new to care) or NEW (no current
 * placement). The class fixes the child's priority: the penalty for leaving them unplaced.
 */
import type { PreparedCohort, RematchSettings } from './prepare.js';
import { eligibleAt, type CohortScorer } from './scorer.js';

export type ChildClass = 'settled' | 'displaced' | 'new';

/** Why a displaced child must move. */
export type DisplacedReason = 'home_closed' | 'home_ineligible';

/** The class of every child, with the prices the model charges. Arrays are indexed like `cohort.children`. */
export interface Classification {
  readonly cls: readonly ChildClass[];
  readonly displacedReason: readonly (DisplacedReason | null)[];
  /** Score points lost by moving a settled child (0 for others): base + perMonth x months. */
  readonly movePenalty: Float64Array;
  /** Penalty for leaving the child unplaced: P (new), P x d (displaced), P x d^2 (settled, i.e. evicted). */
  readonly unplacedPenalty: Float64Array;
  /** How many children are in each class. */
  readonly counts: { readonly settled: number; readonly displaced: number; readonly new: number };
}

/**
 * Classify every child. Eligibility of the current home is the match core's verdict for the child alone,
 * with the child's own bed counted as free (`prep.capacity`).
 *
 * @example
 * const cls = classifyChildren(prep, scorer, settings);
 * cls.cls[0]; // 'settled'
 */
export function classifyChildren(prep: PreparedCohort, scorer: CohortScorer, settings: RematchSettings): Classification {
  const n = prep.children.length;
  const cls: ChildClass[] = new Array<ChildClass>(n);
  const displacedReason: (DisplacedReason | null)[] = new Array<DisplacedReason | null>(n).fill(null);
  const movePenalty = new Float64Array(n);
  const unplacedPenalty = new Float64Array(n);
  const P = settings.unplacedPenalty;
  const d = settings.displacedPriority;
  const counts = { settled: 0, displaced: 0, new: 0 };
  for (let i = 0; i < n; i++) {
    const h = prep.current[i]!;
    if (h < 0) {
      cls[i] = 'new';
      unplacedPenalty[i] = P;
      counts.new++;
      continue;
    }
    let reason: DisplacedReason | null = null;
    if (prep.closed[h]) reason = 'home_closed';
    else {
      const g = prep.groupOf[i]!;
      const size = g >= 0 ? prep.groups[g]!.members.length : 1;
      if (eligibleAt(scorer.score([i], size), h) < 0) reason = 'home_ineligible';
    }
    if (reason) {
      cls[i] = 'displaced';
      displacedReason[i] = reason;
      unplacedPenalty[i] = P * d;
      counts.displaced++;
    } else {
      cls[i] = 'settled';
      movePenalty[i] = settings.movePenaltyBase + settings.movePenaltyPerMonth * prep.months[i]!;
      unplacedPenalty[i] = P * d * d;
      counts.settled++;
    }
  }
  return { cls, displacedReason, movePenalty, unplacedPenalty, counts };
}
