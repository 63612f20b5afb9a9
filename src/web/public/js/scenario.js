// Commissioning: the scenario the page builds (src/simulate/scenario.ts ScenarioRequestSchema) and the provider list.
// Pure: no DOM.
import { settingOfType } from './format.js';

/**
 * An `open_homes` change from the new-home form: one home of `places` places in `district`.
 * @example newHomeChange({ type: 'council_childrens_home', places: 3, district: 'CV2', annualCost: 219985 })
 */
export function newHomeChange(h) {
  const change = {
    kind: 'open_homes',
    label: h.label || `${h.places}-place ${h.type.replace(/_/g, ' ')} in ${h.district}`,
    type: h.type,
    count: 1,
    places: h.places,
    districts: [h.district],
    emergency: Boolean(h.emergency),
  };
  const cap = Object.fromEntries(Object.entries(h.capability ?? {}).filter(([, v]) => Number(v) > 0).map(([k, v]) => [k, Number(v)]));
  if (Object.keys(cap).length) change.capability = cap;
  if (Number.isFinite(h.annualCost)) change.annualCost = h.annualCost;
  if (h.contract) change.contract = h.contract;
  if (h.maxSiblingGroup) change.maxSiblingGroup = h.maxSiblingGroup;
  return change;
}

/**
 * The scenario: new homes, providers leaving the market, a cost uplift, run settings.
 * @example buildScenario({ name: 'CV2 home', baseline: registryBaseline({ authority: 'E08000026' }), newHomes: [], removedProviders: ['P-1'], upliftPercent: 6, runs: 20 })
 */
export function buildScenario({ name, baseline, newHomes = [], removedProviders = [], upliftPercent = 0, runs, model, seed }) {
  const changes = [
    ...newHomes.map(newHomeChange),
    ...removedProviders.map((providerId) => ({ kind: 'remove_homes', label: `provider ${providerId} leaves the market`, providerId })),
  ];
  if (Number.isFinite(upliftPercent) && upliftPercent !== 0) changes.push({ kind: 'cost_uplift', label: `unit costs ${upliftPercent > 0 ? 'rise' : 'fall'} ${Math.abs(upliftPercent)} %`, percent: upliftPercent });
  const settings = {};
  if (Number.isFinite(runs)) settings.runs = runs;
  if (model) settings.model = model;
  if (Number.isFinite(seed)) settings.seed = seed;
  const scenario = { name: name || 'scenario', changes, settings };
  if (baseline) scenario.baseline = baseline;
  return scenario;
}

/**
 * The scenario's baseline: today's live homes from the service's registry (the homes on the map and in the
 * provider list), with a demo cohort for one authority or the whole region when the service holds no children
 * (src/simulate/scenario.ts RegistryBaselineSchema).
 * @example registryBaseline({ authority: 'E08000026', seed: 2026, children: 700 }) // { kind: 'registry', authorities: ['E08000026'], seed: 2026, children: 700 }
 */
export function registryBaseline({ authority, seed, children }) {
  const b = { kind: 'registry' };
  if (authority) b.authorities = [authority];
  if (Number.isInteger(seed)) b.seed = seed;
  if (Number.isInteger(children)) b.children = children;
  return b;
}

/** The postcode district of a home record's location, or null (coordinates only). */
export function districtOfHome(home) {
  const loc = home?.location ?? {};
  if (loc.district) return String(loc.district).toUpperCase();
  if (loc.postcode) return String(loc.postcode).toUpperCase().trim().split(/\s+/)[0];
  return null;
}

/**
 * Which form control a scenario problem belongs to, from its path (`input.` prefix allowed): changes are
 * laid out as the page builds them (new homes, then providers leaving, then the uplift).
 * @example scenarioFieldOf(['input', 'changes', 1, 'providerId'], { newHomes: 1, removed: ['P-1'] }) // { id: 'provider-list', providerId: 'P-1' }
 */
export function scenarioFieldOf(path, { newHomes = 0, removed = [] } = {}) {
  const p = path?.[0] === 'input' ? path.slice(1) : (path ?? []);
  if (p[0] === 'baseline' && p[1] === 'children') return { id: 'b-children' };
  if (p[0] === 'baseline' && p[1] === 'seed') return { id: 'b-seed' };
  if (p[0] === 'baseline' && p[1] === 'authorities') return { id: 'b-authority' };
  if (p[0] === 'name') return { id: 's-name' };
  if (p[0] === 'settings' && p[1] === 'runs') return { id: 's-runs' };
  if (p[0] === 'changes' && typeof p[1] === 'number') {
    const i = p[1];
    if (i < newHomes) return { id: 'new-homes', index: i };
    if (i < newHomes + removed.length) return { id: 'provider-list', providerId: removed[i - newHomes] };
    return { id: 's-uplift' };
  }
  return null;
}

/**
 * Providers from the registry's home records, largest first: homes, places, free places, types, contracts,
 * authorities and postcode districts.
 * @example providersFromHomes([{ home: { id: 'H-1', providerId: 'P-1', type: 'ifa_foster', places: 2, freePlaces: 1 }, authority: 'E08000026' }])
 */
export function providersFromHomes(records) {
  const by = new Map();
  for (const r of records) {
    const home = r.home ?? r;
    let p = by.get(home.providerId);
    if (!p) {
      p = { providerId: home.providerId, homes: 0, places: 0, freePlaces: 0, types: {}, contracts: {}, authorities: {}, districts: {} };
      by.set(home.providerId, p);
    }
    p.homes++;
    p.places += home.places ?? 0;
    p.freePlaces += home.freePlaces ?? 0;
    p.types[home.type] = (p.types[home.type] ?? 0) + 1;
    if (home.contract) p.contracts[home.contract] = (p.contracts[home.contract] ?? 0) + 1;
    const a = r.authority ?? home.authority ?? null;
    if (a) p.authorities[a] = (p.authorities[a] ?? 0) + 1;
    const d = districtOfHome(home);
    if (d) p.districts[d] = (p.districts[d] ?? 0) + 1;
  }
  return [...by.values()].sort((a, b) => b.places - a.places || (a.providerId < b.providerId ? -1 : 1));
}

/** The commonest key of a count object. */
export function commonest(counts) {
  let best = null;
  let n = -1;
  for (const [k, v] of Object.entries(counts ?? {})) if (v > n || (v === n && k < best)) [best, n] = [k, v];
  return best;
}

/**
 * Homes grouped by district for the overview map: one point per district with its places and main setting.
 * @example districtSummary(records, (d) => places.locateDistrict(d))
 */
export function districtSummary(records, locate) {
  const by = new Map();
  for (const r of records) {
    const home = r.home ?? r;
    const d = districtOfHome(home);
    const key = d ?? `${home.location?.lat},${home.location?.lon}`;
    let g = by.get(key);
    if (!g) {
      const at = d ? locate(d) : Number.isFinite(home.location?.lat) ? { lat: home.location.lat, lon: home.location.lon } : null;
      if (!at) continue;
      g = { key, district: d, lat: at.lat, lon: at.lon, homes: 0, places: 0, settings: {} };
      by.set(key, g);
    }
    g.homes++;
    g.places += home.places ?? 0;
    const s = settingOfType(home.type);
    g.settings[s] = (g.settings[s] ?? 0) + 1;
  }
  return [...by.values()].map((g) => ({ ...g, setting: commonest(g.settings) }));
}
