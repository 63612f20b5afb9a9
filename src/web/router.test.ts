import express, { type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../domain/errors.js';
import { webRouter, WEB_CSP } from './router.js';

function app(): express.Express {
  const a = express();
  a.use(webRouter());
  // Stand-in for the service's problem+json handler: the router hands bad input to next(err).
  a.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof ValidationError) res.status(400).type('application/problem+json').json({ detail: err.message, problems: err.problems });
    else res.status(500).json({ detail: 'internal' });
  });
  return a;
}

describe('webRouter', () => {
  const server = app();

  it('serves the page at / with a same-origin-only CSP (no data leaves the machine)', async () => {
    const res = await request(server).get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-security-policy']).toBe(WEB_CSP);
    expect(WEB_CSP).toContain("connect-src 'self'");
    expect(WEB_CSP).not.toMatch(/https?:/);
    expect(res.text).toContain('<script type="module" src="/web/js/app.js">');
    expect(res.text).toContain('id="view-match"');
    expect(res.text).toContain('id="view-commission"');
  });

  it('serves the ES modules and the stylesheet with the right types', async () => {
    const js = await request(server).get('/web/js/app.js').expect(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.text).toContain("from './match-view.js'");
    const css = await request(server).get('/web/style.css').expect(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
  });

  it('references no external host from the page or its assets', async () => {
    for (const path of ['/', '/web/style.css', '/web/js/app.js', '/web/js/map.js', '/web/js/match-view.js', '/web/js/commission-view.js', '/web/js/api.js', '/web/js/places.js']) {
      const res = await request(server).get(path).expect(200);
      // Only the SVG namespace URI may appear (it is an identifier, never fetched).
      const urls = [...res.text.matchAll(/https?:\/\/[^\s"'`)]+/g)].map((m) => m[0]).filter((u) => !u.startsWith('http://www.w3.org/2000/svg'));
      expect(urls, path).toEqual([]);
    }
  });

  it('does not serve files outside the public folder', async () => {
    const res = await request(server).get('/web/..%2F..%2Fpackage.json');
    expect(res.status).toBe(404);
    await request(server).get('/web/../router.ts').expect(404);
  });

  it('serves the 14 West Midlands authority boundaries by default, and all 153 for England', async () => {
    const wm = await request(server).get('/web/authorities.geojson').expect(200);
    expect(wm.headers['content-type']).toMatch(/application\/geo\+json/);
    const fc = JSON.parse(wm.text) as { features: { properties: { code: string; name: string }; geometry: { type: string } }[] };
    expect(fc.features).toHaveLength(14);
    expect(fc.features.map((f) => f.properties.code)).toContain('E08000026');
    expect(fc.features.every((f) => ['Polygon', 'MultiPolygon'].includes(f.geometry.type))).toBe(true);
    const en = await request(server).get('/web/authorities.geojson?scope=england').expect(200);
    expect((JSON.parse(en.text) as { features: unknown[] }).features).toHaveLength(153);
  });

  it('serves the region postcode district centroids, including cross-boundary ones', async () => {
    const res = await request(server).get('/web/districts.json').expect(200);
    const body = res.body as { scope: string; count: number; districts: { district: string; lat: number; lon: number; authority: string }[] };
    expect(body.scope).toBe('west_midlands');
    expect(body.count).toBe(body.districts.length);
    const cv1 = body.districts.find((d) => d.district === 'CV1');
    expect(cv1).toMatchObject({ lat: 52.40937, lon: -1.50638, authority: 'E08000026' });
    expect(body.districts.some((d) => d.district === 'B78')).toBe(true);
    expect(body.districts.some((d) => d.district === 'SW1A')).toBe(false);
    expect(body.districts.length).toBeGreaterThan(200);
    const en = await request(server).get('/web/districts.json?scope=england').expect(200);
    expect((en.body as { count: number }).count).toBe(2210);
  });

  it('rejects an unknown scope with a problem naming the query parameter and the bad value', async () => {
    const res = await request(server).get('/web/districts.json?scope=mars').expect(400);
    expect(res.body.problems).toEqual([
      { path: ['query', 'scope'], code: 'invalid_value', message: expect.stringContaining('"mars"') as unknown as string },
    ]);
    expect(res.body.detail).toContain('GET /web/districts.json');
    await request(server).get('/web/authorities.geojson?scope=wales').expect(400);
  });
});
