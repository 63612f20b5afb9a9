import { SOFT_FACTOR_IDS, type SoftFactorId } from '../../domain/index.js';
import type { FactorModule, ScoringContext } from '../types.js';
import { costFactor, costImpact } from './cost.js';
import { cultureFactor, cultureImpact } from './culture.js';
import { disabilityFactor, disabilityImpact } from './disability.js';
import { distanceFactor, distanceImpact } from './distance.js';
import { educationFactor, educationImpact } from './education.js';
import { kinshipFactor, kinshipImpact } from './kinship.js';
import { needsFitFactor, needsFitImpact } from './needs-fit.js';
import { ownAuthorityFactor, ownAuthorityImpact } from './own-authority.js';
import { siblingsFactor, siblingsImpact } from './siblings.js';
import { stabilityFactor, stabilityImpact } from './stability.js';
import { wishesFactor, wishesImpact } from './wishes.js';

/**
 * Every soft factor, in SOFT_FACTOR_IDS order (the order explanations list them and totals are summed in).
 *
 * @example
 * const total = FACTORS.reduce((t, f) => t + f.evaluate(ctx).impact, 0);
 */
export const FACTORS: readonly FactorModule[] = [
  kinshipFactor,
  distanceFactor,
  ownAuthorityFactor,
  educationFactor,
  siblingsFactor,
  needsFitFactor,
  disabilityFactor,
  costFactor,
  cultureFactor,
  wishesFactor,
  stabilityFactor,
];

/**
 * A factor module by id.
 *
 * @example
 * FACTOR_BY_ID.get('distance')?.evaluate(ctx).sentence;
 */
export const FACTOR_BY_ID: ReadonlyMap<SoftFactorId, FactorModule> = new Map(FACTORS.map((f) => [f.id, f]));

if (FACTORS.length !== SOFT_FACTOR_IDS.length || FACTORS.some((f, i) => f.id !== SOFT_FACTOR_IDS[i])) {
  throw new Error('scoring/factors: FACTORS must list every SOFT_FACTOR_IDS entry in order');
}

/**
 * Every factor's impact-only fast path (`impact(ctx) === evaluate(ctx).impact` to the last bit, without facts
 * or sentence), in `FACTORS` order: for callers that judge many homes and read only the numbers.
 *
 * @example
 * FACTOR_IMPACTS.get('culture')?.(ctx); // === cultureFactor.evaluate(ctx).impact
 */
export const FACTOR_IMPACTS: ReadonlyMap<SoftFactorId, (ctx: ScoringContext) => number> = new Map<SoftFactorId, (ctx: ScoringContext) => number>([
  ['kinship', kinshipImpact],
  ['distance', distanceImpact],
  ['own_authority', ownAuthorityImpact],
  ['education', educationImpact],
  ['siblings', siblingsImpact],
  ['needs_fit', needsFitImpact],
  ['disability', disabilityImpact],
  ['cost', costImpact],
  ['culture', cultureImpact],
  ['wishes', wishesImpact],
  ['stability', stabilityImpact],
]);

if (FACTORS.some((f) => !FACTOR_IMPACTS.has(f.id))) throw new Error('scoring/factors: FACTOR_IMPACTS must have every factor of FACTORS');
