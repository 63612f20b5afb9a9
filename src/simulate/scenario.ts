import { z } from 'zod';
import {
  AdaptationSchema,
  AuthorityCodeSchema,
  ChildSchema,
  ContractSchema,
  HomeSchema,
  HomeTypeSchema,
  IdSchema,
  IsoDateSchema,
  NeedsProfileSchema,
  OfstedRatingSchema,
  PolicyOverrideSchema,
  SexSchema,
} from '../domain/index.js';
import { DynamicsOverrideSchema } from './dynamics.js';

/**
 * A commissioner's scenario: a baseline (demo data or an explicit cohort and homes), a list of changes, and
 * run settings. Parsed with zod at the edge (CLI file, POST /v1/scenarios); `prepareScenario` then checks every
 * reference (postcode districts, authorities, providers, homes) and reports every problem with its path.
 */

const intMin = (min: number, field: string) =>
  z.number({ error: (iss) => `${field} must be a number, got ${JSON.stringify(iss.input)}` })
    .int({ error: (iss) => `${field} must be a whole number, got ${JSON.stringify(iss.input)}` })
    .min(min, { error: (iss) => `${field} must be at least ${min}, got ${JSON.stringify(iss.input)}` });

/** Postcode district text (checked against the geography by prepareScenario). */
const DistrictText = z.string().min(2).max(8);

/** Which homes a change applies to: by provider, by id, or by attributes (all given filters must hold). */
export const HomeSelectorSchema = z.strictObject({
  providerId: IdSchema.optional(),
  homeIds: z.array(IdSchema).min(1).max(10_000).optional(),
  where: z
    .strictObject({
      types: z.array(HomeTypeSchema).min(1).optional(),
      contracts: z.array(ContractSchema).min(1).optional(),
      authority: AuthorityCodeSchema.optional(),
      districts: z.array(DistrictText).min(1).optional(),
    })
    .optional(),
  /**
   * Stop after this many beds (places). With `wholeProvider`, instead pick the one provider whose matching beds
   * are nearest this number ("a spot provider with 22 beds"), ties broken by provider id.
   */
  beds: intMin(1, 'beds').max(100_000).optional(),
  wholeProvider: z.boolean().default(false),
});

const selectorRefine = (s: { providerId?: unknown; homeIds?: unknown; where?: unknown }, ctx: z.RefinementCtx) => {
  if (s.providerId === undefined && s.homeIds === undefined && s.where === undefined) {
    ctx.addIssue({ code: 'custom', path: [], message: 'select homes with at least one of "providerId", "homeIds" or "where"' });
  }
};

/**
 * Open new homes: `count` homes of `places` places each, spread round-robin over `districts`.
 *
 * @example
 * // A 3-place council children's home for children with complex needs in CV2
 * { kind: 'open_homes', type: 'council_childrens_home', places: 3, districts: ['CV2'], capability: { behaviour: 4, emotional_wellbeing: 4 } }
 */
export const OpenHomesSchema = z.strictObject({
  kind: z.literal('open_homes'),
  label: z.string().max(200).optional(),
  type: HomeTypeSchema,
  count: intMin(1, 'count').max(5_000).default(1),
  places: intMin(1, 'places').max(200),
  districts: z.array(DistrictText).min(1).max(500),
  /** Needs the home can meet (0-4 by domain); default: the usual capability of the type. */
  capability: NeedsProfileSchema.optional(),
  annualCost: z.number().min(0, { error: (iss) => `annualCost must not be negative, got ${JSON.stringify(iss.input)}` }).max(5_000_000).optional(),
  contract: ContractSchema.optional(),
  emergency: z.boolean().default(false),
  /** Largest sibling group taken together; default: all places for fostering, 1 otherwise. */
  maxSiblingGroup: intMin(1, 'maxSiblingGroup').max(12).optional(),
  adaptations: z.array(AdaptationSchema).default([]),
  ageRange: z.strictObject({ min: z.number().int().min(0).max(25), max: z.number().int().min(0).max(25) }).optional(),
  sexesAccepted: z.array(SexSchema).min(1).optional(),
  providerId: IdSchema.optional(),
  ofsted: OfstedRatingSchema.default('not_yet_inspected'),
});
export type OpenHomes = z.infer<typeof OpenHomesSchema>;

/**
 * Remove homes (a provider leaves the market, homes close). Children living there must be re-placed.
 *
 * @example
 * // A spot provider with 22 beds leaves the market
 * { kind: 'remove_homes', where: { contracts: ['spot'] }, beds: 22, wholeProvider: true }
 */
export const RemoveHomesSchema = HomeSelectorSchema.extend({
  kind: z.literal('remove_homes'),
  label: z.string().max(200).optional(),
}).superRefine(selectorRefine);
export type RemoveHomes = z.infer<typeof RemoveHomesSchema>;

/**
 * End a block contract: the selected block beds become spot-priced (`then: 'spot'`) or close (`then: 'close'`).
 *
 * @example
 * // A block contract for 4 beds ends; the beds stay open at spot prices
 * { kind: 'end_block_contract', where: { types: ['external_childrens_home'] }, beds: 4, then: 'spot' }
 */
export const EndBlockContractSchema = HomeSelectorSchema.extend({
  kind: z.literal('end_block_contract'),
  label: z.string().max(200).optional(),
  then: z.enum(['spot', 'close']).default('spot'),
  /** Annual cost per placement once spot-priced; default: the type's spot average. */
  spotAnnualCost: z.number().min(0).max(5_000_000).optional(),
}).superRefine(selectorRefine);
export type EndBlockContract = z.infer<typeof EndBlockContractSchema>;

/**
 * Unit costs rise by `percent` (CPIH, National Living Wage), for the given types and contracts or all homes.
 *
 * @example
 * { kind: 'cost_uplift', percent: 6 }
 */
export const CostUpliftSchema = z.strictObject({
  kind: z.literal('cost_uplift'),
  label: z.string().max(200).optional(),
  percent: z
    .number({ error: (iss) => `percent must be a number, got ${JSON.stringify(iss.input)}` })
    .min(-90, { error: (iss) => `percent must be at least -90, got ${JSON.stringify(iss.input)}` })
    .max(500),
  types: z.array(HomeTypeSchema).min(1).optional(),
  contracts: z.array(ContractSchema).min(1).optional(),
});
export type CostUplift = z.infer<typeof CostUpliftSchema>;

/**
 * One change to the market.
 *
 * @example
 * ChangeSchema.parse({ kind: 'cost_uplift', percent: 6 });
 */
export const ChangeSchema = z.discriminatedUnion('kind', [OpenHomesSchema, RemoveHomesSchema, EndBlockContractSchema, CostUpliftSchema]);
export type Change = z.infer<typeof ChangeSchema>;

/** Demo data from the generator (src/demo): a region's or some authorities' children and homes. */
export const DemoBaselineSchema = z.strictObject({
  kind: z.literal('demo'),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  /** Authorities to generate (ONS codes); default: all West Midlands authorities when `region` is set. */
  authorities: z.array(AuthorityCodeSchema).min(1).max(153).optional(),
  region: z.enum(['west_midlands']).optional(),
  /** Children in care to generate (the cohort size). */
  children: intMin(1, 'children').max(200_000),
}).superRefine((b, ctx) => {
  if (!b.authorities && !b.region) ctx.addIssue({ code: 'custom', path: ['authorities'], message: 'name "authorities" or a "region"' });
});

/** An explicit cohort and market. */
export const ExplicitBaselineSchema = z.strictObject({
  kind: z.literal('explicit'),
  children: z.array(ChildSchema).max(200_000),
  homes: z.array(HomeSchema).max(200_000),
});

/**
 * Where the scenario starts: demo data or an explicit cohort and market.
 *
 * @example
 * BaselineSchema.parse({ kind: 'demo', authorities: ['E08000026'], children: 700 });
 */
export const BaselineSchema = z.discriminatedUnion('kind', [DemoBaselineSchema, ExplicitBaselineSchema]);
export type Baseline = z.infer<typeof BaselineSchema>;

/**
 * Today's live market, resolved by the service (not by the simulation, which stays pure): every open home in
 * the service's registry, and the service's children in care if its store holds a cohort, otherwise a demo
 * cohort generated (with `seed` and `children`) for the named placing authorities and seated in the registry's
 * occupied places. `POST /v1/scenarios` turns it into an explicit baseline before the simulation runs, so the
 * homes a scenario removes, and the market a new home competes in, are the ones the page shows on its map.
 *
 * @example
 * RegistryBaselineSchema.parse({ kind: 'registry', authorities: ['E08000026'], seed: 1 });
 */
export const RegistryBaselineSchema = z.strictObject({
  kind: z.literal('registry'),
  /** Placing authorities whose children make up the cohort (ONS codes); default: all West Midlands authorities. */
  authorities: z.array(AuthorityCodeSchema).min(1).max(153).optional(),
  /** Seed of the demo cohort (used only when the store holds no cohort). */
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  /** Size of the demo cohort; default: each authority's published DfE total. */
  children: intMin(1, 'children').max(200_000).optional(),
});
export type RegistryBaseline = z.infer<typeof RegistryBaselineSchema>;

/**
 * Where a scenario submitted to the service starts: a demo or explicit baseline, or the service's live
 * registry (resolved by the service into an explicit baseline before the simulation sees it).
 *
 * @example
 * ServiceBaselineSchema.parse({ kind: 'registry', authorities: ['E08000026'] }).kind; // 'registry'
 */
export const ServiceBaselineSchema = z.discriminatedUnion('kind', [DemoBaselineSchema, ExplicitBaselineSchema, RegistryBaselineSchema]);
export type ServiceBaseline = z.infer<typeof ServiceBaselineSchema>;

/**
 * Run settings.
 *
 * @example
 * SimulationSettingsSchema.parse({ runs: 200, seed: 7 }).horizonDays; // 365
 */
export const SimulationSettingsSchema = z.strictObject({
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  /** Monte Carlo runs of the dynamic model. */
  runs: intMin(1, 'runs').max(10_000).default(100),
  horizonDays: intMin(1, 'horizonDays').max(1_095).default(365),
  /** Which models to run. */
  model: z.enum(['static', 'dynamic', 'both']).default('both'),
  /** Date the year starts (ages are taken on it); default 2026-04-01 (a financial year). */
  asOf: IsoDateSchema.default('2026-04-01'),
  /** Worker threads for the Monte Carlo runs; default: one per core, none for small runs; 0 = in-thread. */
  workers: z.number().int().min(0).max(64).optional(),
  policy: PolicyOverrideSchema.optional(),
  dynamics: DynamicsOverrideSchema.optional(),
  /** When true, an uplift changes the prices the match engine sees too (default: only spend). */
  upliftAffectsMatching: z.boolean().default(false),
  /** A fairness gap (difference between groups in a share) above this is highlighted. */
  fairnessGapThreshold: z.number().min(0).max(1).default(0.1),
  /** Smallest group size a fairness gap is reported for. */
  fairnessMinGroup: z.number().int().min(1).default(5),
  /**
   * Monte Carlo runs that also compute the re-match optimum of the year's entrants (the price of urgency).
   * Default: about 5,000 child-optimisations' worth (at least 1, at most 10): 7 for a 700-child authority,
   * 1 for a 10,000-child region.
   */
  urgencyRuns: z.number().int().min(0).max(10_000).optional(),
  /** Largest number of individually traced children listed in the report. */
  traceLimit: z.number().int().min(0).max(100_000).default(200),
});
export type SimulationSettings = z.infer<typeof SimulationSettingsSchema>;

/**
 * The scenario file.
 *
 * @example
 * ScenarioSchema.parse({
 *   name: 'CV2 complex-needs home',
 *   baseline: { kind: 'demo', authorities: ['E08000026'], children: 700, seed: 1 },
 *   changes: [{ kind: 'open_homes', type: 'council_childrens_home', places: 3, districts: ['CV2'] }],
 *   settings: { runs: 200 },
 * });
 */
export const ScenarioSchema = z.strictObject({
  name: z.string().min(1).max(200).default('scenario'),
  description: z.string().max(5_000).optional(),
  baseline: BaselineSchema,
  changes: z.array(ChangeSchema).max(500),
  settings: SimulationSettingsSchema.default(SimulationSettingsSchema.parse({})),
});
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/**
 * A scenario as the service accepts it (`POST /v1/scenarios`): the scenario file's shape, whose baseline may
 * also be `{ kind: "registry" }` (today's live homes). The simulation itself only ever receives a
 * {@link Scenario} (demo or explicit baseline): the service resolves the registry first.
 *
 * @example
 * ScenarioRequestSchema.parse({ baseline: { kind: 'registry', authorities: ['E08000026'] }, changes: [{ kind: 'cost_uplift', percent: 6 }] });
 */
export const ScenarioRequestSchema = ScenarioSchema.extend({ baseline: ServiceBaselineSchema });
export type ScenarioRequest = z.infer<typeof ScenarioRequestSchema>;
