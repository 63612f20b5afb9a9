/**
 * A binary min-heap of (key, value) pairs with integer values, in typed arrays. Ties pop in insertion order
 * (a sequence number breaks them), so event order is deterministic.
 *
 * @example
 * const h = new MinHeap();
 * h.push(3, 7); h.push(1, 9);
 * h.peekKey(); // 1
 * h.pop();     // 9
 */
export class MinHeap {
  private keys: Float64Array;
  private seqs: Float64Array;
  private vals: Int32Array;
  private n = 0;
  private seq = 0;
  /**
   * The key for {@link pushStaged}, set by the caller: a hot loop that pushes through it (and reads the top key
   * with {@link topKeys}) passes no floating-point number through a call, so none is boxed when the heap's
   * methods are not inlined.
   */
  readonly staged = new Float64Array(1);

  constructor(capacity = 64) {
    this.keys = new Float64Array(capacity);
    this.seqs = new Float64Array(capacity);
    this.vals = new Int32Array(capacity);
  }

  get size(): number {
    return this.n;
  }

  /** Remove everything (keeps the storage). */
  clear(): void {
    this.n = 0;
  }

  /** Smallest key, or Infinity when empty. */
  peekKey(): number {
    return this.n > 0 ? (this.keys[0] as number) : Infinity;
  }

  push(key: number, value: number): void {
    this.staged[0] = key;
    this.pushStaged(value);
  }

  /**
   * Push `value` with the key in `staged[0]`.
   *
   * @example
   * h.staged[0] = 2.5; h.pushStaged(4); // as h.push(2.5, 4)
   */
  pushStaged(value: number): void {
    const key = this.staged[0] as number;
    if (this.n === this.keys.length) this.grow();
    let i = this.n++;
    const s = this.seq++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(key, s, this.keys[p] as number, this.seqs[p] as number)) break;
      this.keys[i] = this.keys[p] as number;
      this.seqs[i] = this.seqs[p] as number;
      this.vals[i] = this.vals[p] as number;
      i = p;
    }
    this.keys[i] = key;
    this.seqs[i] = s;
    this.vals[i] = value;
  }

  /** Remove and return the value with the smallest key (throws when empty). */
  /**
   * The keys' storage: while the heap is not empty, `topKeys()[0]` is the smallest key (as {@link peekKey}).
   * Valid until the next push.
   *
   * @example
   * if (h.size > 0) h.topKeys()[0]; // the smallest key
   */
  topKeys(): Float64Array {
    return this.keys;
  }

  pop(): number {
    if (this.n === 0) throw new RangeError('MinHeap.pop: empty heap');
    const top = this.vals[0] as number;
    const last = --this.n;
    const k = this.keys[last] as number;
    const s = this.seqs[last] as number;
    const v = this.vals[last] as number;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      const c = r < last && this.less(this.keys[r] as number, this.seqs[r] as number, this.keys[l] as number, this.seqs[l] as number) ? r : l;
      if (!this.less(this.keys[c] as number, this.seqs[c] as number, k, s)) break;
      this.keys[i] = this.keys[c] as number;
      this.seqs[i] = this.seqs[c] as number;
      this.vals[i] = this.vals[c] as number;
      i = c;
    }
    this.keys[i] = k;
    this.seqs[i] = s;
    this.vals[i] = v;
    return top;
  }

  private less(k1: number, s1: number, k2: number, s2: number): boolean {
    return k1 < k2 || (k1 === k2 && s1 < s2);
  }

  private grow(): void {
    const cap = this.keys.length * 2;
    const k = new Float64Array(cap);
    const s = new Float64Array(cap);
    const v = new Int32Array(cap);
    k.set(this.keys);
    s.set(this.seqs);
    v.set(this.vals);
    this.keys = k;
    this.seqs = s;
    this.vals = v;
  }
}
