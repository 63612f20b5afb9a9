import express, { Router, type Request } from 'express';
import { ValidationError } from '../../domain/index.js';
import { principalOf } from '../auth/authenticate.js';
import { ifMatchVersion, parseParams, parseQuery, sendHome } from '../http-helpers.js';
import { HomeListQuerySchema, IdParamSchema } from '../schemas.js';
import type { HomeService } from '../services/home-service.js';

function importFormat(req: Request): 'csv' | 'json' {
  if (req.is('text/csv')) return 'csv';
  if (req.is('application/json')) return 'json';
  throw new ValidationError('importHomes: unsupported Content-Type', [
    { path: ['headers', 'content-type'], code: 'unsupported_media_type', message: `importHomes: send text/csv or application/json, not ${JSON.stringify(req.get('content-type') ?? 'nothing')}` },
  ]);
}

/**
 * The import route, mounted before the general JSON parser so it can take a larger CSV or JSON body
 * as text (its lines are reported in problems).
 *
 * @example
 * v1.use(homeImportRoute(homeService, '20mb'));
 */
export function homeImportRoute(service: HomeService, limit: string): Router {
  const r = Router();
  r.post('/homes/import', express.text({ type: ['text/csv', 'application/json'], limit }), async (req, res) => {
    const format = importFormat(req);
    const text = typeof req.body === 'string' ? req.body : '';
    const name = typeof req.query.name === 'string' ? req.query.name.slice(0, 200) : null;
    const summary = await service.importText(text, format, name, principalOf(res));
    res.status(200).json(summary);
  });
  return r;
}

/**
 * `/v1/homes` CRUD: list, create (201), read, replace (PUT, If-Match), set free places
 * (`PATCH /v1/homes/{id}/vacancies`), close (DELETE; the home stays on record, closed).
 *
 * @example
 * v1.use(homeRoutes(homeService));
 */
export function homeRoutes(service: HomeService): Router {
  const r = Router();
  r.get('/homes', async (req, res) => {
    const q = parseQuery(HomeListQuerySchema, req, 'listHomes');
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const { homes, total } = await service.list({ ...q, limit, offset }, principalOf(res));
    res.json({ homes, total, limit, offset });
  });
  r.post('/homes', async (req, res) => {
    const rec = await service.create(req.body, principalOf(res));
    res.location(`/v1/homes/${encodeURIComponent(rec.home.id)}`);
    sendHome(res, rec, 201);
  });
  r.get('/homes/:id', async (req, res) => {
    const { id } = parseParams(IdParamSchema, req, 'getHome');
    sendHome(res, await service.get(id, principalOf(res)));
  });
  r.put('/homes/:id', async (req, res) => {
    const { id } = parseParams(IdParamSchema, req, 'updateHome');
    sendHome(res, await service.update(id, req.body, principalOf(res), ifMatchVersion(req)));
  });
  r.patch('/homes/:id/vacancies', async (req, res) => {
    const { id } = parseParams(IdParamSchema, req, 'setVacancies');
    sendHome(res, await service.setVacancies(id, req.body, principalOf(res), ifMatchVersion(req)));
  });
  r.delete('/homes/:id', async (req, res) => {
    const { id } = parseParams(IdParamSchema, req, 'closeHome');
    sendHome(res, await service.close(id, req.body, principalOf(res), ifMatchVersion(req)));
  });
  return r;
}
