import { Router } from 'express';
import type { Store } from '../../store/index.js';
import { principalOf } from '../auth/authenticate.js';
import { isRegionWide, requireAction } from '../auth/permissions.js';
import { parseParams, parseQuery } from '../http-helpers.js';
import { DecisionListQuerySchema, IdParamSchema } from '../schemas.js';
import type { DecisionService } from '../services/decision-service.js';

/**
 * `POST /v1/decisions` (201), `GET /v1/decisions/{id}`, `GET /v1/decisions?childId=`.
 *
 * @example
 * v1.use(decisionRoutes(decisionService, store));
 */
export function decisionRoutes(service: DecisionService, store: Store): Router {
  const r = Router();
  r.post('/decisions', async (req, res) => {
    const d = await service.decide(req.body, principalOf(res));
    res.status(201).location(`/v1/decisions/${encodeURIComponent(d.id)}`).json(d);
  });
  r.get('/decisions/:id', async (req, res) => {
    const { id } = parseParams(IdParamSchema, req, 'getDecision');
    res.json(await service.get(id, principalOf(res)));
  });
  r.get('/decisions', async (req, res) => {
    const actor = principalOf(res);
    requireAction(actor, 'decisions:read');
    const q = parseQuery(DecisionListQuerySchema, req, 'listDecisions');
    const authority = isRegionWide(actor) ? undefined : (actor.authority ?? '\u0000');
    res.json({ decisions: await store.listDecisions({ authority, childId: q.childId, limit: q.limit }) });
  });
  return r;
}
