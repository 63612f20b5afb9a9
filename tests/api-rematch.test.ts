import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childBody, homeInput, testService, type TestService } from './service-fixtures.js';

let t: TestService;
beforeAll(async () => {
  t = await testService();
});
afterAll(async () => {
  await t.service.stop();
  await t.service.store.close();
});

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

async function waitFor(id: string, token: string): Promise<request.Response> {
  for (let i = 0; i < 600; i++) {
    const r = await request(t.service.app).get(`/v1/jobs/${id}`).set(auth(token));
    if (r.body.status === 'succeeded' || r.body.status === 'failed' || r.body.status === 'cancelled') return r;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error(`job ${id} did not finish`);
}

const cohort = {
  asOf: '2026-11-22',
  children: [
    { ...childBody('C-R-1'), currentPlacement: { homeId: 'H-R-1', since: '2025-01-10' } },
    childBody('C-R-2', { homeLocation: { district: 'CV5' } }),
    childBody('C-R-3', { homeLocation: { district: 'CV6' } }),
  ],
  homes: [
    homeInput('H-R-1', { location: { district: 'CV2' }, places: 1, freePlaces: 0 }),
    homeInput('H-R-2', { location: { district: 'CV5' }, places: 1, freePlaces: 1 }),
    homeInput('H-R-3', { location: { district: 'CV3' }, places: 1, freePlaces: 1 }),
  ],
};

describe('POST /v1/rematch (a job)', () => {
  it('answers 202 with a job whose result places every child, keeps the settled child, and never overfills', async () => {
    const submit = await request(t.service.app).post('/v1/rematch').set(auth(t.keys.commissionerCov)).send(cohort);
    expect(submit.status).toBe(202);
    expect(submit.headers.location).toBe(`/v1/jobs/${submit.body.id}`);
    const done = await waitFor(submit.body.id, t.keys.commissionerCov);
    expect(done.body.status).toBe('succeeded');
    const report = done.body.result;
    expect(['optimal', 'feasible']).toContain(report.status);
    const outcomes = report.children as { childId: string; homeId: string | null }[];
    expect(outcomes).toHaveLength(3);
    const byChild = new Map(outcomes.map((o) => [o.childId, o.homeId]));
    expect(byChild.get('C-R-1')).toBe('H-R-1');
    const used = outcomes.map((o) => o.homeId).filter((h): h is string => h !== null);
    expect(new Set(used).size).toBe(used.length); // every home has one place
  });

  it('rejects a malformed cohort at submission with every problem and its path', async () => {
    const bad = { ...cohort, children: [...cohort.children, { ...childBody('C-R-1') }], homes: [...cohort.homes, { ...homeInput('H-R-9'), places: -1 }] };
    const res = await request(t.service.app).post('/v1/rematch').set(auth(t.keys.commissionerCov)).send(bad);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const paths = (res.body.problems as { path: (string | number)[] }[]).map((p) => p.path.join('.'));
    expect(paths.some((p) => p.includes('homes.3.places'))).toBe(true);
  });

  it('refuses a placement officer (403) and another authority\'s children (403)', async () => {
    expect((await request(t.service.app).post('/v1/rematch').set(auth(t.keys.officerCov)).send(cohort)).status).toBe(403);
    const otherLa = { ...cohort, children: cohort.children.map((c) => ({ ...c, placingAuthority: 'E08000025' })) };
    expect((await request(t.service.app).post('/v1/rematch').set(auth(t.keys.commissionerCov)).send(otherLa)).status).toBe(403);
  });
});
