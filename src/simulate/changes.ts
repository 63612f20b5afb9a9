import type { Child, Home, HomeType, NeedsProfile } from '../domain/index.js';
import { settingOf } from '../domain/index.js';
import { defaultAnnualCost, defaultContract, spotCostFor } from './costs.js';
import type { Change, CostUplift, EndBlockContract, OpenHomes, RemoveHomes } from './scenario.js';

/**
 * Apply a scenario's changes to the baseline market, in order. Pure: returns new arrays, never mutates.
 * Every change reports what it did (homes and beds affected, the provider chosen), so the report can show it.
 */

/** Plain names of the home types, for sentences. */
export const HOME_TYPE_LABEL: Readonly<Record<HomeType, string>> = {
  connected_person_foster: 'connected-person (kinship) foster home',
  council_foster: 'council foster home',
  ifa_foster: 'independent fostering agency home',
  council_childrens_home: "council children's home",
  external_childrens_home: "external children's home",
  supported_shared: 'supported shared house',
  supported_single: 'supported single flat',
  supported_lodgings: 'supported lodgings',
  supported_247: '24/7 staffed supported accommodation',
  residential_special_school: 'residential special school',
  secure: 'secure children\'s home',
};

/** What one change did. */
export interface ChangeEffect {
  readonly index: number;
  readonly kind: Change['kind'];
  readonly label: string;
  readonly homes: number;
  readonly beds: number;
  readonly homeIds: readonly string[];
  readonly providerIds: readonly string[];
  /** One plain sentence. */
  readonly sentence: string;
}

/** The market after the changes. */
export interface AppliedMarket {
  readonly homes: readonly Home[];
  /** Price multiplier per home id from cost uplifts (absent = 1). */
  readonly priceFactor: ReadonlyMap<string, number>;
  /** Homes that left the market (removed, or closed when a block contract ended). */
  readonly closedHomeIds: ReadonlySet<string>;
  readonly openedHomeIds: ReadonlySet<string>;
  /** Children whose current home closed: they must be re-placed. */
  readonly displacedChildIds: readonly string[];
  readonly effects: readonly ChangeEffect[];
}

/**
 * The capability a newly opened home of a type has when the scenario names none (ASSUMPTION, README.md).
 *
 * @example
 * defaultCapability('council_childrens_home').behaviour; // 3
 */
export function defaultCapability(type: HomeType): NeedsProfile {
  const all = (level: number): NeedsProfile => ({
    emotional_wellbeing: level,
    behaviour: level,
    risk_outside_home: level,
    self_harm: level,
    learning: level,
    health_disability: level,
    communication_neurodiversity: level,
    family_relationships: level,
    identity_culture: level,
    independence: level,
  });
  switch (settingOf(type)) {
    case 'fostering':
      return { ...all(2), family_relationships: 3 };
    case 'supported':
      return { ...all(2), independence: 3, health_disability: 1 };
    default:
      return { ...all(3), health_disability: 2 };
  }
}

function openHomes(c: OpenHomes, index: number, existing: ReadonlySet<string>): Home[] {
  const setting = settingOf(c.type);
  const contract = c.contract ?? defaultContract(c.type);
  const providerId = c.providerId ?? `P-SCN${index + 1}`;
  const out: Home[] = [];
  for (let k = 0; k < c.count; k++) {
    let id = `H-SCN${index + 1}-${k + 1}`;
    for (let n = 2; existing.has(id); n++) id = `H-SCN${index + 1}-${k + 1}-${n}`;
    const district = (c.districts[k % c.districts.length] as string).replace(/\s+/g, '').toUpperCase();
    out.push({
      id,
      providerId,
      type: c.type,
      location: { district },
      registration: 'registered',
      ofsted: c.ofsted,
      places: c.places,
      freePlaces: c.places,
      ageRange: c.ageRange ?? (setting === 'supported' ? { min: 16, max: 17 } : setting === 'residential' ? { min: 8, max: 17 } : { min: 0, max: 17 }),
      sexesAccepted: c.sexesAccepted ?? ['female', 'male'],
      capability: c.capability ?? defaultCapability(c.type),
      adaptations: c.adaptations,
      emergency: c.emergency,
      maxSiblingGroup: c.maxSiblingGroup ?? (setting === 'fostering' ? Math.min(c.places, 12) : 1),
      residents: [],
      annualCost: c.annualCost ?? defaultAnnualCost(c.type, contract),
      contract,
      languages: [],
      religion: [],
      culture: [],
    });
  }
  return out;
}

/**
 * The homes a selector picks, in a deterministic order (provider id, then home id). `restrict` narrows the
 * pool first (e.g. block homes only). With `wholeProvider`, the one provider whose matching beds are nearest
 * `beds`; otherwise homes in order until `beds` beds are reached.
 *
 * @example
 * selectHomes(homes, { where: { contracts: ['spot'] }, beds: 22, wholeProvider: true });
 */
export function selectHomes(
  homes: readonly Home[],
  sel: Pick<RemoveHomes, 'providerId' | 'homeIds' | 'where' | 'beds' | 'wholeProvider'>,
  districtOf: (h: Home) => string | undefined,
  authorityOf: (h: Home) => string | undefined,
  restrict: (h: Home) => boolean = () => true,
): Home[] {
  const ids = sel.homeIds ? new Set(sel.homeIds) : undefined;
  const districts = sel.where?.districts ? new Set(sel.where.districts.map((d) => d.replace(/\s+/g, '').toUpperCase())) : undefined;
  const pool = homes
    .filter(
      (h) =>
        restrict(h) &&
        (sel.providerId === undefined || h.providerId === sel.providerId) &&
        (ids === undefined || ids.has(h.id)) &&
        (sel.where?.types === undefined || sel.where.types.includes(h.type)) &&
        (sel.where?.contracts === undefined || sel.where.contracts.includes(h.contract)) &&
        (sel.where?.authority === undefined || authorityOf(h) === sel.where.authority) &&
        (districts === undefined || districts.has(districtOf(h) ?? '')),
    )
    .sort((a, b) => (a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (sel.beds === undefined) return pool;
  if (sel.wholeProvider) {
    const beds = new Map<string, number>();
    for (const h of pool) beds.set(h.providerId, (beds.get(h.providerId) ?? 0) + h.places);
    let best: string | undefined;
    let bestGap = Infinity;
    for (const [p, b] of beds) {
      const gap = Math.abs(b - sel.beds);
      if (gap < bestGap) {
        bestGap = gap;
        best = p;
      }
    }
    return pool.filter((h) => h.providerId === best);
  }
  const out: Home[] = [];
  let beds = 0;
  for (const h of pool) {
    if (beds >= sel.beds) break;
    out.push(h);
    beds += h.places;
  }
  return out;
}

const bedsOf = (hs: readonly Home[]): number => hs.reduce((s, h) => s + h.places, 0);
const providersOf = (hs: readonly Home[]): string[] => [...new Set(hs.map((h) => h.providerId))].sort();

/**
 * The price factor of a home under a list of cost uplifts (compounding those that apply to its type and contract).
 *
 * @example
 * upliftFactor([{ kind: 'cost_uplift', percent: 6 }], home); // 1.06
 */
export function upliftFactor(uplifts: readonly CostUplift[], h: Pick<Home, 'type' | 'contract'>): number {
  let f = 1;
  for (const u of uplifts) if (upliftApplies(u, h)) f *= 1 + u.percent / 100;
  return f;
}

function upliftApplies(c: CostUplift, h: Pick<Home, 'type' | 'contract'>): boolean {
  return (c.types === undefined || c.types.includes(h.type)) && (c.contracts === undefined || c.contracts.includes(h.contract));
}

/** How to read a home's district and authority (from the geography), for selectors. */
export interface MarketLookup {
  districtOf(h: Home): string | undefined;
  authorityOf(h: Home): string | undefined;
}

/**
 * Apply the changes to the baseline homes. Cost uplifts apply to every matching home of the final market
 * (whatever their position in the list), compounding when several apply.
 *
 * @example
 * const market = applyChanges(homes, children, scenario.changes, lookup);
 * market.displacedChildIds; // children whose home left the market
 */
export function applyChanges(baseline: readonly Home[], children: readonly Child[], changes: readonly Change[], lookup: MarketLookup): AppliedMarket {
  let homes: Home[] = [...baseline];
  const closed = new Set<string>();
  const opened = new Set<string>();
  const effects: ChangeEffect[] = [];
  const uplifts: { c: CostUplift; index: number }[] = [];
  changes.forEach((c, index) => {
    const label = c.label ?? defaultLabel(c);
    switch (c.kind) {
      case 'open_homes': {
        const added = openHomes(c, index, new Set(homes.map((h) => h.id)));
        homes = [...homes, ...added];
        for (const h of added) opened.add(h.id);
        effects.push({
          index,
          kind: c.kind,
          label,
          homes: added.length,
          beds: bedsOf(added),
          homeIds: added.map((h) => h.id),
          providerIds: providersOf(added),
          sentence: `Opens ${added.length} × ${HOME_TYPE_LABEL[c.type]}, ${bedsOf(added)} place(s) in all, in ${c.districts.join(', ')} (${contractLabel(added)}).`,
        });
        break;
      }
      case 'remove_homes': {
        const gone = selectHomes(homes, c, lookup.districtOf, lookup.authorityOf);
        const ids = new Set(gone.map((h) => h.id));
        homes = homes.filter((h) => !ids.has(h.id));
        for (const id of ids) closed.add(id);
        effects.push({
          index,
          kind: c.kind,
          label,
          homes: gone.length,
          beds: bedsOf(gone),
          homeIds: gone.map((h) => h.id),
          providerIds: providersOf(gone),
          sentence: `Removes ${gone.length} home(s) with ${bedsOf(gone)} place(s) (provider ${providersOf(gone).join(', ') || 'none'}).`,
        });
        break;
      }
      case 'end_block_contract': {
        const hit = selectHomes(homes, c, lookup.districtOf, lookup.authorityOf, (h) => h.contract === 'block');
        const ids = new Set(hit.map((h) => h.id));
        if (c.then === 'close') {
          homes = homes.filter((h) => !ids.has(h.id));
          for (const id of ids) closed.add(id);
        } else {
          homes = homes.map((h) => (ids.has(h.id) ? endBlock(h, c) : h));
        }
        effects.push({
          index,
          kind: c.kind,
          label,
          homes: hit.length,
          beds: bedsOf(hit),
          homeIds: hit.map((h) => h.id),
          providerIds: providersOf(hit),
          sentence:
            c.then === 'close'
              ? `Ends the block contract on ${bedsOf(hit)} bed(s) in ${hit.length} home(s); they close.`
              : `Ends the block contract on ${bedsOf(hit)} bed(s) in ${hit.length} home(s); they stay open at spot prices.`,
        });
        break;
      }
      case 'cost_uplift':
        uplifts.push({ c, index });
        break;
    }
  });
  const priceFactor = new Map<string, number>();
  for (const { c, index } of uplifts) {
    const hit = homes.filter((h) => upliftApplies(c, h));
    for (const h of hit) priceFactor.set(h.id, (priceFactor.get(h.id) ?? 1) * (1 + c.percent / 100));
    effects.push({
      index,
      kind: c.kind,
      label: c.label ?? defaultLabel(c),
      homes: hit.length,
      beds: bedsOf(hit),
      homeIds: [],
      providerIds: [],
      sentence: `Raises unit costs by ${c.percent} % for ${hit.length} home(s)${c.types ? ` of type ${c.types.join(', ')}` : ''}${c.contracts ? ` on ${c.contracts.join(', ')} contracts` : ''}.`,
    });
  }
  effects.sort((a, b) => a.index - b.index);
  const displacedChildIds = children.filter((ch) => ch.currentPlacement && closed.has(ch.currentPlacement.homeId)).map((ch) => ch.id);
  return { homes, priceFactor, closedHomeIds: closed, openedHomeIds: opened, displacedChildIds, effects };
}

function contractLabel(hs: readonly Home[]): string {
  const h = hs[0];
  return h ? `${h.contract.replace(/_/g, ' ')}, £${Math.round(h.annualCost).toLocaleString('en-GB')} a year per placement` : 'none';
}

function endBlock(h: Home, c: EndBlockContract): Home {
  return { ...h, contract: 'spot', annualCost: c.spotAnnualCost ?? Math.max(h.annualCost, spotCostFor(h.type)) };
}

function defaultLabel(c: Change): string {
  switch (c.kind) {
    case 'open_homes':
      return `open ${c.count} × ${c.places}-place ${HOME_TYPE_LABEL[c.type]}`;
    case 'remove_homes':
      return c.providerId ? `provider ${c.providerId} leaves` : 'homes leave the market';
    case 'end_block_contract':
      return `block contract ends (${c.then})`;
    case 'cost_uplift':
      return `unit costs ${c.percent >= 0 ? '+' : ''}${c.percent} %`;
  }
}
