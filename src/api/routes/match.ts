import { Router } from 'express';
import { NotFoundError } from '../../domain/index.js';
import type { Store } from '../../store/index.js';
import { principalOf } from '../auth/authenticate.js';
import { canSeeAuthority, requireAction } from '../auth/permissions.js';
import { parseParams } from '../http-helpers.js';
import { requestIdOf } from '../logging.js';
import { z } from 'zod';
import type { MatchService } from '../services/match-service.js';

const RequestIdParam = z.strictObject({ id: z.string().min(1).max(100).regex(/^[A-Za-z0-9._:-]+$/) });

/**
 * `POST /v1/match`: the ranked, explained list over the live registry; the recommendation is recorded
 * (audited) before the answer is sent. `GET /v1/recommendations/{id}`: exactly what was recommended.
 *
 * @example
 * v1.use(matchRoutes(matchService, store));
 */
export function matchRoutes(service: MatchService, store: Store): Router {
  const r = Router();
  r.post('/match', async (req, res) => {
    const out = await service.match(req.body, principalOf(res), requestIdOf(req));
    const t = out.timings;
    res
      .status(200)
      .type('application/json')
      .set('X-Audit-Seq', String(out.record.auditSeq))
      .set('Server-Timing', `registry;dur=${t.registry.toFixed(1)}, score;dur=${t.score.toFixed(1)}, serialize;dur=${t.serialize.toFixed(1)}, record;dur=${t.record.toFixed(1)}`)
      .send(out.json);
  });
  r.get('/recommendations/:id', async (req, res) => {
    const actor = principalOf(res);
    requireAction(actor, 'decisions:read');
    const { id } = parseParams(RequestIdParam, req, 'getRecommendation');
    const rec = await store.getRecommendation(id);
    if (!rec || !canSeeAuthority(actor, rec.authority)) throw new NotFoundError(`getRecommendation: no recommendation "${id}"`);
    res.json(rec);
  });
  return r;
}
