import { createHash } from 'node:crypto';
import type { Geography } from '../../../geo/types.js';
import { MatchRequestSchema, parseOrThrow, ValidationError, type MatchRequest, type MatchResponse } from '../../domain/index.js';
import type { Registry } from '../../match/registry.js';
import { canonicalJson, type Actor, type RecommendationRecord, type Store } from '../../store/index.js';
import { requireAction, requireChildAuthority } from '../auth/permissions.js';
import type { ServiceMetrics } from '../metrics.js';
import { inlineExecutor, type MatchExecutor } from './match-executor.js';
import type { RegistryCache } from './registry-cache.js';

export interface MatchServiceOptions {
  readonly store: Store;
  readonly geo: Geography;
  readonly registry: RegistryCache;
  readonly metrics?: ServiceMetrics;
  /** Large requests go here; default: everything inline. */
  readonly pool?: MatchExecutor;
  /** Requests scoring at least this many child-home pairs use the pool (when there is one). */
  readonly poolThresholdPairs?: number;
  /** Cap on homes a request may carry inline. */
  readonly maxInlineHomes: number;
}

/** A recorded recommendation: the response, its exact JSON text (what is sent and stored) and its audit seq. */
export interface MatchOutcome {
  readonly response: MatchResponse;
  readonly json: string;
  readonly record: RecommendationRecord;
  /** Milliseconds per phase (sent as a Server-Timing header). */
  readonly timings: { readonly registry: number; readonly score: number; readonly serialize: number; readonly record: number };
}

/**
 * Match over the live registry and record the recommendation (audited) before answering.
 *
 * Validation, in order, each collecting every problem: the request schema; the candidate-set cap; the
 * key's authority against every child's placing authority (403); then the engine's own checks (unknown
 * postcodes, dangling and duplicate ids) before any scoring.
 *
 * @example
 * const out = await service.match(body, principal, requestId);
 * res.type('json').send(out.json);
 */
export class MatchService {
  constructor(private readonly opts: MatchServiceOptions) {}

  /** Parse and check a request body; throws ValidationError (400) or ForbiddenError (403). */
  parse(body: unknown, actor: Actor, path: readonly (string | number)[] = []): MatchRequest {
    requireAction(actor, 'match');
    const request = parseOrThrow(MatchRequestSchema, body, 'matchRequest', path);
    if (request.homes && request.homes.length > this.opts.maxInlineHomes) {
      throw new ValidationError(`matchRequest: ${request.homes.length} inline homes exceed the cap of ${this.opts.maxInlineHomes}`, [
        { path: [...path, 'homes'], code: 'too_big', message: `matchRequest: ${request.homes.length} inline homes exceed the cap of ${this.opts.maxInlineHomes} per request` },
      ]);
    }
    const children = request.child ? [request.child] : (request.siblingGroup?.children ?? []);
    children.forEach((c, i) => {
      const where = request.child ? 'child.placingAuthority' : `siblingGroup.children[${i}].placingAuthority`;
      requireChildAuthority(actor, c.placingAuthority, where);
    });
    return request;
  }

  /** Child-home pairs the request will score (the pool decision). */
  pairs(request: MatchRequest, registry: Registry): number {
    const homes = request.homes?.length ?? registry.size;
    const children = request.child ? 1 : (request.siblingGroup?.children.length ?? 1);
    // A sibling group may also score every block of its split plans: roughly 2^k blocks.
    return homes * (children === 1 ? 1 : 2 ** Math.min(children, 10));
  }

  async match(body: unknown, actor: Actor, requestId: string, path: readonly (string | number)[] = []): Promise<MatchOutcome> {
    const request = this.parse(body, actor, path);
    return this.run(request, actor, requestId);
  }

  /** Score an already-parsed request and record it. */
  async run(request: MatchRequest, actor: Actor, requestId: string): Promise<MatchOutcome> {
    const t0 = performance.now();
    const registry = await this.opts.registry.current();
    const usePool = this.opts.pool !== undefined && this.pairs(request, registry) >= (this.opts.poolThresholdPairs ?? 50_000);
    const executor = usePool ? this.opts.pool! : inlineExecutor;
    const t1 = performance.now();
    const response = await executor.run(request, registry, this.opts.geo, { requestId });
    const t2 = performance.now();
    this.opts.metrics?.matchDuration.observe({ path: executor.name }, (t2 - t1) / 1000);
    const json = JSON.stringify(response);
    const t3 = performance.now();
    const children = request.child ? [request.child] : (request.siblingGroup?.children ?? []);
    const record = await this.opts.store.recordRecommendation(
      {
        requestId,
        authority: children[0]?.placingAuthority ?? actor.authority,
        subjectKind: response.subject.kind,
        subjectId: response.subject.id,
        childIds: response.subject.childIds,
        policyVersion: response.policyVersion,
        registryVersion: response.registryVersion,
        requestDigest: createHash('sha256').update(canonicalJson(request)).digest('hex'),
        response,
        responseJson: json,
        overrides: request.overrides,
      },
      actor,
    );
    const t4 = performance.now();
    const timings = { registry: t1 - t0, score: t2 - t1, serialize: t3 - t2, record: t4 - t3 };
    return { response, json, record, timings };
  }
}
