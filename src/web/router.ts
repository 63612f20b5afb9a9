import express, { type NextFunction, type Request, type Response } from 'express';
import { fromRoot } from '../../geo/paths.js';
import { ValidationError } from '../domain/errors.js';
import { authoritiesGeoJson, districtsPayload, MAP_SCOPES, parseScope, type MapScope } from './geodata.js';
import { vocabularyModule, webVocabulary } from './vocabulary.js';

/**
 * The page's Content-Security-Policy: everything from this origin only, so no data can leave the machine
 * (no CDN, no fonts, no map tiles, no third-party calls), no inline script, no plugins, no framing.
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Where the page's static files live (plain ES modules and CSS; no build step). */
export function webPublicDir(): string {
  return fromRoot('src', 'web', 'public');
}

function scopeOrFail(req: Request, fn: string): MapScope {
  const raw = req.query.scope;
  const scope = parseScope(raw);
  if (scope) return scope;
  const message = `${fn}: unknown scope ${JSON.stringify(raw)}; expected one of ${MAP_SCOPES.join(', ')}`;
  throw new ValidationError(message, [{ path: ['query', 'scope'], message, code: 'invalid_value' }]);
}

/**
 * The web page for home-finders and commissioners, and the open geography it draws. Needs no API key:
 * it serves only the page and open data; the page calls the `/v1` API with the key the user enters.
 *
 * - `GET /` the single-page app (HTML, strict CSP)
 * - `GET /web/*` its static assets (`src/web/public/`)
 * - `GET /web/authorities.geojson?scope=west_midlands|england` real ONS authority boundaries
 * - `GET /web/districts.json?scope=west_midlands|england` postcode district centroids
 * - `GET /web/js/vocabulary.js` the page's vocabulary (need domains, home types, contracts...) generated from
 *   the zod schemas in src/domain when the server starts; `GET /web/vocabulary.json` the same as JSON
 *
 * Bad query values go to `next(err)` as a ValidationError, for the service's problem+json handler.
 *
 * @example
 * const app = express();
 * app.use(webRouter());           // before the API-key middleware, or exempt `/` and `/web/`
 * app.use('/v1', apiRouter());
 */
export function webRouter(): express.Router {
  const router = express.Router();
  const publicDir = webPublicDir();

  const page = (_req: Request, res: Response, next: NextFunction): void => {
    res.setHeader('Content-Security-Policy', WEB_CSP);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.sendFile('index.html', { root: publicDir }, (err) => {
      if (err) next(err);
    });
  };
  router.get('/', page);
  router.get('/index.html', page);

  router.get('/web/authorities.geojson', (req, res) => {
    const scope = scopeOrFail(req, 'GET /web/authorities.geojson');
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('application/geo+json').send(authoritiesGeoJson(scope));
  });

  router.get('/web/districts.json', (req, res) => {
    const scope = scopeOrFail(req, 'GET /web/districts.json');
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.json(districtsPayload(scope));
  });

  // Generated from the domain, not read from disk: the page always speaks the server's vocabulary.
  const vocabularyJs = vocabularyModule();
  const vocabularyJson = JSON.stringify(webVocabulary());
  router.get('/web/js/vocabulary.js', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type('text/javascript').send(vocabularyJs);
  });
  router.get('/web/vocabulary.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('application/json').send(vocabularyJson);
  });

  router.use(
    '/web',
    express.static(publicDir, {
      index: false,
      dotfiles: 'ignore',
      fallthrough: true,
      setHeaders: (res) => {
        res.setHeader('Cache-Control', 'no-cache');
        res.setHeader('X-Content-Type-Options', 'nosniff');
      },
    }),
  );
  return router;
}
