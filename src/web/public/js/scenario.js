// Commissioning: the scenario the page builds (src/simulate/scenario.ts ScenarioSchema) and the provider list.
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
 * @example buildScenario({ name: 'CV2 home', baseline: { kind: 'demo', region: 'west_midlands', children: 700 }, newHomes: [], removedProviders: ['P-1'], upliftPercent: 6, runs: 20 })
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
 * Providers from the registry's home records, largest first: homes, places, free places, types, authorities.
 * @example providersFromHomes([{ home: { id: 'H-1', providerId: 'P-1', type: 'ifa_foster', places: 2, freePlaces: 1 }, authority: 'E08000026' }])
 */
export function providersFromHomes(records) {
  const by = new Map();
  for (const r of records) {
    const home = r.home ?? r;
    let p = by.get(home.providerId);
    if (!p) {
      p = { providerId: home.providerId, homes: 0, places: 0, freePlaces: 0, types: {}, contracts: {}, authorities: {} };
      by.set(home.providerId, p);
    }
    p.homes++;
    p.places += home.places ?? 0;
    p.freePlaces += home.freePlaces ?? 0;
    p.types[home.type] = (p.types[home.type] ?? 0) + 1;
    if (home.contract) p.contracts[home.contract] = (p.contracts[home.contract] ?? 0) + 1;
    const a = r.authority ?? home.authority ?? null;
    if (a) p.authorities[a] = (p.authorities[a] ?? 0) + 1;
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
    const d = home.location?.district ?? (home.location?.postcode ? String(home.location.postcode).toUpperCase().split(/\s+/)[0] : null);
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
