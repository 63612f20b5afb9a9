/**
 * The best combination of a sibling set's alternative units that fits: each unit takes at most one of its
 * listed options, and the set's own use of every home stays within that home's places (a settled sibling
 * staying and a sibling joining them cannot both have its last place). Shared by the priced bound
 * (`capacity-bound.ts`: every option priced) and the region bound (`region-bound.ts`: options in a region
 * unpriced and using no tracked place).
 *
 * Exact depth-first search, best options first, pruned by the sum of the remaining units' best values.
 * Past `limit` nodes it gives up and returns that sum for every unit (an upper bound on the best fitting
 * combination still), so a bound that uses it stays valid either way.
 */

/** Options per unit, as flat arrays: unit i's options are entries `from[i] .. from[i + 1] - 1`, best first. */
export interface OptionLists {
  /** Units listed. */
  readonly units: number;
  /** Offsets per unit, `units + 1` entries. */
  readonly from: Int32Array;
  /** Value of each option (> 0). */
  readonly value: Float64Array;
  /** Home of each option, or -1 for an option that uses none of the tracked places. */
  readonly home: Int32Array;
  /** Places each option takes in its home. */
  readonly size: Int32Array;
}

/** Result of `bestFittingCombination`. */
export interface FittingCombination {
  /** Best total value found, or the relaxed sum of the units' best values when `exact` is false. */
  readonly value: number;
  /** True when the search finished within its node limit (then `pick` holds the combination). */
  readonly exact: boolean;
}

/** Default node limit of the search. */
export const FITTING_NODE_LIMIT = 20_000;

/**
 * Best total value of one option or none per unit with `use[h] + sizes <= cap[h]` for every tracked home.
 * `use` is a work array of zeros (one per home); it is zero again on return. When `pick` is given and the
 * search is exact, `pick[i]` is the option index chosen for unit i (-1: none).
 *
 * @example
 * // two units, both best in home 0 with 1 place: one gets it, the other its second option
 * const lists = { units: 2, from: Int32Array.of(0, 2, 3), value: Float64Array.of(5, 2, 4),
 *                 home: Int32Array.of(0, 1, 0), size: Int32Array.of(1, 1, 1) };
 * bestFittingCombination(lists, Int32Array.of(1, 1), new Float64Array(2)); // { value: 6, exact: true }
 */
export function bestFittingCombination(
  lists: OptionLists,
  cap: ArrayLike<number>,
  use: Float64Array,
  pick: Int32Array | null = null,
  limit: number = FITTING_NODE_LIMIT,
): FittingCombination {
  const { units, from, value, home, size } = lists;
  const suffix = new Float64Array(units + 1);
  for (let i = units - 1; i >= 0; i--) suffix[i] = suffix[i + 1]! + (from[i + 1]! > from[i]! ? value[from[i]!]! : 0);
  const current = pick ? new Int32Array(units).fill(-1) : null;
  let best = -1;
  let nodes = 0;
  const dfs = (i: number, acc: number): void => {
    if (nodes++ > limit) return;
    if (i === units) {
      if (acc > best) {
        best = acc;
        if (pick && current) pick.set(current);
      }
      return;
    }
    if (acc + suffix[i]! <= best) return;
    for (let q = from[i]!, end = from[i + 1]!; q < end; q++) {
      const r = value[q]!;
      if (acc + r + suffix[i + 1]! <= best) break;
      const h = home[q]!;
      if (h >= 0) {
        if (use[h]! + size[q]! > cap[h]!) continue;
        use[h]! += size[q]!;
      }
      if (current) current[i] = q;
      dfs(i + 1, acc + r);
      if (h >= 0) use[h]! -= size[q]!;
    }
    if (current) current[i] = -1;
    dfs(i + 1, acc);
  };
  dfs(0, 0);
  if (nodes > limit || best < 0) return { value: suffix[0]!, exact: false };
  return { value: best, exact: true };
}
