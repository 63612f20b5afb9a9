/**
 * Reusable work arrays for the solver's large passes (min-cost flows, the dive). At national scale one flow
 * needs ~30 MB of per-edge arrays; allocating them afresh for every flow (4 per re-match) made V8 run a
 * full mark-compact of the whole heap (~420 MB, most of it the caller's cohort) every ~60 MB of typed
 * arrays allocated: ~0.5 s each. A `Scratch` keeps one buffer per name and hands out views of it, so a
 * sequence of solves of one size allocates each array once.
 *
 * Contract: a view's contents are unspecified (the caller fills it), and a view is valid only until the
 * next request of the same name from the same `Scratch` (the buffer is shared). Never return a view to a
 * caller who may keep it; copy it out instead.
 */

type Kind = 'f64' | 'i32' | 'u8';

/**
 * Length of a new buffer for a request of `n`: a quarter of headroom, since the variants of one model that
 * are solved in turn differ a little in size (the sibling modes' candidates).
 */
function grown(n: number): number {
  return n < 64 ? 64 : Math.ceil(n * 1.25);
}

type Buffer = Float64Array | Int32Array | Uint8Array;

/** The first `n` elements of the buffer kept under `name`, grown (allocated afresh) when it is shorter. */
function viewOf<T extends Buffer>(buffers: Map<string, T>, make: (length: number) => T, name: string, n: number): T {
  let b = buffers.get(name);
  if (!b || b.length < n) {
    b = make(grown(n));
    buffers.set(name, b);
  }
  return b.subarray(0, n) as T;
}

/**
 * Named, growable typed-array buffers (one per name and element type).
 *
 * @example
 * const s = new Scratch();
 * const dist = s.float64('dist', 1000).fill(Infinity); // a view of length 1000
 * const again = s.float64('dist', 500); // the same memory (first 500 elements), contents unspecified
 */
export class Scratch {
  readonly #f64 = new Map<string, Float64Array>();
  readonly #i32 = new Map<string, Int32Array>();
  readonly #u8 = new Map<string, Uint8Array>();

  /** A view of `n` doubles under `name` (contents unspecified). */
  float64(name: string, n: number): Float64Array {
    return viewOf(this.#f64, (m) => new Float64Array(m), name, n);
  }

  /** A view of `n` 32-bit integers under `name` (contents unspecified). */
  int32(name: string, n: number): Int32Array {
    return viewOf(this.#i32, (m) => new Int32Array(m), name, n);
  }

  /** A view of `n` bytes under `name` (contents unspecified). */
  uint8(name: string, n: number): Uint8Array {
    return viewOf(this.#u8, (m) => new Uint8Array(m), name, n);
  }

  /** Bytes held (for tests and memory accounting). */
  get bytes(): number {
    let s = 0;
    const maps: Record<Kind, Map<string, ArrayBufferView>> = { f64: this.#f64, i32: this.#i32, u8: this.#u8 };
    for (const k of Object.keys(maps) as Kind[]) for (const b of maps[k].values()) s += b.byteLength;
    return s;
  }

  /** Drops every buffer (the next requests allocate afresh). */
  clear(): void {
    this.#f64.clear();
    this.#i32.clear();
    this.#u8.clear();
  }
}

/** Decimal texts of the indices asked for so far (one string per index, shared by every caller). */
const idTexts: string[] = [];

function idText(i: number): string {
  for (let k = idTexts.length; k <= i; k++) idTexts.push(String(k));
  return idTexts[i]!;
}

/**
 * The ids of a compiled sub-problem's units or targets: the decimal text of each index (`String(i)`), the
 * strings shared from call to call (the flows and searches over sub-problems never read them; a result
 * built from the sub-problem shows them).
 *
 * @example
 * indexIds([4, 17]); // ['4', '17']
 * indexIds(3); // ['0', '1', '2']
 */
export function indexIds(indices: ArrayLike<number> | number): string[] {
  if (typeof indices === 'number') {
    const out = new Array<string>(indices);
    for (let i = 0; i < indices; i++) out[i] = idText(i);
    return out;
  }
  const out = new Array<string>(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = idText(indices[i]!);
  return out;
}
