import type { Geography } from '../../../geo/types.js';
import { WEST_MIDLANDS_CODES } from '../../demo/dfe.js';
import { generateDemo, type DemoData, type GenerateDemoOptions } from '../../demo/generate.js';
import { settingOf, ValidationError, type Child, type Home, type Location, type Problem } from '../../domain/index.js';
import type { RegistryBaseline, ScenarioRequest } from '../../simulate/scenario.js';
import { soloSiblingIdsDropped } from '../../simulate/prepare.js';

/**
 * The `registry` baseline of a scenario submitted to the service, resolved into an explicit cohort and
 * market before the (pure) simulation runs: today's open homes from the live registry, and the service's
 * children, or, when the store holds no cohort, a seeded demo cohort for the named authorities seated in
 * the registry's occupied places. Also the reference checks made at submission (a removed provider or home
 * that is not in the baseline is a 400 naming the field, before any work).
 */

/** Where the service's live data comes from (the store and the registry cache, in the service). */
export interface ScenarioSources {
  /** Today's open homes and the registry version they are at. */
  registryHomes(): Promise<{ readonly version: string; readonly homes: readonly Home[] }>;
  /**
   * The last registry the service built (synchronous; for the checks at submission), or undefined when none
   * is built yet (the checks then happen when the job runs).
   */
  knownRegistry?(): { readonly version: string; readonly homes: readonly Pick<Home, 'id' | 'providerId'>[] } | undefined;
  /** The service's children in care placed by these authorities, or null when the store holds no cohort. */
  cohort?(authorities: readonly string[]): Promise<readonly Child[] | null>;
}

/**
 * Sources from the service's store and registry cache.
 *
 * @example
 * scenarioKind(geo, storeScenarioSources(store, registry)); // in createService
 */
export function storeScenarioSources(
  store: { registrySnapshot(): Promise<{ readonly version: string; readonly homes: readonly { readonly home: Home }[] }> },
  registry?: { peek(): { readonly version: string; readonly homes: readonly Pick<Home, 'id' | 'providerId'>[] } | undefined },
): ScenarioSources {
  return {
    async registryHomes() {
      const snap = await store.registrySnapshot();
      return { version: snap.version, homes: snap.homes.map((r) => r.home) };
    },
    ...(registry ? { knownRegistry: () => registry.peek() } : {}),
  };
}

/** What {@link resolveRegistryBaseline} produced, for the job's progress message and the report. */
export interface ResolvedRegistryBaseline {
  readonly baseline: { readonly kind: 'explicit'; readonly children: Child[]; readonly homes: Home[] };
  readonly registryVersion: string;
  /** 'store' when the service's own children were used, 'demo' when a demo cohort was generated. */
  readonly cohortSource: 'store' | 'demo';
  /** Demo children seated in a registry home like the one the generator put them in. */
  readonly seated: number;
  /** Demo children for whom no registry home had an occupied place of a like type (they wait for one). */
  readonly unseated: number;
}

/** Options for {@link resolveRegistryBaseline}. */
export interface ResolveRegistryOptions {
  readonly geo: Geography;
  /** The scenario's `settings.asOf` (ages and tenures are taken on it). */
  readonly asOf: string;
  /** The demo generator (default src/demo generateDemo); injectable for tests. */
  readonly generateDemo?: (opts: GenerateDemoOptions) => DemoData;
}

const FN = 'resolveRegistryBaseline';
const EARTH_KM = 6371.0088;

function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(s)));
}

function pointOf(loc: Location, geo: Geography): { lat: number; lon: number } | undefined {
  if ('lat' in loc) return loc;
  const r = geo.resolvePostcode('postcode' in loc ? loc.postcode : loc.district);
  return r ? { lat: r.lat, lon: r.lon } : undefined;
}


/**
 * Seat generated children in the live registry: the children of each generated home move together to the
 * nearest registry home of the same type (else the same setting) with enough occupied places left
 * (`places - freePlaces`, the places the registry says someone already fills); children with no such home
 * wait for a placement (no `currentPlacement`). Deterministic: generated homes in id order, ties by id.
 *
 * @example
 * const { children, seated } = seatInRegistry(demo.children, demo.homes, registryHomes, geo);
 */
export function seatInRegistry(
  children: readonly Child[],
  generatedHomes: readonly Home[],
  registry: readonly Home[],
  geo: Geography,
): { children: Child[]; seated: number; unseated: number } {
  const genById = new Map(generatedHomes.map((h) => [h.id, h]));
  const slots = registry
    .map((h) => ({ home: h, at: pointOf(h.location, geo), room: Math.max(0, h.places - h.freePlaces) }))
    .filter((s): s is { home: Home; at: { lat: number; lon: number }; room: number } => s.at !== undefined && s.room > 0)
    .sort((a, b) => (a.home.id < b.home.id ? -1 : a.home.id > b.home.id ? 1 : 0));
  const groups = new Map<string, number[]>();
  children.forEach((c, i) => {
    const id = c.currentPlacement?.homeId;
    if (id === undefined) return;
    const g = groups.get(id);
    if (g) g.push(i);
    else groups.set(id, [i]);
  });
  const seatOf = new Map<number, string>();
  let unseated = 0;
  for (const genId of [...groups.keys()].sort()) {
    const members = groups.get(genId)!;
    const gen = genById.get(genId);
    const at = gen ? pointOf(gen.location, geo) : undefined;
    let best: (typeof slots)[number] | undefined;
    if (gen && at) {
      for (const pass of [(h: Home) => h.type === gen.type, (h: Home) => settingOf(h.type) === settingOf(gen.type)]) {
        let bestD = Infinity;
        for (const s of slots) {
          if (s.room < members.length || !pass(s.home)) continue;
          const d = distanceKm(at, s.at);
          if (d < bestD) [best, bestD] = [s, d];
        }
        if (best) break;
      }
    }
    if (!best) {
      unseated += members.length;
      continue;
    }
    best.room -= members.length;
    for (const i of members) seatOf.set(i, best.home.id);
  }
  const out = children.map((c, i) => {
    const seat = seatOf.get(i);
    const { currentPlacement, ...rest } = c;
    return seat !== undefined && currentPlacement ? { ...rest, currentPlacement: { ...currentPlacement, homeId: seat } } : rest;
  });
  return { children: out, seated: seatOf.size, unseated };
}

/**
 * Resolve a `registry` baseline: the live open homes, and the store's cohort or a seeded demo cohort for the
 * named authorities (default: the West Midlands) seated in the registry's occupied places.
 *
 * @throws ValidationError when the registry has no open home (path `baseline`).
 * @example
 * const r = await resolveRegistryBaseline({ kind: 'registry', authorities: ['E08000026'], seed: 1 }, sources, { geo, asOf: '2026-04-01' });
 * r.baseline.homes.length; // every open home in the registry
 */
export async function resolveRegistryBaseline(baseline: RegistryBaseline, sources: ScenarioSources, opts: ResolveRegistryOptions): Promise<ResolvedRegistryBaseline> {
  const { version, homes } = await sources.registryHomes();
  if (homes.length === 0) {
    const message = `${FN}: the service's registry has no open home (version ${JSON.stringify(version)})`;
    throw new ValidationError(message, [{ path: ['baseline'], code: 'empty_registry', message }]);
  }
  const authorities = baseline.authorities ?? [...WEST_MIDLANDS_CODES];
  const stored = (await sources.cohort?.(authorities)) ?? null;
  if (stored !== null) {
    return { baseline: { kind: 'explicit', children: [...stored], homes: [...homes] }, registryVersion: version, cohortSource: 'store', seated: 0, unseated: 0 };
  }
  const demo = (opts.generateDemo ?? generateDemo)({
    seed: baseline.seed,
    authorities,
    ...(baseline.children !== undefined ? { children: baseline.children } : {}),
    asOf: opts.asOf,
  });
  const elsewhere = new Set(demo.meta.otherPlacements.map((o) => o.childId));
  const inCare = soloSiblingIdsDropped(demo.children.filter((c) => !elsewhere.has(c.id)));
  const seated = seatInRegistry(inCare, demo.homes, homes, opts.geo);
  return {
    baseline: { kind: 'explicit', children: seated.children, homes: [...homes] },
    registryVersion: version,
    cohortSource: 'demo',
    seated: seated.seated,
    unseated: seated.unseated,
  };
}

/**
 * Changes that name a provider or home the baseline market does not have: every one, with its path
 * (`changes[i].providerId`, `changes[i].homeIds[j]`) under `prefix`. Only the baselines whose market is
 * known without generating it are checked (explicit, and registry given its homes); demo is checked when it runs.
 *
 * @example
 * unknownReferenceProblems(scenario, registryHomes, ['input']); // [{ path: ['input', 'changes', 1, 'providerId'], ... }]
 */
export function unknownReferenceProblems(
  scenario: Pick<ScenarioRequest, 'changes'>,
  homes: readonly Pick<Home, 'id' | 'providerId'>[],
  prefix: readonly (string | number)[] = [],
  market = 'the baseline',
): Problem[] {
  const providers = new Set(homes.map((h) => h.providerId));
  const ids = new Set(homes.map((h) => h.id));
  const problems: Problem[] = [];
  scenario.changes.forEach((c, i) => {
    if (c.kind !== 'remove_homes' && c.kind !== 'end_block_contract') return;
    if (c.providerId !== undefined && !providers.has(c.providerId)) {
      problems.push({
        path: [...prefix, 'changes', i, 'providerId'],
        code: 'unknown_provider',
        message: `unknownReferenceProblems: changes[${i}] (${c.kind}) names unknown provider ${JSON.stringify(c.providerId)} (no open home in ${market} has it)`,
      });
    }
    c.homeIds?.forEach((id, j) => {
      if (!ids.has(id)) {
        problems.push({
          path: [...prefix, 'changes', i, 'homeIds', j],
          code: 'unknown_home',
          message: `unknownReferenceProblems: changes[${i}] (${c.kind}) names unknown home ${JSON.stringify(id)} (not an open home in ${market})`,
        });
      }
    });
  });
  return problems;
}
