import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testService, type TestService } from './service-fixtures.js';

let t: TestService;
beforeAll(async () => {
  t = await testService();
});
afterAll(async () => {
  await t.service.stop();
  await t.service.store.close();
});

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

const scenario = {
  name: 'costs rise 6%',
  baseline: { kind: 'demo', authorities: ['E08000026'], children: 120, seed: 3 },
  changes: [{ kind: 'cost_uplift', percent: 6 }],
  settings: { runs: 2, model: 'static', seed: 3 },
};

describe('POST /v1/scenarios (a job)', () => {
  it('answers 202, reports progress, and returns the scenario report', async () => {
    const submit = await request(t.service.app).post('/v1/scenarios').set(auth(t.keys.commissionerCov)).send(scenario);
    expect(submit.status).toBe(202);
    let job: request.Response | undefined;
    for (let i = 0; i < 1200; i++) {
      job = await request(t.service.app).get(`/v1/jobs/${submit.body.id}`).set(auth(t.keys.commissionerCov));
      if (['succeeded', 'failed', 'cancelled'].includes(job.body.status)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(job?.body.status).toBe('succeeded');
    expect(job?.body.progress).toBe(1);
    const report = job?.body.result;
    expect(report).toBeTypeOf('object');
    expect(JSON.stringify(report)).toContain('costs rise 6%');
  });

  it('rejects a scenario with a negative capacity at submission, naming the field', async () => {
    const bad = { ...scenario, changes: [{ kind: 'open_homes', type: 'council_childrens_home', places: -3, districts: ['CV2'] }] };
    const res = await request(t.service.app).post('/v1/scenarios').set(auth(t.keys.commissionerCov)).send(bad);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(res.body.problems)).toContain('places');
  });

  it('fails the job with every problem and its path when the scenario names an unknown district', async () => {
    const bad = { ...scenario, changes: [{ kind: 'open_homes', type: 'council_childrens_home', places: 3, districts: ['ZZ99'] }] };
    const submit = await request(t.service.app).post('/v1/scenarios').set(auth(t.keys.commissionerCov)).send(bad);
    let job: request.Response | undefined;
    if (submit.status === 202) {
      for (let i = 0; i < 600; i++) {
        job = await request(t.service.app).get(`/v1/jobs/${submit.body.id}`).set(auth(t.keys.commissionerCov));
        if (['succeeded', 'failed', 'cancelled'].includes(job.body.status)) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(job?.body.status).toBe('failed');
      expect(job?.body.error.status).toBe(400);
      expect(JSON.stringify(job?.body.error.problems)).toContain('ZZ99');
    } else {
      // Rejected at submission instead: still a 400 naming the district.
      expect(submit.status).toBe(400);
      expect(JSON.stringify(submit.body.problems)).toContain('ZZ99');
    }
  });

  it('refuses a placement officer (403)', async () => {
    expect((await request(t.service.app).post('/v1/scenarios').set(auth(t.keys.officerCov)).send(scenario)).status).toBe(403);
  });
});
