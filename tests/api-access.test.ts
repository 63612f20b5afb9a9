/**
 * Access control: every endpoint tried with every key (each role, each scope). A role without the action
 * gets 403; a resource of another authority (or another provider's home) gets 404, so its existence is not
 * revealed; the right keys succeed.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childBody, homeInput, testService, type TestKeys, type TestService } from './service-fixtures.js';

let t: TestService;
let n = 0;
const fresh = (p: string) => `${p}-${++n}`;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  t = await testService();
});
afterAll(async () => {
  await t.service.stop();
  await t.service.store.close();
});

type Key = keyof TestKeys;
interface Case {
  name: string;
  /** Builds the request afresh for each key (so a success for one key does not change the next). */
  send: (token: string) => Promise<request.Response>;
  expect: Partial<Record<Key, number>> & { default: number };
}

async function covRecommendation(): Promise<{ requestId: string; top: string; auditSeq: number }> {
  // Decisions take places; put them back so every recommendation has an eligible top home.
  for (const id of ['H-COV-1', 'H-COV-2', 'H-COV-3']) {
    expect((await request(t.service.app).patch(`/v1/homes/${id}/vacancies`).set(auth(t.keys.admin)).send({ freePlaces: 1 })).status).toBe(200);
  }
  const res = await request(t.service.app).post('/v1/match').set(auth(t.keys.officerCov)).send({ child: childBody(fresh('C-ACC')) });
  expect(res.status).toBe(200);
  return { requestId: res.body.requestId, top: res.body.ranked[0].homeId, auditSeq: Number(res.headers['x-audit-seq']) };
}

const app = () => t.service.app;
const cases: Case[] = [
  {
    name: 'POST /v1/match (a Coventry child)',
    send: (k) => request(app()).post('/v1/match').set(auth(k)).send({ child: childBody(fresh('C-M')) }),
    expect: { default: 403, officerCov: 200, admin: 200 },
  },
  {
    name: 'GET /v1/recommendations/{id}',
    send: async (k) => request(app()).get(`/v1/recommendations/${(await covRecommendation()).requestId}`).set(auth(k)),
    expect: { default: 403, officerCov: 200, admin: 200, officerBhm: 404 },
  },
  {
    name: 'POST /v1/decisions',
    send: async (k) => {
      const r = await covRecommendation();
      return request(app()).post('/v1/decisions').set(auth(k)).send({ recommendationId: r.requestId, homeId: r.top, decidedBy: 'officer-1' });
    },
    expect: { default: 403, officerCov: 201, admin: 201, officerBhm: 404 },
  },
  {
    name: 'GET /v1/decisions/{id}',
    send: async (k) => {
      const r = await covRecommendation();
      const d = await request(app()).post('/v1/decisions').set(auth(t.keys.officerCov)).send({ recommendationId: r.requestId, homeId: r.top, decidedBy: 'officer-1' });
      expect(d.status).toBe(201);
      return request(app()).get(`/v1/decisions/${d.body.id}`).set(auth(k));
    },
    expect: { default: 403, officerCov: 200, admin: 200, officerBhm: 404 },
  },
  { name: 'GET /v1/decisions', send: (k) => request(app()).get('/v1/decisions').set(auth(k)), expect: { default: 403, officerCov: 200, officerBhm: 200, admin: 200 } },
  { name: 'GET /v1/audit', send: (k) => request(app()).get('/v1/audit').set(auth(k)), expect: { default: 403, officerCov: 200, officerBhm: 200, admin: 200 } },
  {
    name: 'GET /v1/audit/{seq} (a Coventry entry)',
    send: async (k) => request(app()).get(`/v1/audit/${(await covRecommendation()).auditSeq}`).set(auth(k)),
    expect: { default: 403, officerCov: 200, admin: 200, officerBhm: 404 },
  },
  { name: 'GET /v1/homes', send: (k) => request(app()).get('/v1/homes').set(auth(k)), expect: { default: 200 } },
  { name: 'GET /v1/homes/{id} (P-COV home)', send: (k) => request(app()).get('/v1/homes/H-COV-1').set(auth(k)), expect: { default: 200, providerBhm: 404 } },
  {
    name: 'POST /v1/homes (P-COV home)',
    send: (k) => request(app()).post('/v1/homes').set(auth(k)).send(homeInput(fresh('H-ACC'))),
    expect: { default: 403, providerCov: 201, admin: 201 },
  },
  {
    name: 'PUT /v1/homes/{id} (P-COV home)',
    send: (k) => request(app()).put('/v1/homes/H-COV-2').set(auth(k)).send(homeInput('H-COV-2', { location: { district: 'CV5' }, places: 3, freePlaces: 2 })),
    expect: { default: 403, providerCov: 200, admin: 200 },
  },
  {
    name: 'PATCH /v1/homes/{id}/vacancies (P-COV home)',
    send: (k) => request(app()).patch('/v1/homes/H-COV-2/vacancies').set(auth(k)).send({ freePlaces: 2 }),
    expect: { default: 403, providerCov: 200, admin: 200 },
  },
  {
    name: 'DELETE /v1/homes/{id} (P-COV home)',
    send: async (k) => {
      const id = fresh('H-DEL');
      expect((await request(app()).post('/v1/homes').set(auth(t.keys.admin)).send(homeInput(id))).status).toBe(201);
      return request(app()).delete(`/v1/homes/${id}`).set(auth(k));
    },
    expect: { default: 403, providerCov: 200, admin: 200 },
  },
  {
    name: 'POST /v1/homes/import (P-COV rows)',
    send: (k) => request(app()).post('/v1/homes/import').set(auth(k)).set('Content-Type', 'application/json').send(JSON.stringify([homeInput(fresh('H-IMP'))])),
    expect: { default: 403, providerCov: 200, admin: 200 },
  },
  {
    name: 'POST /v1/jobs (match_batch, a Coventry child)',
    send: (k) => request(app()).post('/v1/jobs').set(auth(k)).send({ kind: 'match_batch', input: { requests: [{ child: childBody(fresh('C-J')) }] } }),
    expect: { default: 403, officerCov: 202, admin: 202 },
  },
  {
    name: 'GET /v1/jobs/{id} (a Coventry batch)',
    send: async (k) => {
      const j = await request(app()).post('/v1/jobs').set(auth(t.keys.officerCov)).send({ kind: 'match_batch', input: { requests: [{ child: childBody(fresh('C-J')) }] } });
      return request(app()).get(`/v1/jobs/${j.body.id}`).set(auth(k));
    },
    expect: { default: 403, officerCov: 200, admin: 200, officerBhm: 404, commissionerCov: 404 },
  },
  {
    name: 'DELETE /v1/jobs/{id} (a Coventry batch)',
    send: async (k) => {
      const j = await request(app()).post('/v1/jobs').set(auth(t.keys.officerCov)).send({ kind: 'match_batch', input: { requests: Array.from({ length: 30 }, () => ({ child: childBody(fresh('C-J')) })) } });
      return request(app()).delete(`/v1/jobs/${j.body.id}`).set(auth(k));
    },
    expect: { default: 403, officerCov: 202, admin: 202, officerBhm: 404, commissionerCov: 404 },
  },
  { name: 'POST /v1/keys', send: (k) => request(app()).post('/v1/keys').set(auth(k)).send({ role: 'admin' }), expect: { default: 403, admin: 201 } },
  { name: 'GET /v1/keys', send: (k) => request(app()).get('/v1/keys').set(auth(k)), expect: { default: 403, admin: 200 } },
  {
    name: 'DELETE /v1/keys/{id}',
    send: async (k) => {
      const created = await request(app()).post('/v1/keys').set(auth(t.keys.admin)).send({ role: 'commissioner', authority: 'E08000026' });
      return request(app()).delete(`/v1/keys/${created.body.key.id}`).set(auth(k));
    },
    expect: { default: 403, admin: 200 },
  },
];

describe('access control matrix', () => {
  for (const c of cases) {
    it(`${c.name}: every key gets the expected status`, async () => {
      const got: Record<string, number> = {};
      const want: Record<string, number> = {};
      for (const k of t.keyList) {
        const res = await c.send(k.token);
        got[k.name] = res.status;
        want[k.name] = c.expect[k.name] ?? c.expect.default;
        if (res.status >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect(got).toEqual(want);
    });
  }

  it('covers every /v1 operation of the OpenAPI document', async () => {
    const doc = await request(app()).get('/openapi.json');
    const ops = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
      .filter(([p]) => p.startsWith('/v1/'))
      .flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
    const covered = cases.map((c) => c.name.split(' (')[0]!.replace(/:.*/, ''));
    for (const op of ops) expect(covered, `no access test for ${op}`).toContain(op);
  });
});
