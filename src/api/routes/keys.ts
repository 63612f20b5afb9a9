import { Router } from 'express';
import { z } from 'zod';
import { parseOrThrow } from '../../domain/index.js';
import type { Store } from '../../store/index.js';
import { principalOf } from '../auth/authenticate.js';
import { requireAction } from '../auth/permissions.js';
import { parseParams } from '../http-helpers.js';
import { KeyCreateRequestSchema } from '../schemas.js';

const KeyIdParam = z.strictObject({ id: z.string().regex(/^k[0-9a-f]{16}$/, 'must be a key id such as "k0123456789abcdef"') });

/**
 * Admin key management: `POST /v1/keys` (201; the token is in the body once), `GET /v1/keys`,
 * `DELETE /v1/keys/{id}` (revoke).
 *
 * @example
 * v1.use(keyRoutes(store));
 */
export function keyRoutes(store: Store): Router {
  const r = Router();
  r.post('/keys', async (req, res) => {
    const actor = principalOf(res);
    requireAction(actor, 'keys:manage');
    const k = parseOrThrow(KeyCreateRequestSchema, req.body, 'createKey');
    const { record, token } = await store.createApiKey(k, actor);
    res.status(201).json({ key: record, token });
  });
  r.get('/keys', async (_req, res) => {
    requireAction(principalOf(res), 'keys:manage');
    res.json({ keys: await store.listApiKeys() });
  });
  r.delete('/keys/:id', async (req, res) => {
    const actor = principalOf(res);
    requireAction(actor, 'keys:manage');
    const { id } = parseParams(KeyIdParam, req, 'revokeKey');
    res.json(await store.revokeApiKey(id, actor));
  });
  return r;
}
