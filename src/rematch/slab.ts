/**
 * Many small typed arrays as views of a few large blocks. A typed array of more than a few dozen bytes
 * gets its own off-heap backing store, which is slow to allocate and costly for the garbage collector to
 * track; the re-match keeps hundreds of thousands of short candidate lists alive, so it carves them out of
 * 64K-element blocks instead. Views must not be transferred or have their `.buffer` read as if their own.
 */

/**
 * Hands out zeroed typed arrays as consecutive views of large blocks.
 *
 * @example
 * const ints = new Slab(Int32Array);
 * const a = ints.take(3); // Int32Array [0, 0, 0], a view of a shared block
 */
export class Slab<T extends Int32Array | Float64Array> {
  /** Elements per block (a larger request gets a block of its own size). */
  static readonly BLOCK = 1 << 16;
  #block: T;
  #buffer: ArrayBuffer;
  #used = 0;
  readonly #bytes: number;
  constructor(private readonly ctor: { new (n: number): T; new (buffer: ArrayBuffer, byteOffset: number, length: number): T; readonly BYTES_PER_ELEMENT: number }) {
    this.#block = new ctor(Slab.BLOCK);
    this.#buffer = this.#block.buffer as ArrayBuffer;
    this.#bytes = ctor.BYTES_PER_ELEMENT;
  }

  /** A zeroed array of `n` elements. */
  take(n: number): T {
    if (this.#used + n > this.#block.length) {
      this.#block = new this.ctor(Math.max(Slab.BLOCK, n));
      this.#buffer = this.#block.buffer as ArrayBuffer;
      this.#used = 0;
    }
    // a view made by the constructor, not `subarray` (which looks up the species constructor: ~2x slower,
    // and the re-match makes ~500,000 views at national scale)
    const view = new this.ctor(this.#buffer, this.#used * this.#bytes, n);
    this.#used += n;
    return view;
  }

  /** A view holding a copy of `src[0..n-1]`. */
  copy(src: T, n: number): T {
    const view = this.take(n);
    view.set(src.subarray(0, n));
    return view;
  }
}

/**
 * Read-only views of one value: every view shares a single block filled with `value` (grown, never
 * shrunk), so many constant arrays (a child's sizes, the moves of a unit no settled child is in) take no
 * memory of their own. Never write into a view.
 *
 * @example
 * const ones = new ConstantViews(Int32Array, 1);
 * ones.take(3); // Int32Array [1, 1, 1], a view of the shared block
 */
export class ConstantViews<T extends Int32Array | Float64Array> {
  #block: T;
  #buffer: ArrayBuffer;
  constructor(
    private readonly ctor: { new (n: number): T; new (buffer: ArrayBuffer, byteOffset: number, length: number): T },
    readonly value: number,
  ) {
    this.#block = new ctor(256).fill(value) as T;
    this.#buffer = this.#block.buffer as ArrayBuffer;
  }

  /** A view of `n` entries, each `value`. */
  take(n: number): T {
    if (n > this.#block.length) {
      this.#block = new this.ctor(Math.max(n, 2 * this.#block.length)).fill(this.value) as T;
      this.#buffer = this.#block.buffer as ArrayBuffer;
    }
    return new this.ctor(this.#buffer, 0, n);
  }
}

/**
 * Read-only views that hold `value` everywhere except one position, which holds `at` (a settled child's
 * candidates: the move penalty everywhere but their own home, 0 there; "stays" 0 everywhere but 1 there).
 * Views of a shared block `[value x L, at, value x L]` per `value`, so a unit's list takes no memory of its
 * own. Lists of up to `maxLength` entries (longer ones get null: the caller makes an array of its own).
 * Never write into a view.
 *
 * @example
 * const stays = new SpikeViews(Int32Array, 1, 64);
 * stays.take(0, 4, 2); // Int32Array [0, 0, 1, 0]
 */
export class SpikeViews<T extends Int32Array | Float64Array> {
  readonly #blocks = new Map<number, T>();
  constructor(
    private readonly ctor: { new (n: number): T; new (buffer: ArrayBuffer, byteOffset: number, length: number): T; readonly BYTES_PER_ELEMENT: number },
    readonly at: number,
    readonly maxLength: number,
  ) {}

  /** A view of `n` entries, each `value` except entry `q`, which is `at`; null when `n` > maxLength. */
  take(value: number, n: number, q: number): T | null {
    const L = this.maxLength;
    if (n > L || q < 0 || q >= n) return null;
    let block = this.#blocks.get(value);
    if (block === undefined) {
      block = new this.ctor(2 * L + 1).fill(value) as T;
      block[L] = this.at;
      this.#blocks.set(value, block);
    }
    return new this.ctor(block.buffer as ArrayBuffer, (L - q) * this.ctor.BYTES_PER_ELEMENT, n);
  }
}
