/**
 * Selection on typed arrays: the k-th smallest value without sorting (candidate limits in the re-match model,
 * the solver's best-few-edges index).
 */

/**
 * The k-th smallest (0-based) of `a[0..n-1]` by quickselect (Hoare partition, median of three). Permutes
 * `a[0..n-1]`. Same value as sorting ascending and reading index k.
 *
 * @example
 * kthSmallest(Float64Array.of(5, 1, 4, 2), 4, 1); // 2
 */
export function kthSmallest(a: Float64Array, n: number, k: number): number {
  if (k < 0 || k >= n) throw new RangeError(`kthSmallest: k ${k} outside 0..${n - 1}`);
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
