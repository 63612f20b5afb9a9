import type { Geography } from '../../geo/types.js';
import {
  resolvePolicy,
  ValidationError,
  zodProblems,
  type Child,
  type Home,
  type Policy,
  type Problem,
} from '../domain/index.js';
import { generateDemo, type DemoData, type GenerateDemoOptions, type OtherPlacement } from '../demo/generate.js';
import { WEST_MIDLANDS_CODES } from '../demo/dfe.js';
import { checkCohort } from '../rematch/cohort.js';
import { applyChanges, selectHomes, type ChangeEffect } from './changes.js';
import { steadyArrivalsPerYear } from './durations.js';
import { resolveDynamics, type Dynamics } from './dynamics.js';
import { ScenarioSchema, type Change, type CostUplift, type Scenario } from './scenario.js';

/**
 * Turn scenario JSON into everything the models need, after checking it completely: the zod shape, then
 * every reference a schema cannot check (postcode districts, authorities, providers, homes, selectors that
 * match nothing, the explicit cohort's own cross-references). Every problem is collected, with its path,
 * before any model runs; one ValidationError lists them all.
 */

/** The prepared scenario: plain data (structured-cloneable), so it can be sent to worker threads. */
export interface PreparedScenario {
  readonly scenario: Scenario;
  readonly asOf: string;
  readonly policy: Policy;
  readonly dynamics: Dynamics;
  /** The children the models place: in a registry home today, or waiting for one. */
  readonly cohort: readonly Child[];
  /** All children of the baseline (with those placed with parents or for adoption), for calibration. */
  readonly allChildren: readonly Child[];
  readonly otherPlacements: readonly OtherPlacement[];
  readonly baselineHomes: readonly Home[];
  /** The market after the changes (costs as the match engine sees them). */
  readonly scenarioHomes: readonly Home[];
  /** Homes that left the market (kept so their children can be traced as displaced). */
  readonly closedHomes: readonly Home[];
  /** Spend multiplier per home id in the scenario (cost uplifts). */
  readonly priceFactor: readonly (readonly [string, number])[];
  readonly displacedChildIds: readonly string[];
  readonly effects: readonly ChangeEffect[];
  /** Placing authorities in the cohort. */
  readonly authorities: readonly string[];
  readonly baselineKind: 'demo' | 'explicit';
  /** The scenario's cost uplifts (also applied to kinship households arriving with referrals). */
  readonly uplifts: readonly CostUplift[];
  /** Runs that also compute the price-of-urgency optimum (the setting, or the size-based default). */
  readonly urgencyRuns: number;
  /** Children entering care per year: the scenario's figure, or the rate that keeps the number in care steady. */
  readonly childrenPerYear: number;
}

/** What preparing a scenario needs from outside. */
export interface PrepareDeps {
  readonly geo: Geography;
  /** The demo generator (default src/demo generateDemo); injectable for tests. */
  readonly generateDemo?: (opts: GenerateDemoOptions) => DemoData;
}

const FN = 'prepareScenario';

function quote(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return JSON.stringify(s !== undefined && s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Check postcode districts and authority codes wherever they appear in the raw input (parsed or not). */
function geographyProblems(raw: unknown, geo: Geography): Problem[] {
  const problems: Problem[] = [];
  const district = (v: unknown, path: (string | number)[]): void => {
    if (typeof v !== 'string') return;
    const r = geo.resolvePostcode(v);
    if (!r) problems.push({ path, code: 'unknown_postcode', message: `${FN}: unknown postcode district ${quote(v)}` });
  };
  const authority = (v: unknown, path: (string | number)[]): void => {
    if (typeof v !== 'string') return;
    if (!geo.authority(v)) problems.push({ path, code: 'unknown_authority', message: `${FN}: unknown authority ${quote(v)}` });
  };
  if (!isObj(raw)) return problems;
  const b = raw.baseline;
  if (isObj(b) && Array.isArray(b.authorities)) b.authorities.forEach((a, i) => authority(a, ['baseline', 'authorities', i]));
  if (Array.isArray(raw.changes)) {
    raw.changes.forEach((c, i) => {
      if (!isObj(c)) return;
      if (Array.isArray(c.districts)) c.districts.forEach((d, j) => district(d, ['changes', i, 'districts', j]));
      const w = c.where;
      if (isObj(w)) {
        authority(w.authority, ['changes', i, 'where', 'authority']);
        if (Array.isArray(w.districts)) w.districts.forEach((d, j) => district(d, ['changes', i, 'where', 'districts', j]));
      }
    });
  }
  return problems;
}

/** Problems in the explicit baseline that only the geography can find (locations of children and homes). */
function explicitLocationProblems(children: readonly Child[], homes: readonly Home[], geo: Geography): Problem[] {
  const problems: Problem[] = [];
  const check = (loc: Child['homeLocation'], path: (string | number)[]): void => {
    if ('lat' in loc) return;
    const text = 'postcode' in loc ? loc.postcode : loc.district;
    if (!geo.resolvePostcode(text)) {
      problems.push({ path: [...path, 'postcode' in loc ? 'postcode' : 'district'], code: 'unknown_postcode', message: `${FN}: unknown postcode ${quote(text)}` });
    }
  };
  children.forEach((c, i) => {
    check(c.homeLocation, ['baseline', 'children', i, 'homeLocation']);
    if (c.school) check(c.school.location, ['baseline', 'children', i, 'school', 'location']);
    if (!geo.authority(c.placingAuthority)) {
      problems.push({ path: ['baseline', 'children', i, 'placingAuthority'], code: 'unknown_authority', message: `${FN}: unknown authority ${quote(c.placingAuthority)}` });
    }
  });
  homes.forEach((h, i) => check(h.location, ['baseline', 'homes', i, 'location']));
  return problems;
}

/** Problems with what each change refers to in the baseline market. */
function referenceProblems(changes: readonly Change[], homes: readonly Home[], geo: Geography): Problem[] {
  const problems: Problem[] = [];
  const providers = new Set(homes.map((h) => h.providerId));
  const ids = new Set(homes.map((h) => h.id));
  const lookup = marketLookup(geo);
  let market: Home[] = [...homes];
  changes.forEach((c, i) => {
    if (c.kind === 'open_homes') {
      if (c.ageRange && c.ageRange.min > c.ageRange.max) {
        problems.push({ path: ['changes', i, 'ageRange'], code: 'invalid_value', message: `${FN}: ageRange.min ${c.ageRange.min} exceeds ageRange.max ${c.ageRange.max}` });
      }
      return;
    }
    if (c.kind === 'cost_uplift') return;
    if (c.providerId !== undefined && !providers.has(c.providerId)) {
      problems.push({ path: ['changes', i, 'providerId'], code: 'unknown_provider', message: `${FN}: unknown provider ${quote(c.providerId)} (no home in the baseline has it)` });
    }
    c.homeIds?.forEach((id, j) => {
      if (!ids.has(id)) problems.push({ path: ['changes', i, 'homeIds', j], code: 'unknown_home', message: `${FN}: unknown home ${quote(id)}` });
    });
    const picked = selectHomes(market, c, lookup.districtOf, lookup.authorityOf, c.kind === 'end_block_contract' ? (h) => h.contract === 'block' : undefined);
    if (picked.length === 0 && problems.every((p) => p.path[1] !== i)) {
      problems.push({
        path: ['changes', i],
        code: 'no_match',
        message: `${FN}: change ${i} (${c.kind}) selects no home${c.kind === 'end_block_contract' ? ' on a block contract' : ''} in the market`,
      });
    }
    if (c.kind === 'remove_homes' || (c.kind === 'end_block_contract' && c.then === 'close')) {
      const gone = new Set(picked.map((h) => h.id));
      market = market.filter((h) => !gone.has(h.id));
    }
  });
  return problems;
}

/**
 * How to read a home's district and authority from the geography.
 *
 * @example
 * marketLookup(geo).districtOf(home); // "CV2"
 */
export function marketLookup(geo: Geography): { districtOf(h: Home): string | undefined; authorityOf(h: Home): string | undefined } {
  const resolve = (h: Home) => {
    const loc = h.location;
    if ('lat' in loc) return { district: geo.nearestDistrict(loc), authority: geo.authorityAt(loc) };
    const r = geo.resolvePostcode('postcode' in loc ? loc.postcode : loc.district);
    return { district: r?.district, authority: r?.centroidLaCode ?? r?.laCode };
  };
  return {
    districtOf: (h) => resolve(h).district,
    authorityOf: (h) => h.authority ?? resolve(h).authority,
  };
}

/**
 * Drop sibling-group ids carried by one child only (their siblings are not in the cohort).
 *
 * @example
 * soloSiblingIdsDropped([{ ...a, siblingGroupId: 'SG1' }])[0].siblingGroupId; // undefined
 */
export function soloSiblingIdsDropped(children: readonly Child[]): Child[] {
  const count = new Map<string, number>();
  for (const c of children) if (c.siblingGroupId) count.set(c.siblingGroupId, (count.get(c.siblingGroupId) ?? 0) + 1);
  return children.map((c) => {
    if (!c.siblingGroupId || (count.get(c.siblingGroupId) ?? 0) > 1) return c;
    const { siblingGroupId: _solo, ...rest } = c;
    return rest;
  });
}

function withPrefix(problems: readonly Problem[], prefix: readonly (string | number)[]): Problem[] {
  return problems.map((p) => ({ ...p, path: [...prefix, ...p.path] }));
}

/**
 * Validate and prepare a scenario. Throws one ValidationError listing every problem (path into the scenario
 * JSON, message naming the function and quoting the bad value) before any model runs.
 *
 * @example
 * const prepared = prepareScenario(JSON.parse(text), { geo: defaultGeography() });
 * prepared.cohort.length; // children the models place
 */
export function prepareScenario(input: unknown, deps: PrepareDeps): PreparedScenario {
  const problems: Problem[] = [];
  const parsed = ScenarioSchema.safeParse(input);
  if (!parsed.success) problems.push(...zodProblems(parsed.error));
  problems.push(...geographyProblems(input, deps.geo));
  if (!parsed.success) throw new ValidationError(`${FN}: ${problems.length} problem(s) in the scenario`, dedupe(problems));
  const scenario = parsed.data;
  const asOf = scenario.settings.asOf;

  let children: Child[] = [];
  let homes: Home[] = [];
  let otherPlacements: OtherPlacement[] = [];
  if (scenario.baseline.kind === 'demo') {
    const b = scenario.baseline;
    if (problems.length === 0) {
      try {
        const demo = (deps.generateDemo ?? generateDemo)({
          seed: b.seed,
          authorities: b.authorities ?? [...WEST_MIDLANDS_CODES],
          children: b.children,
          asOf,
        });
        children = demo.children;
        homes = demo.homes;
        otherPlacements = [...demo.meta.otherPlacements];
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        problems.push(...withPrefix(e.problems, ['baseline']));
      }
    }
  } else {
    children = scenario.baseline.children;
    homes = scenario.baseline.homes;
    problems.push(...explicitLocationProblems(children, homes, deps.geo));
    problems.push(...withPrefix(checkCohort({ children, homes, asOf }), ['baseline']));
  }
  if (problems.length === 0) problems.push(...referenceProblems(scenario.changes, homes, deps.geo));
  if (problems.length) throw new ValidationError(`${FN}: ${problems.length} problem(s) in the scenario`, dedupe(problems));

  const others = new Set(otherPlacements.map((o) => o.childId));
  const cohort = soloSiblingIdsDropped(children.filter((c) => !others.has(c.id)));
  const market = applyChanges(homes, cohort, scenario.changes, marketLookup(deps.geo));
  const affects = scenario.settings.upliftAffectsMatching;
  const scenarioHomes = affects
    ? market.homes.map((h) => {
        const f = market.priceFactor.get(h.id);
        return f === undefined ? h : { ...h, annualCost: Math.min(5_000_000, h.annualCost * f) };
      })
    : market.homes;
  // When the engine already sees uplifted prices, spend must not apply them twice.
  const priceFactor = affects ? [] : [...market.priceFactor.entries()];
  const closedHomes = homes.filter((h) => market.closedHomeIds.has(h.id));
  const dynamics = resolveDynamics(scenario.settings.dynamics);
  return {
    scenario,
    asOf,
    policy: resolvePolicy(scenario.settings.policy),
    dynamics,
    cohort,
    allChildren: children,
    otherPlacements,
    baselineHomes: homes,
    scenarioHomes,
    closedHomes,
    priceFactor,
    displacedChildIds: market.displacedChildIds,
    effects: market.effects,
    authorities: [...new Set(cohort.map((c) => c.placingAuthority))].sort(),
    baselineKind: scenario.baseline.kind,
    urgencyRuns: Math.min(scenario.settings.runs, scenario.settings.urgencyRuns ?? Math.min(10, Math.max(1, Math.round(5_000 / Math.max(1, cohort.length))))),
    uplifts: scenario.changes.filter((c): c is CostUplift => c.kind === 'cost_uplift'),
    childrenPerYear: dynamics.arrivalsPerYear ?? steadyArrivalsPerYear(cohort, homes, asOf, scenario.settings.horizonDays, dynamics),
  };
}

function dedupe(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.path.join('.')}|${p.code}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
