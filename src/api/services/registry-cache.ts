import type { Geography } from '../../../geo/types.js';
import { buildRegistry, registryBuildKind, updateRegistry, type Registry } from '../../match/registry.js';
import type { Store } from '../../store/index.js';

/**
 * The live registry a match runs over: the store's open homes built into a scoring {@link Registry},
 * brought up to date whenever the store's registry version moves (any home change, decision or import,
 * including ones made by another process such as `homefinder import`). Checking the version is one indexed
 * read; updating is single-flight (concurrent requests share one update). Every match therefore scores
 * the registry as of its request and records exactly which version it used.
 *
 * Updates are incremental: the store's snapshot reuses the parsed record of every unchanged home, and
 * {@link updateRegistry} rewrites only the changed homes' slots (vacancies, decisions taking a place,
 * most home edits: about a millisecond) into a copy of the columns, so requests in flight keep the registry
 * they started with. A home created, closed or moved, or a bulk import, falls back to a full build.
 *
 * @example
 * const cache = new RegistryCache(store, geo);
 * const registry = await cache.current(); // registry.version === 'r42'
 */
export class RegistryCache {
  private registry: Registry | undefined;
  private building: Promise<Registry> | undefined;
  private buildingVersion: string | undefined;
  /** Milliseconds the last build or patch took (for logs and /readyz). */
  lastBuildMs = 0;
  /** Full builds and incremental patches so far. */
  builds = 0;
  patches = 0;

  constructor(
    private readonly store: Store,
    private readonly geo: Geography,
    private readonly onBuilt?: (info: { version: string; homes: number; ms: number; mode: 'built' | 'patched' }) => void,
  ) {}

  /** The registry at the store's current version (building it if needed). */
  async current(): Promise<Registry> {
    const version = await this.store.registryVersion();
    if (this.registry?.version === version) return this.registry;
    if (this.building && this.buildingVersion === version) return this.building;
    this.buildingVersion = version;
    this.building = this.build().finally(() => {
      this.building = undefined;
      this.buildingVersion = undefined;
    });
    return this.building;
  }

  /** The last built registry without checking the store (metrics). */
  peek(): Registry | undefined {
    return this.registry;
  }

  private async build(): Promise<Registry> {
    const snap = await this.store.registrySnapshot();
    const t0 = performance.now();
    const homes = snap.homes.map((r) => r.home);
    const prev = this.registry;
    const registry = prev ? updateRegistry(prev, homes, this.geo, snap.version) : buildRegistry(homes, this.geo, snap.version);
    this.lastBuildMs = performance.now() - t0;
    const mode = registryBuildKind(registry) ?? 'built';
    if (mode === 'patched') this.patches += 1;
    else this.builds += 1;
    // Keep the newest: a slower, older build never replaces a newer one.
    if (!this.registry || versionNumber(snap.version) >= versionNumber(this.registry.version)) this.registry = registry;
    this.onBuilt?.({ version: snap.version, homes: registry.size, ms: this.lastBuildMs, mode });
    return registry;
  }
}

function versionNumber(v: string): number {
  const n = Number(v.replace(/^r/, ''));
  return Number.isFinite(n) ? n : -1;
}
