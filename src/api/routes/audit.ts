import { Router } from 'express';
import { ForbiddenError, NotFoundError } from '../../domain/index.js';
import type { Store } from '../../store/index.js';
import { principalOf } from '../auth/authenticate.js';
import { canSeeAuthority, isRegionWide, requireAction } from '../auth/permissions.js';
import { parseParams, parseQuery } from '../http-helpers.js';
import { AuditQuerySchema, SeqParamSchema } from '../schemas.js';

/**
 * `GET /v1/audit` (paged by `afterSeq`) and `GET /v1/audit/{seq}`. Authority keys see only entries about
 * their authority; admin sees all (and may filter by `authority`). Entries carry prevHash and hash so a
 * reader can check the chain themselves.
 *
 * @example
 * v1.use(auditRoutes(store));
 */
export function auditRoutes(store: Store): Router {
  const r = Router();
  r.get('/audit', async (req, res) => {
    const actor = principalOf(res);
    requireAction(actor, 'audit:read');
    const q = parseQuery(AuditQuerySchema, req, 'listAudit');
    let authority: string | undefined;
    if (isRegionWide(actor)) authority = q.authority;
    else {
      if (q.authority !== undefined && q.authority !== actor.authority) throw new ForbiddenError(`listAudit: this key may read only authority "${actor.authority}", not "${q.authority}"`);
      authority = actor.authority ?? '\u0000';
    }
    const limit = q.limit ?? 100;
    const entries = await store.listAudit({ authority, afterSeq: q.afterSeq, kind: q.kind, limit });
    res.json({ entries, nextAfterSeq: entries.length === limit ? entries.at(-1)!.seq : null });
  });
  r.get('/audit/:seq', async (req, res) => {
    const actor = principalOf(res);
    requireAction(actor, 'audit:read');
    const { seq } = parseParams(SeqParamSchema, req, 'getAudit');
    const entry = await store.getAudit(seq);
    if (!entry || !canSeeAuthority(actor, entry.authority)) throw new NotFoundError(`getAudit: no audit entry ${seq}`);
    res.json(entry);
  });
  return r;
}
