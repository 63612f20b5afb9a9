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
  #used = 0;
  constructor(private readonly ctor: new (n: number) => T) {
    this.#block = new ctor(Slab.BLOCK);
  }

  /** A zeroed array of `n` elements. */
  take(n: number): T {
    if (this.#used + n > this.#block.length) {
      this.#block = new this.ctor(Math.max(Slab.BLOCK, n));
      this.#used = 0;
    }
    const view = this.#block.subarray(this.#used, this.#used + n) as T;
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
