import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { UnauthorizedError } from '../../domain/index.js';
import { parseApiKey, verifySecret, type Actor, type Store } from '../../store/index.js';

/**
 * Read the API key from `Authorization: Bearer <key>` or `X-API-Key: <key>`, check it against the store
 * (salted hash, constant-time compare, not revoked) and put the principal on `res.locals.principal`.
 * Every failure is 401 problem+json with `WWW-Authenticate: Bearer`.
 *
 * @example
 * app.use('/v1', authenticate(store));
 */
export function authenticate(store: Store): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization');
    const token = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : req.get('x-api-key');
    const fail = (message: string): void => {
      res.set('WWW-Authenticate', 'Bearer realm="homefinder"');
      next(new UnauthorizedError(message));
    };
    if (!token) return fail('authenticate: no API key; send "Authorization: Bearer <key>"');
    const parsed = parseApiKey(token);
    if (!parsed) return fail('authenticate: the API key is malformed');
    store.getApiKey(parsed.keyId).then(
      (rec) => {
        if (!rec || !verifySecret(rec.salt, rec.secretHash, parsed.secret)) return fail('authenticate: unknown API key');
        if (rec.revokedAt) return fail(`authenticate: API key "${rec.id}" was revoked`);
        const principal: Actor = { keyId: rec.id, role: rec.role, authority: rec.authority, providerId: rec.providerId };
        res.locals.principal = principal;
        next();
      },
      (e: unknown) => next(e),
    );
  };
}

/**
 * The authenticated principal of a request (throws 401 if `authenticate` did not run or failed).
 *
 * @example
 * const actor = principalOf(res);
 */
export function principalOf(res: Response): Actor {
  const p = res.locals.principal as Actor | undefined;
  if (!p) throw new UnauthorizedError();
  return p;
}
