/**
 * Seeded random problems shaped like issue 3's measurements: homes = 0.75 x children with 1-4 places,
 * a fixed number of random candidate homes per child, optionally a share of children in sibling groups of
 * 2-3 (one unit, placed together) and a share of children needing a solo setting (bed blocking: on a
 * candidate home they take every place). Used by the tests and the benchmarks; identical seeds give
 * identical problems on every machine.
 */
import type { Problem, Unit } from './problem.js';

/**
 * Small, fast, seedable PRNG (mulberry32). Returns floats in [0, 1).
 *
 * @example
 * const rnd = mulberry32(42);
 * const x = rnd(); // same value on every machine
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomProblemOptions {
  readonly children: number;
  readonly seed: number;
  /** Homes per child (default 0.75). */
  readonly homesPerChild?: number;
  /** Candidate homes per unit (default 20; capped by the number of homes). */
  readonly candidates?: number;
  /** Share of children in sibling groups of 2-3 (default 0). */
  readonly groupShare?: number;
  /** Share of single children who need a solo setting (default 0). */
  readonly soloShare?: number;
  /** Share of units that must be assigned (default 0). */
  readonly mustShare?: number;
  /** Places per home: 1..maxPlaces (default 4). */
  readonly maxPlaces?: number;
  /** Values are integers when true (default false: two decimals). */
  readonly integerValues?: boolean;
}

/**
 * Generates a seeded problem (sense max).
 *
 * @example
 * const p = randomProblem({ children: 1000, seed: 1 }); // 750 homes, 20 candidates per child
 */
export function randomProblem(o: RandomProblemOptions): Problem {
  const rnd = mulberry32(o.seed);
  const nHomes = Math.max(1, Math.round(o.children * (o.homesPerChild ?? 0.75)));
  const maxPlaces = o.maxPlaces ?? 4;
  const k = Math.min(o.candidates ?? 20, nHomes);
  const targets = new Array<{ id: string; capacity: number }>(nHomes);
  for (let j = 0; j < nHomes; j++) targets[j] = { id: `h${j}`, capacity: 1 + Math.floor(rnd() * maxPlaces) };
  const value = (scale: number): number =>
    o.integerValues ? Math.floor(rnd() * 100 * scale) : Math.round(rnd() * 10_000 * scale) / 100;

  // homes with room for a unit of each size (a group's candidates are homes with room for it, as the
  // match core's capacity rule would leave them)
  const roomy: number[][] = [];
  const picked = new Int32Array(nHomes).fill(-1);
  const sample = (stamp: number, size: number): number[] => {
    let pool = roomy[size];
    if (pool === undefined) {
      pool = [];
      for (let j = 0; j < nHomes; j++) if (targets[j]!.capacity >= size) pool.push(j);
      roomy[size] = pool;
    }
    const kk = Math.min(k, pool.length);
    const out: number[] = [];
    if (kk * 2 > pool.length) {
      const all = pool.slice();
      for (let i = 0; i < kk; i++) {
        const j = i + Math.floor(rnd() * (all.length - i));
        const tmp = all[i]!;
        all[i] = all[j]!;
        all[j] = tmp;
        out.push(all[i]!);
      }
      return out;
    }
    while (out.length < kk) {
      const h = pool[Math.floor(rnd() * pool.length)]!;
      if (picked[h] === stamp) continue;
      picked[h] = stamp;
      out.push(h);
    }
    return out;
  };

  const units: Unit[] = [];
  let grouped = Math.round(o.children * (o.groupShare ?? 0));
  let remaining = o.children;
  let stamp = 0;
  while (remaining > 0) {
    let size = 1;
    if (grouped >= 2) {
      size = grouped === 2 || grouped === 4 ? 2 : grouped === 3 ? 3 : 2 + Math.floor(rnd() * 2);
      size = Math.min(size, remaining);
      grouped -= size;
    }
    remaining -= size;
    const solo = size === 1 && rnd() < (o.soloShare ?? 0);
    const must = rnd() < (o.mustShare ?? 0);
    const homes = sample(stamp++, size);
    const candidates = homes.map((h) => {
      // the home's own id string, as a caller building candidates from its homes would pass it
      const { id, capacity: cap } = targets[h]!;
      return solo && cap > 1 ? { target: id, value: value(size), size: cap } : { target: id, value: value(size) };
    });
    units.push({ id: size === 1 ? `c${units.length}` : `g${units.length}`, size, mustAssign: must, candidates });
  }
  return { sense: 'max', targets, units };
}

export interface TinyProblemOptions {
  /** Units 0..maxUnits (default 6). */
  readonly maxUnits?: number;
  /** Targets 1..maxTargets (default 4). */
  readonly maxTargets?: number;
  /** Capacities 0..maxCapacity (default 4). */
  readonly maxCapacity?: number;
  /** When true every size is 1 (the flow structure); else unit sizes 1-3 and some candidate sizes 0-3. */
  readonly unitSizesOnly?: boolean;
  /** Probability that a unit with candidates is compulsory (default 0.2). */
  readonly mustProbability?: number;
}

/**
 * Small random problems of any structure (either sense, compulsory units, candidate-specific sizes,
 * negative values) for tests that compare against exhaustive search.
 *
 * @example
 * const p = tinyRandomProblem(42, { unitSizesOnly: false });
 */
export function tinyRandomProblem(seed: number, o: TinyProblemOptions = {}): Problem {
  const r = mulberry32(seed);
  const nt = 1 + Math.floor(r() * (o.maxTargets ?? 4));
  const maxCap = o.maxCapacity ?? 4;
  const targets = Array.from({ length: nt }, (_, j) => ({ id: `t${j}`, capacity: Math.floor(r() * (maxCap + 1)) }));
  const nu = Math.floor(r() * ((o.maxUnits ?? 6) + 1));
  const units: Unit[] = Array.from({ length: nu }, (_, i) => {
    const size = o.unitSizesOnly ? 1 : 1 + Math.floor(r() * 3);
    const candidates = targets
      .filter(() => r() < 0.6)
      .map((t) => {
        const value = Math.floor(r() * 30) - 8;
        return !o.unitSizesOnly && r() < 0.3
          ? { target: t.id, value, size: Math.floor(r() * 4) }
          : { target: t.id, value };
      });
    const mustAssign = candidates.length > 0 && r() < (o.mustProbability ?? 0.2);
    return { id: `u${i}`, size, mustAssign, candidates };
  });
  return { sense: r() < 0.5 ? 'max' : 'min', targets, units };
}
