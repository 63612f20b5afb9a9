import type { Request, Response } from 'express';
import type { z } from 'zod';
import { parseOrThrow, ValidationError } from '../domain/index.js';
import type { HomeRecord } from '../store/index.js';

/**
 * Validate route parameters (problems under ["params", ...]).
 *
 * @example
 * const { id } = parseParams(IdParamSchema, req, 'getHome');
 */
export function parseParams<S extends z.ZodType>(schema: S, req: Request, fn: string): z.infer<S> {
  return parseOrThrow(schema, { ...req.params }, fn, ['params']);
}

/**
 * Validate the query string (problems under ["query", ...]); unknown parameters are refused.
 *
 * @example
 * const q = parseQuery(AuditQuerySchema, req, 'listAudit');
 */
export function parseQuery<S extends z.ZodType>(schema: S, req: Request, fn: string): z.infer<S> {
  return parseOrThrow(schema, { ...(req.query as Record<string, unknown>) }, fn, ['query']);
}

/**
 * The version in an `If-Match: "v3"` header (undefined when absent or `*`).
 *
 * @example
 * const expected = ifMatchVersion(req); // 3
 */
export function ifMatchVersion(req: Request): number | undefined {
  const h = req.get('if-match');
  if (h === undefined || h.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"v(\d{1,9})"\s*$/.exec(h);
  if (!m) {
    throw new ValidationError(`ifMatchVersion: If-Match must be an ETag such as "v3", got ${JSON.stringify(h.slice(0, 40))}`, [
      { path: ['headers', 'if-match'], code: 'invalid_header', message: `ifMatchVersion: If-Match must be an ETag such as "v3" from a previous response, got ${JSON.stringify(h.slice(0, 40))}` },
    ]);
  }
  return Number(m[1]);
}

/**
 * Send a home record with its ETag (`"v<version>"`).
 *
 * @example
 * sendHome(res, await homes.get(id, principal));
 */
export function sendHome(res: Response, rec: HomeRecord, status = 200): void {
  res.status(status).set('ETag', `"v${rec.version}"`).json(rec);
}
