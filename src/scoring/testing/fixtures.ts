import type { Geography } from '../../../geo/types.js';
import { DEFAULT_NEED_DOMAINS, DEFAULT_POLICY, settingOf, type Policy, type RuleOverride } from '../../domain/index.js';
import { buildColumns } from '../columns.js';
import type { ResolvedChild, ResolvedHome, ResolvedSubject, ScoringContext, ScoringRegistry } from '../types.js';
import { COVENTRY, fakeGeography } from './fake-geo.js';

/**
 * Builders of resolved children, homes and scoring contexts for unit tests (no postcode resolution: districts
 * are looked up in the fake geography).
 *
 * @example
 * const c = ctxOf(subjectOf(childOf({ age: 15 })), homeOf({ district: 'CV34' }));
 */
export function needsVector(profile: Record<string, number>, domains: readonly string[] = DEFAULT_NEED_DOMAINS): Float64Array {
  const v = new Float64Array(domains.length);
  domains.forEach((d, i) => {
    v[i] = profile[d] ?? 0;
  });
  return v;
}

function at(district: string, geo: Geography = fakeGeography()): { lat: number; lon: number; authority: string | undefined } {
  const p = geo.resolvePostcode(district);
  if (!p) throw new Error(`fixtures: unknown district "${district}"`);
  return { lat: p.lat, lon: p.lon, authority: p.laCode };
}

export type ChildOverrides = Partial<Omit<ResolvedChild, 'needs'>> & { district?: string; needs?: Record<string, number> | Float64Array; schoolDistrict?: string };

export function childOf(o: ChildOverrides = {}): ResolvedChild {
  const district = o.district ?? 'CV1';
  const p = at(district);
  const needs = o.needs instanceof Float64Array ? o.needs : needsVector(o.needs ?? {});
  const school = o.schoolDistrict ? (({ lat, lon }) => ({ lat, lon }))(at(o.schoolDistrict)) : (o.school ?? null);
  const { needs: _n, schoolDistrict: _s, ...rest } = o;
  return {
    id: 'C-1',
    location: { lat: p.lat, lon: p.lon },
    district,
    authority: p.authority,
    placingAuthority: COVENTRY,
    age: 10,
    sex: 'female',
    schoolYear: 5,
    keyStage: 2,
    disabilityRequirements: [],
    riskFlags: [],
    connected: new Map(),
    religion: undefined,
    languages: [],
    ethnicity: undefined,
    preferredAreas: [],
    avoidDistricts: [],
    avoidPolygons: [],
    urgency: 'planned',
    carePlanSetting: 'any',
    currentHomeId: undefined,
    ...rest,
    school,
    needs,
  };
}

export function subjectOf(children: ResolvedChild | readonly ResolvedChild[], o: Partial<ResolvedSubject> = {}): ResolvedSubject {
  const list = Array.isArray(children) ? (children as readonly ResolvedChild[]) : [children as ResolvedChild];
  const first = list[0] as ResolvedChild;
  const order = ['planned', 'within_5_days', 'same_day'] as const;
  const urgency = list.reduce((u, c) => (order.indexOf(c.urgency) > order.indexOf(u) ? c.urgency : u), 'planned' as (typeof order)[number]);
  return {
    kind: list.length > 1 ? 'siblingGroup' : 'child',
    id: list.length > 1 ? 'G-1' : first.id,
    children: list,
    groupSize: list.length,
    placingAuthority: first.placingAuthority,
    urgency,
    domains: DEFAULT_NEED_DOMAINS,
    asOf: '2026-11-22',
    ...o,
  };
}

export type HomeOverrides = Partial<Omit<ResolvedHome, 'point'>> & { district?: string };

export function homeOf(o: HomeOverrides = {}): ResolvedHome {
  const district = o.district ?? 'CV2';
  const p = at(district);
  const type = o.type ?? 'council_foster';
  return {
    index: 0,
    id: 'H-1',
    providerId: 'P-1',
    type,
    location: { district },
    registration: 'registered',
    ofsted: 'good',
    places: 2,
    freePlaces: 1,
    ageRange: { min: 0, max: 17 },
    sexesAccepted: ['female', 'male'],
    capability: {},
    adaptations: [],
    emergency: false,
    maxSiblingGroup: 1,
    residents: [],
    household: undefined,
    annualCost: 23993,
    contract: 'council_run',
    languages: [],
    religion: [],
    culture: [],
    point: { lat: p.lat, lon: p.lon },
    district,
    authority: p.authority,
    setting: settingOf(type),
    ...o,
  };
}

export function ctxOf(
  subject: ResolvedSubject,
  home: ResolvedHome,
  o: { policy?: Policy; overrides?: RuleOverride[]; geo?: Geography } = {},
): ScoringContext {
  return { subject, home, policy: o.policy ?? DEFAULT_POLICY, overrides: o.overrides ?? [], geo: o.geo ?? fakeGeography() };
}

/**
 * A ScoringRegistry over resolved homes (no postcode resolution; `homes[i].index` must be i).
 *
 * @example
 * const reg = registryOf([homeOf({ id: 'H-1' })]);
 */
export function registryOf(homes: readonly ResolvedHome[]): ScoringRegistry {
  const { columns, tables } = buildColumns(homes);
  const ids = new Map(homes.map((h) => [h.id, h.index]));
  return {
    homes,
    columns,
    tables,
    tableIndex: {
      domains: new Map(tables.domains.map((v, i) => [v, i])),
      authorities: new Map(tables.authorities.map((v, i) => [v, i])),
      districts: new Map(tables.districts.map((v, i) => [v, i])),
      strings: new Map(tables.strings.map((v, i) => [v, i])),
    },
    indexOf: (id) => ids.get(id) ?? -1,
  };
}
