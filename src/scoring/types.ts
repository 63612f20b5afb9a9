import type { Geography, LatLon } from '../../geo/types.js';
import type {
  Adaptation,
  CarePlanSetting,
  FactorResult,
  HardRuleId,
  Home,
  Policy,
  RiskFlag,
  RuleOverride,
  RuleResult,
  Setting,
  Sex,
  SoftFactorId,
  Urgency,
} from '../domain/index.js';

/** A GeoJSON polygon a child must avoid (WGS84 lon/lat). */
export type AvoidPolygon = GeoJSON.Polygon | GeoJSON.MultiPolygon;

/**
 * One child after resolution: coordinates instead of postcodes, derived age and key stage, and the needs
 * profile as a vector over the policy's domains (`policy.domains`, in that order).
 */
export interface ResolvedChild {
  readonly id: string;
  /** Where the child lives (the family home): district centroid or the given coordinates. */
  readonly location: LatLon;
  readonly district: string | undefined;
  /** Authority containing `location` (point-in-polygon). */
  readonly authority: string | undefined;
  /** The council that looks after the child (ONS code). */
  readonly placingAuthority: string;
  readonly age: number;
  readonly sex: Sex;
  /** English school year (Reception 0 ... Year 13); negative below Reception. */
  readonly schoolYear: number;
  /** 0 (early years) to 5; 4 = years 10-11 (reg 10 applies). */
  readonly keyStage: number;
  /** The child's school, when recorded. */
  readonly school: LatLon | null;
  /** Need level 0-4 per policy domain (same order as `policy.domains`). */
  readonly needs: Float64Array;
  readonly disabilityRequirements: readonly Adaptation[];
  readonly riskFlags: readonly RiskFlag[];
  /** Connected-person homes: home id to relationship. */
  readonly connected: ReadonlyMap<string, string>;
  /** Lower-cased, trimmed. */
  readonly religion: string | undefined;
  readonly languages: readonly string[];
  readonly ethnicity: string | undefined;
  /** Upper-cased postcode districts or authority codes. */
  readonly preferredAreas: readonly string[];
  /** Upper-cased postcode districts. */
  readonly avoidDistricts: readonly string[];
  readonly avoidPolygons: readonly AvoidPolygon[];
  readonly urgency: Urgency;
  readonly carePlanSetting: CarePlanSetting;
  readonly currentHomeId: string | undefined;
}

/**
 * What is being placed: one child, or a sibling group to be placed together in one home.
 * Group-level fields aggregate over `children` (placed together: every child must fit).
 */
export interface ResolvedSubject {
  readonly kind: 'child' | 'siblingGroup';
  readonly id: string;
  /** The children placed together in one home (a single child: length 1). */
  readonly children: readonly ResolvedChild[];
  /**
   * Size of the whole sibling group the children belong to (>= children.length). The siblings factor scores
   * `(children.length - 1) / (groupSize - 1)`: 1 when the whole group is together, 0 for a child alone.
   */
  readonly groupSize: number;
  readonly placingAuthority: string;
  /** The most urgent of the children's urgencies. */
  readonly urgency: Urgency;
  /** Domain ids the needs vectors are over (the policy's). */
  readonly domains: readonly string[];
  /** The date ages and school years were taken on (ISO). */
  readonly asOf: string;
}

/**
 * A home after resolution: the input record plus its coordinates, district and the authority whose real
 * boundary contains it; `index` is its position in the registry (and in the column arrays).
 */
export interface ResolvedHome extends Omit<Home, 'authority'> {
  readonly index: number;
  readonly point: LatLon;
  readonly district: string | undefined;
  /** Derived from the boundary the location falls in; undefined outside England. */
  readonly authority: string | undefined;
  readonly setting: Setting;
}

/**
 * Everything one rule or factor needs to judge one (subject, home) pair.
 *
 * @example
 * const ctx: ScoringContext = { subject, home, policy: DEFAULT_POLICY, overrides: [], geo };
 * distanceFactor.evaluate(ctx).impact;
 */
export interface ScoringContext {
  readonly subject: ResolvedSubject;
  readonly home: ResolvedHome;
  readonly policy: Policy;
  readonly overrides: readonly RuleOverride[];
  readonly geo: Geography;
}

/**
 * A hard rule: pass/fail with its facts. A failed rule makes the home ineligible unless `overridable`
 * and the request records an override for it.
 */
export interface RuleModule {
  readonly id: HardRuleId;
  readonly level: 'hard';
  readonly description: string;
  readonly overridable: boolean;
  evaluate(ctx: ScoringContext): RuleResult;
  /**
   * The verdict alone, without facts or sentence: exactly `evaluate(ctx).passed` (property-tested in
   * `rules/passes.test.ts`), for callers that judge many homes (the simulation's engine).
   */
  passes(ctx: ScoringContext): boolean;
  /**
   * When this rule is the only one broken: the one change that would make the home eligible, as a phrase
   * completing "would be eligible ..." (e.g. "with 1 more free place"), or null when no legitimate change exists.
   */
  counterfactual(ctx: ScoringContext, result: RuleResult): string | null;
}

/** A soft factor: score 0..1, impact = weight x score, with facts and one plain sentence. */
export interface FactorModule {
  readonly id: SoftFactorId;
  readonly level: 'soft';
  readonly description: string;
  evaluate(ctx: ScoringContext): FactorResult;
  /**
   * The impact alone, without facts or sentence: exactly `evaluate(ctx).impact`, to the last bit
   * (property-tested in `factors/impacts.test.ts`), for callers that judge many homes.
   */
  impact(ctx: ScoringContext): number;
}

/**
 * The homes as the fast path sees them: resolved records (for explanations), typed-array columns (for
 * scoring) and the string tables the columns index into. Built by `buildRegistry` in src/match/registry.ts.
 */
export interface ScoringRegistry {
  readonly homes: readonly ResolvedHome[];
  readonly columns: import('./columns.js').HomeColumns;
  readonly tables: import('./columns.js').HomeTables;
  /** Table lookups: value to index. */
  readonly tableIndex: {
    readonly domains: ReadonlyMap<string, number>;
    readonly authorities: ReadonlyMap<string, number>;
    readonly districts: ReadonlyMap<string, number>;
    readonly strings: ReadonlyMap<string, number>;
  };
  /** Position of a home id, -1 when absent. */
  indexOf(homeId: string): number;
}
