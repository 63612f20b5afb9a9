/**
 * The one thing the re-match model needs from the match core: for a subject (one child, or siblings placed
 * together in one home), which homes are eligible (every hard rule passed, or overridden) and the score
 * total each would add to the objective. `CohortScorer` is that contract; `cachedScorer` memoises it per
 * subject (the model asks for the same subject in several modes); the adapter over the real match core
 * lives in `match-scorer.ts`.
 */

/** Eligible homes of one subject, with their totals. Home indices are positions in `cohort.homes`. */
export interface SubjectScores {
  /** Eligible home indices, ascending. */
  readonly homes: Int32Array;
  /**
   * The objective value of placing the subject in each eligible home (same order as `homes`): the sum over
   * the subject's children of their score totals, so a group of three is worth three children.
   */
  readonly totals: Float64Array;
  /** How many homes each hard rule ruled out (a home breaking two rules counts for both). For "why". */
  readonly ruledOut: Readonly<Record<string, number>>;
  /** Homes evaluated (eligible or not). */
  readonly evaluated: number;
}

/**
 * Scores subjects against the cohort's homes. `children` are indices into `cohort.children`; more than one
 * means "these siblings together in one home". `groupSize` is the size of the whole sibling group (the
 * siblings factor scores how much of it is together).
 *
 * @example
 * const s = scorer.score([4], 1);
 * for (let k = 0; k < s.homes.length; k++) console.log(s.homes[k], s.totals[k]);
 */
export interface CohortScorer {
  score(children: readonly number[], groupSize: number): SubjectScores;
}

/** A scorer that remembers each subject's scores (keyed by its sorted child indices and group size). */
export interface CachedScorer extends CohortScorer {
  /** Subjects scored so far (cache misses). */
  readonly calls: number;
  /** Milliseconds spent in the underlying scorer. */
  readonly ms: number;
}

/**
 * Memoise a scorer per subject.
 *
 * @example
 * const s = cachedScorer(inner);
 * s.score([1, 2], 2); s.score([2, 1], 2); // scored once
 */
export function cachedScorer(inner: CohortScorer): CachedScorer {
  // one child: an array slot per child index (the first group size asked for; a child asked for with
  // another size goes to the map), ~80,000 of them at national scale; a group: a string key in the map
  const single: (SubjectScores | undefined)[] = [];
  const singleSize: number[] = [];
  const cache = new Map<number | string, SubjectScores>();
  let calls = 0;
  let ms = 0;
  const miss = (children: readonly number[], groupSize: number): SubjectScores => {
    const t0 = performance.now();
    const s = inner.score(children, groupSize);
    ms += performance.now() - t0;
    calls++;
    return s;
  };
  return {
    get calls() {
      return calls;
    },
    get ms() {
      return ms;
    },
    score(children, groupSize) {
      if (children.length === 1 && groupSize >= 0 && groupSize < 64) {
        const c = children[0]!;
        if (Number.isInteger(c) && c >= 0 && c < 0x4000000) {
          const known = single[c];
          if (known !== undefined && singleSize[c] === groupSize) return known;
          if (known === undefined) {
            while (single.length <= c) {
              single.push(undefined);
              singleSize.push(-1);
            }
            const s = miss(children, groupSize);
            single[c] = s;
            singleSize[c] = groupSize;
            return s;
          }
        }
        // another group size of a child already held in its slot (or an unusual index): a number key
        const key = c * 64 + groupSize;
        let s = cache.get(key);
        if (!s) cache.set(key, (s = miss(children, groupSize)));
        return s;
      }
      const key = `${[...children].sort((a, b) => a - b).join(',')}/${groupSize}`;
      let s = cache.get(key);
      if (!s) cache.set(key, (s = miss(children, groupSize)));
      return s;
    },
  };
}

/**
 * Index of `home` in a subject's eligible list, or -1 (binary search; `homes` is ascending).
 *
 * @example
 * eligibleAt(scorer.score([0], 1), 4); // -1 when home 4 is not eligible for child 0
 */
export function eligibleAt(s: SubjectScores, home: number): number {
  let lo = 0;
  let hi = s.homes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const h = s.homes[mid]!;
    if (h === home) return mid;
    if (h < home) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * A scorer over a fixed table, for tests and for callers that score elsewhere: `table[child][home]` is the
 * child's total in that home, or null when ineligible. A group is eligible where every member is and the
 * home has `groupSize` places (`capacityOf`), worth the members' sum plus `togetherBonus` per child.
 *
 * @example
 * const s = tableScorer([[5, null], [3, 4]], () => 2);
 * s.score([0], 1).homes; // Int32Array [0]
 */
export function tableScorer(
  table: readonly (readonly (number | null)[])[],
  capacityOf: (home: number) => number,
  togetherBonus = 0,
): CohortScorer {
  return {
    score(children) {
      const first = table[children[0]!];
      if (!first) throw new RangeError(`tableScorer: unknown child index ${children[0]}`);
      const homes: number[] = [];
      const totals: number[] = [];
      let ruled = 0;
      let full = 0;
      for (let h = 0; h < first.length; h++) {
        let sum = 0;
        let ok = true;
        for (const c of children) {
          const v = table[c]?.[h];
          if (v === null || v === undefined) {
            ok = false;
            break;
          }
          sum += v + (children.length > 1 ? togetherBonus : 0);
        }
        if (ok && capacityOf(h) < children.length) {
          ok = false;
          full++;
        } else if (!ok) ruled++;
        if (ok) {
          homes.push(h);
          totals.push(sum);
        }
      }
      return {
        homes: Int32Array.from(homes),
        totals: Float64Array.from(totals),
        ruledOut: { table: ruled, free_places: full },
        evaluated: first.length,
      };
    },
  };
}
