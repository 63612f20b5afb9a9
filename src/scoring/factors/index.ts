import { SOFT_FACTOR_IDS, type SoftFactorId } from '../../domain/index.js';
import type { FactorModule, ScoringContext } from '../types.js';
import { costFactor } from './cost.js';
import { cultureFactor } from './culture.js';
import { disabilityFactor } from './disability.js';
import { distanceFactor } from './distance.js';
import { educationFactor } from './education.js';
import { kinshipFactor } from './kinship.js';
import { needsFitFactor } from './needs-fit.js';
import { ownAuthorityFactor } from './own-authority.js';
import { siblingsFactor } from './siblings.js';
import { stabilityFactor } from './stability.js';
import { wishesFactor } from './wishes.js';

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
export const FACTOR_IMPACTS: ReadonlyMap<SoftFactorId, (ctx: ScoringContext) => number> = new Map(FACTORS.map((f) => [f.id, f.impact]));
