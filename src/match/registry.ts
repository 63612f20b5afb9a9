import { createHash } from 'node:crypto';
import type { Geography } from '../../geo/types.js';
import { DEFAULT_NEED_DOMAINS, settingOf, ValidationError, type Home, type Problem } from '../domain/index.js';
import { attachColumns, buildColumns, CAP_CHUNK, normText, type ColumnName, type HomeColumns, type HomeTables } from '../scoring/columns.js';
import type { ResolvedHome, ScoringRegistry } from '../scoring/types.js';
import { isProblem, resolveLocation, type LocationCache, type ResolvedPoint } from './resolve-location.js';

/**
 * The homes a match runs against: resolved records, typed-array columns for the hot path (in one
 * SharedArrayBuffer, shareable with worker threads), string tables and an id index.
 */
export interface Registry extends ScoringRegistry {
  /** Content version: the given one, or a hash of the homes. Recorded in every match response. */
  readonly version: string;
  readonly size: number;
  readonly homes: readonly ResolvedHome[];
  readonly columns: HomeColumns;
  readonly tables: HomeTables;
  /** Registry indices in home-id order (code-unit order): `idOrder[k]` has `columns.idRank === k`. */
  readonly idOrder: Int32Array;
  /** Home ids by registry index (a compact array: cheaper to read in bulk than `homes[i].id`). */
  readonly ids: readonly string[];
  /** Home ids in id order (`sortedIds[k] === ids[idOrder[k]]`). */
  readonly sortedIds: readonly string[];
  /** A home by id. */
  get(homeId: string): ResolvedHome | undefined;
}

/** Options for {@link buildRegistry}. */
export interface BuildRegistryOptions {
  /** JSON path prefix of the homes array in problem reports (default ["homes"]). */
  readonly path?: readonly (string | number)[];
}

/**
 * Resolve every home's location and authority (from the real boundary the point falls in) and build the
 * registry. Collects EVERY problem first (duplicate ids; unknown or invalid postcodes and districts; a
 * supplied authority that disagrees with the boundary) and throws one ValidationError listing them all,
 * each with its path and the quoted value, before building anything.
 *
 * @param homes homes already parsed by HomeSchema (defaults applied)
 * @param version a version label; default `homes-<count>-<sha256 prefix of the content>`
 * @throws ValidationError listing every problem
 * @example
 * const registry = buildRegistry(homes, defaultGeography());
 * registry.get('H-0001')?.authority; // "E08000026"
 */
export function buildRegistry(homes: readonly Home[], geo: Geography, version?: string, opts: BuildRegistryOptions = {}): Registry {
  const prefix = opts.path ?? ['homes'];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  // Most homes share a handful of districts: the cache resolves each distinct location text once.
  const cache: LocationCache = new Map();
  const resolved: ResolvedHome[] = [];
  // one path array for every home: resolveLocation copies it into any problem it reports
  const path: (string | number)[] = [...prefix, 0];
  for (let i = 0; i < homes.length; i++) {
    const h = homes[i]!;
    const first = seen.get(h.id);
    if (first !== undefined) {
      problems.push({
        path: [...prefix, i, 'id'],
        code: 'duplicate_id',
        message: `buildRegistry: duplicate home id ${JSON.stringify(h.id)} (first at ${[...prefix, first].join('.')})`,
      });
    } else seen.set(h.id, i);
    path[prefix.length] = i;
    const loc = resolveLocation(h.location, geo, path, 'buildRegistry', cache, LOCATION);
    if (isProblem(loc)) {
      problems.push(loc);
      continue;
    }
    if (h.authority !== undefined && h.authority !== loc.authority) {
      problems.push({
        path: [...prefix, i, 'authority'],
        code: 'authority_mismatch',
        message: `buildRegistry: authority ${JSON.stringify(h.authority)} does not match the boundary the location falls in (${
          loc.authority === undefined ? 'outside England' : JSON.stringify(loc.authority)
        })`,
      });
    }
    resolved.push(resolvedHome(h, resolved.length, loc));
  }
  if (problems.length) throw new ValidationError(`buildRegistry: ${problems.length} problem(s) in the homes`, problems);

  const { columns, tables } = buildColumns(resolved);
  const idOrder = new Int32Array(resolved.length);
  for (let i = 0; i < resolved.length; i++) idOrder[columns.idRank[i] as number] = i;
  const ids = resolved.map((h) => h.id);
  const sortedIds = Array.from(idOrder, (i) => ids[i] as string);
  // no problems: every id is distinct and resolved[i] is homes[i], so `seen` maps each id to its index
  const index: ReadonlyMap<string, number> = seen;
  const tableIndex = {
    domains: new Map(tables.domains.map((v, i) => [v, i])),
    authorities: new Map(tables.authorities.map((v, i) => [v, i])),
    districts: new Map(tables.districts.map((v, i) => [v, i])),
    strings: new Map(tables.strings.map((v, i) => [v, i])),
  };
  const registry: Registry = {
    version: version ?? contentVersion(homes),
    size: resolved.length,
    homes: resolved,
    columns,
    tables,
    tableIndex,
    idOrder,
    ids,
    sortedIds,
    indexOf: (id) => index.get(id) ?? -1,
    get: (id) => {
      const i = index.get(id);
      return i === undefined ? undefined : resolved[i];
    },
  };
  SOURCES.set(registry, { homes: homes.slice(), geo, prefix: JSON.stringify(prefix), index });
  BUILD_KIND.set(registry, 'built');
  return registry;
}

/** What a registry was built from (for {@link updateRegistry}); weak, so it dies with the registry. */
const SOURCES = new WeakMap<Registry, { homes: readonly Home[]; geo: Geography; prefix: string; index: ReadonlyMap<string, number> }>();
const BUILD_KIND = new WeakMap<Registry, 'built' | 'patched'>();

/**
 * How a registry came to be: `built` by {@link buildRegistry} (also {@link updateRegistry}'s fallback),
 * or `patched` by {@link updateRegistry} from its predecessor's slots.
 *
 * @example
 * registryBuildKind(updateRegistry(prev, homes, geo, 'r2')); // "patched" after a vacancy change
 */
export function registryBuildKind(registry: Registry): 'built' | 'patched' | undefined {
  return BUILD_KIND.get(registry);
}

/**
 * Columns that depend on more than the home's own slot (string tables, CSR lists, the id order, the
 * shared points): a change to what they are derived from needs a full build.
 */
const SHARED_COLUMNS: ReadonlySet<ColumnName> = new Set<ColumnName>([
  'authority',
  'district',
  'idRank',
  'langStart',
  'langIds',
  'relStart',
  'relIds',
  'cultStart',
  'cultIds',
  'capability',
  'capCodes',
  'point',
  'pLat',
  'pLon',
  'pCos',
  'pHome',
]);
const DEFAULT_DOMAINS: ReadonlySet<string> = new Set(DEFAULT_NEED_DOMAINS);

/** More changed homes than this share of the registry: a full build is as cheap as patching. */
const PATCH_MAX_SHARE = 0.125;

/**
 * The registry for `homes`, equal in every respect to `buildRegistry(homes, geo, version, opts)` (same
 * columns byte for byte, same tables, records, id order, and so the same match results), but computed
 * from `prev` when it can be: when the homes are the same ids in the same order as `prev`'s and each
 * changed home (a different object than before) kept its location, supplied authority, languages,
 * religions, cultures and capability domains (the parts that feed the shared string tables, CSR lists and
 * points), only the changed homes' slots are rewritten. That covers vacancy changes, decisions taking a
 * place, and most home updates: about a millisecond instead of a full build (~50-100 ms at 6,500-8,500
 * homes) that blocks the event loop. Anything else (a home created or closed, a move, a new language, a
 * problem to report) falls back to {@link buildRegistry}, so errors are exactly buildRegistry's too.
 *
 * `prev` is never modified (requests and worker threads may still be reading it): the patched registry
 * has its own copy of the column buffer and shares only immutable parts (tables, id order, id index).
 * Use {@link registryBuildKind} to see which way a registry was made.
 *
 * @param prev the registry before the change (from buildRegistry or updateRegistry)
 * @param homes every home after the change, as buildRegistry takes them; pass the SAME objects for
 *   unchanged homes (as the store's snapshot does) so unchanged homes are recognised without a deep compare
 * @example
 * const r1 = buildRegistry(homes, geo, 'r1');
 * const r2 = updateRegistry(r1, homes.map((h) => (h.id === 'H-0001' ? { ...h, freePlaces: 0 } : h)), geo, 'r2');
 * registryBuildKind(r2); // "patched"
 */
export function updateRegistry(prev: Registry, homes: readonly Home[], geo: Geography, version?: string, opts: BuildRegistryOptions = {}): Registry {
  const full = (): Registry => buildRegistry(homes, geo, version, opts);
  const src = SOURCES.get(prev);
  const prefix = opts.path ?? ['homes'];
  if (!src || src.geo !== geo || src.prefix !== JSON.stringify(prefix) || homes.length !== src.homes.length) return full();
  const n = homes.length;
  const changed: number[] = [];
  for (let i = 0; i < n; i++) {
    const h = homes[i] as Home;
    const old = src.homes[i] as Home;
    if (h === old) continue;
    if (h.id !== old.id || !slotCompatible(old, h, prev.homes[i] as ResolvedHome)) return full();
    changed.push(i);
    if (changed.length > Math.max(8, n * PATCH_MAX_SHARE)) return full();
  }
  if (changed.length === 0 && version !== undefined && version === prev.version) return prev;

  // Each changed home's own slot values, from buildColumns on that home alone (so every per-home
  // derivation is exactly the full build's), then mapped onto the registry's tables.
  // No home changed (a new version only): share the columns, which nobody writes to.
  const columns = changed.length === 0 ? prev.columns : copyColumns(prev.columns);
  const resolved = prev.homes.slice();
  const D = prev.columns.domainCount;
  const C = prev.columns.capChunks;
  const domainIndex = prev.tableIndex.domains;
  for (const i of changed) {
    const before = prev.homes[i] as ResolvedHome;
    const r = resolvedHome(homes[i] as Home, i, before);
    let single: ReturnType<typeof buildColumns>;
    try {
      single = buildColumns([resolvedHome(homes[i] as Home, 0, before)]);
    } catch {
      return full(); // buildRegistry reports it
    }
    for (const e of prev.columns.layout) {
      if (SHARED_COLUMNS.has(e.name)) continue;
      if (e.length !== n) return full(); // a per-home column this function does not know how to patch
      (columns[e.name] as { [k: number]: number })[i] = (single.columns[e.name] as { [k: number]: number })[0] as number;
    }
    const cap = columns.capability;
    cap.fill(0, i * D, (i + 1) * D);
    single.tables.domains.forEach((d, k) => {
      const at = domainIndex.get(d);
      if (at !== undefined) cap[i * D + at] = single.columns.capability[k] as number;
    });
    for (let j = 0; j < C; j++) {
      let code = 0;
      for (let k = CAP_CHUNK - 1; k >= 0; k--) {
        const d = j * CAP_CHUNK + k;
        code = code * 5 + (d < D ? (cap[i * D + d] as number) : 0);
      }
      columns.capCodes[i * C + j] = code;
    }
    resolved[i] = r;
  }
  const index = src.index;
  const registry: Registry = {
    version: version ?? contentVersion(homes),
    size: n,
    homes: resolved,
    columns,
    tables: prev.tables,
    tableIndex: prev.tableIndex,
    idOrder: prev.idOrder,
    ids: prev.ids,
    sortedIds: prev.sortedIds,
    indexOf: (id) => index.get(id) ?? -1,
    get: (id) => {
      const i = index.get(id);
      return i === undefined ? undefined : resolved[i];
    },
  };
  SOURCES.set(registry, { homes: homes.slice(), geo, prefix: src.prefix, index });
  BUILD_KIND.set(registry, 'patched');
  return registry;
}

function copyColumns(c: HomeColumns): HomeColumns {
  const buffer = new SharedArrayBuffer(c.buffer.byteLength);
  new Uint8Array(buffer).set(new Uint8Array(c.buffer));
  return attachColumns({ buffer, layout: c.layout, n: c.n, domainCount: c.domainCount, capChunks: c.capChunks, pointCount: c.pointCount });
}

/**
 * True when `next` may replace `old` in its slot: everything that feeds a shared structure is unchanged.
 * Capability domains may change freely among the default domains (they are always in the table, in a fixed
 * order); any other domain must stay exactly as it was.
 */
function slotCompatible(old: Home, next: Home, resolved: ResolvedHome): boolean {
  if (JSON.stringify(old.location) !== JSON.stringify(next.location)) return false;
  if (next.authority !== undefined && next.authority !== resolved.authority) return false;
  if (!sameTexts(old.languages, next.languages) || !sameTexts(old.religion, next.religion) || !sameTexts(old.culture, next.culture)) return false;
  const a = Object.keys(old.capability);
  const b = Object.keys(next.capability);
  const allDefault = a.every((d) => DEFAULT_DOMAINS.has(d)) && b.every((d) => DEFAULT_DOMAINS.has(d));
  return allDefault || (a.length === b.length && a.every((d, k) => d === b[k]));
}

function sameTexts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, k) => normText(s) === normText(b[k] as string));
}

/**
 * The resolved record: every Home field but the supplied authority, plus the resolution. Built field by
 * field (not by object spread) so every record shares one shape, which is much faster at 100,000 homes.
 */
function resolvedHome(h: Home, index: number, loc: ResolvedPoint): ResolvedHome {
  return {
    id: h.id,
    providerId: h.providerId,
    type: h.type,
    location: h.location,
    registration: h.registration,
    ofsted: h.ofsted,
    places: h.places,
    freePlaces: h.freePlaces,
    ageRange: h.ageRange,
    sexesAccepted: h.sexesAccepted,
    capability: h.capability,
    adaptations: h.adaptations,
    emergency: h.emergency,
    maxSiblingGroup: h.maxSiblingGroup,
    residents: h.residents,
    household: h.household,
    annualCost: h.annualCost,
    contract: h.contract,
    languages: h.languages,
    religion: h.religion,
    culture: h.culture,
    index,
    point: loc.point,
    district: loc.district,
    authority: loc.authority,
    setting: settingOf(h.type),
  };
}

/** Path suffix of a home's location in problem reports. */
const LOCATION: readonly string[] = ['location'];

function contentVersion(homes: readonly Home[]): string {
  const h = createHash('sha256');
  // Chunked: one JSON.stringify per 2,000 homes is faster than one per home or one for everything.
  for (let i = 0; i < homes.length; i += 2000) h.update(JSON.stringify(homes.slice(i, i + 2000)));
  return `homes-${homes.length}-${h.digest('hex').slice(0, 12)}`;
}
