import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { UndirectedGraph } from 'graphology';
import {
  computeAdjacency,
  DEFAULT_ADJACENCY_OPTIONS,
  type AdjacencyEdge,
  type AdjacencyOptions,
  type BoundaryInput,
} from './adjacency-compute.js';
import { parseAuthorities } from './authorities.js';
import { fromRoot, GEO_FILES } from './paths.js';

/**
 * Bump when the computation changes in a way the options do not capture; invalidates the cache.
 *
 * @example
 * readAdjacencyCache(file)?.method === ADJACENCY_METHOD;
 */
export const ADJACENCY_METHOD = 'shared-border-v1';

/** The committed cache file's shape (`geo/data/adjacency.json`). */
export interface AdjacencyCache {
  readonly method: string;
  /** The boundary file the edges were computed from, relative to the package root, and its SHA-256. */
  readonly source: { readonly file: string; readonly sha256: string };
  readonly options: Required<AdjacencyOptions>;
  /** Authority codes (graph nodes), so authorities with no neighbour (islands) are still nodes. */
  readonly nodes: readonly string[];
  readonly edges: readonly AdjacencyEdge[];
}

/** The adjacency graph and how it was obtained. */
export interface Adjacency {
  /** Undirected, no self-loops, no parallel edges. Edge attributes: `sharedKm` (the smaller of the two sides). */
  readonly graph: UndirectedGraph<Record<string, never>, { sharedKm: number }>;
  /** True when the two codes are distinct nodes joined by an edge. */
  adjoins(a: string, b: string): boolean;
  /** Adjoining codes, sorted; empty for an unknown code. */
  neighbours(code: string): string[];
  /** True when read from a fresh cache, false when computed. */
  readonly fromCache: boolean;
  readonly edges: readonly AdjacencyEdge[];
}

/**
 * Hex SHA-256 of a text (the boundary file, as read).
 *
 * @example
 * sha256Hex('abc').slice(0, 8); // "ba7816bf"
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function sameOptions(a: Required<AdjacencyOptions>, b: Required<AdjacencyOptions>): boolean {
  return a.toleranceKm === b.toleranceKm && a.minSharedKm === b.minSharedKm && a.sampleStepKm === b.sampleStepKm;
}

/**
 * Compute the cache content for the given boundaries.
 *
 * @param sourceText The boundary file's text, as read (hashed, so any edit invalidates the cache).
 * @example
 * const cache = buildAdjacencyCache(boundaries, readFileSync(file, 'utf8'));
 */
export function buildAdjacencyCache(
  boundaries: readonly BoundaryInput[],
  sourceText: string,
  options: AdjacencyOptions = {},
  sourceFile: string = GEO_FILES.authorities,
): AdjacencyCache {
  const opts = { ...DEFAULT_ADJACENCY_OPTIONS, ...options };
  return {
    method: ADJACENCY_METHOD,
    source: { file: sourceFile.split('\\').join('/'), sha256: sha256Hex(sourceText) },
    options: opts,
    nodes: boundaries.map((b) => b.code).sort(),
    edges: computeAdjacency(boundaries, opts),
  };
}

/**
 * Read a cache file; undefined when it is missing or not a well-formed cache.
 *
 * @example
 * readAdjacencyCache(fromRoot('geo/data/adjacency.json'))?.edges.length; // 375
 */
export function readAdjacencyCache(file: string): AdjacencyCache | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const c = raw as Partial<AdjacencyCache> | null;
  const okEdge = (e: unknown): boolean => {
    const x = e as Partial<AdjacencyEdge> | null;
    return typeof x?.a === 'string' && typeof x.b === 'string' && typeof x.sharedKmA === 'number' && typeof x.sharedKmB === 'number';
  };
  if (
    typeof c?.method !== 'string' ||
    typeof c.source?.sha256 !== 'string' ||
    typeof c.options?.toleranceKm !== 'number' ||
    typeof c.options.minSharedKm !== 'number' ||
    typeof c.options.sampleStepKm !== 'number' ||
    !Array.isArray(c.nodes) ||
    !c.nodes.every((n) => typeof n === 'string') ||
    !Array.isArray(c.edges) ||
    !c.edges.every(okEdge)
  ) {
    return undefined;
  }
  return c as AdjacencyCache;
}

/**
 * Write a cache as stable, diff-friendly JSON (one edge per line).
 *
 * @example
 * writeAdjacencyCache(fromRoot('geo/data/adjacency.json'), cache);
 */
export function writeAdjacencyCache(file: string, cache: AdjacencyCache): void {
  mkdirSync(dirname(file), { recursive: true });
  const head = JSON.stringify({ method: cache.method, source: cache.source, options: cache.options, nodes: cache.nodes });
  const edges = cache.edges.map((e) => `    ${JSON.stringify({ a: e.a, b: e.b, sharedKmA: e.sharedKmA, sharedKmB: e.sharedKmB })}`).join(',\n');
  writeFileSync(file, `${head.slice(0, -1)},\n  "edges": [\n${edges}\n  ]\n}\n`);
}

/**
 * True when the cache was computed by this method with these options from a source with this hash,
 * and covers exactly these nodes.
 *
 * @example
 * isCacheFresh(cache, sha256Hex(sourceText), codes); // false after any edit to the boundary file
 */
export function isCacheFresh(
  cache: AdjacencyCache,
  sourceSha256: string,
  codes: readonly string[],
  options: AdjacencyOptions = {},
): boolean {
  const want = [...codes].sort();
  return (
    cache.method === ADJACENCY_METHOD &&
    cache.source.sha256 === sourceSha256 &&
    sameOptions(cache.options, { ...DEFAULT_ADJACENCY_OPTIONS, ...options }) &&
    cache.nodes.length === want.length &&
    cache.nodes.every((n, i) => n === want[i])
  );
}

/**
 * Build the graph over `codes` with the given edges. Throws on a self-loop or an edge naming an unknown code.
 *
 * @example
 * createAdjacency(['A', 'B', 'C'], [{ a: 'A', b: 'B', sharedKmA: 1, sharedKmB: 1 }], false).adjoins('B', 'A'); // true
 */
export function createAdjacency(codes: readonly string[], edges: readonly AdjacencyEdge[], fromCache: boolean): Adjacency {
  const graph = new UndirectedGraph<Record<string, never>, { sharedKm: number }>({ allowSelfLoops: false, multi: false });
  for (const c of codes) graph.mergeNode(c);
  for (const e of edges) {
    if (e.a === e.b) throw new Error(`createAdjacency: self-loop on ${JSON.stringify(e.a)}`);
    if (!graph.hasNode(e.a) || !graph.hasNode(e.b)) {
      throw new Error(`createAdjacency: edge names an unknown authority ${JSON.stringify(graph.hasNode(e.a) ? e.b : e.a)}`);
    }
    graph.mergeEdge(e.a, e.b, { sharedKm: Math.min(e.sharedKmA, e.sharedKmB) });
  }
  const frozenEdges = Object.freeze([...edges]);
  // Plain sets for the hot path: scoring asks `adjoins` once per child-home pair.
  const sets = new Map<string, Set<string>>();
  for (const c of codes) sets.set(c, new Set(graph.neighbors(c)));
  return {
    graph,
    fromCache,
    edges: frozenEdges,
    adjoins: (a, b) => sets.get(a)?.has(b) === true,
    neighbours: (code) => (sets.has(code) ? [...(sets.get(code) as Set<string>)].sort() : []),
  };
}

/** Inputs to {@link loadAdjacency}. */
export interface LoadAdjacencyInput {
  readonly boundaries: readonly BoundaryInput[];
  /** The boundary file's text as read (its hash keys the cache). */
  readonly sourceText: string;
  /** Cache file; default `geo/data/adjacency.json` under the package root. */
  readonly cacheFile?: string;
  readonly options?: AdjacencyOptions;
}

/**
 * The adjacency graph: from the cache when it is fresh for this source text and options, else computed
 * (~0.3 s for England). Never writes the cache; `geo/build-adjacency.ts` does.
 *
 * @example
 * const adj = loadAdjacency({ boundaries, sourceText });
 * adj.adjoins('E08000026', 'E10000031'); // true: Coventry and Warwickshire
 */
export function loadAdjacency(input: LoadAdjacencyInput): Adjacency {
  const { boundaries, sourceText, options = {} } = input;
  const codes = boundaries.map((b) => b.code);
  const cache = readAdjacencyCache(input.cacheFile ?? fromRoot(GEO_FILES.adjacencyCache));
  if (cache && isCacheFresh(cache, sha256Hex(sourceText), codes, options)) {
    return createAdjacency(codes, cache.edges, true);
  }
  return createAdjacency(codes, computeAdjacency(boundaries, options), false);
}

/** What a run did. */
export interface RefreshAdjacencyResult {
  readonly status: 'fresh' | 'written' | 'stale';
  readonly cacheFile: string;
  readonly edges: number;
  readonly ms: number;
}

/**
 * Compute the adjacency from `boundaryFile` and write it to `cacheFile`, unless the cache there is already
 * fresh. With `check`, never write: report `stale` instead.
 *
 * @example
 * refreshAdjacencyCache({ check: true }).status; // "fresh"
 */
export function refreshAdjacencyCache(opts: { check?: boolean; boundaryFile?: string; cacheFile?: string } = {}): RefreshAdjacencyResult {
  const t0 = performance.now();
  const boundaryFile = opts.boundaryFile ?? fromRoot(GEO_FILES.authorities);
  const cacheFile = opts.cacheFile ?? fromRoot(GEO_FILES.adjacencyCache);
  const text = readFileSync(boundaryFile, 'utf8');
  const boundaries = parseAuthorities(JSON.parse(text)).map((f) => ({ code: f.authority.code, geometry: f.geometry }));
  const existing = readAdjacencyCache(cacheFile);
  if (existing && isCacheFresh(existing, sha256Hex(text), boundaries.map((b) => b.code))) {
    return { status: 'fresh', cacheFile, edges: existing.edges.length, ms: performance.now() - t0 };
  }
  if (opts.check) return { status: 'stale', cacheFile, edges: existing?.edges.length ?? 0, ms: performance.now() - t0 };
  const cache = buildAdjacencyCache(boundaries, text);
  writeAdjacencyCache(cacheFile, cache);
  return { status: 'written', cacheFile, edges: cache.edges.length, ms: performance.now() - t0 };
}
