import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIRMINGHAM, childBody, COVENTRY, homeInput, testService, type TestService } from './service-fixtures.js';

let t: TestService;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  t = await testService({ config: { jobTtlMs: 60_000, bodyLimit: '200kb' } });
});
afterAll(async () => {
  await t.service.stop();
  await t.service.store.close();
});

function expectProblem(res: request.Response, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//), title: expect.any(String), detail: expect.any(String), instance: expect.any(String), problems: expect.any(Array) });
  expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at /);
}

async function recommend(token = t.keys.officerCov, body: Record<string, unknown> = { child: childBody() }): Promise<request.Response> {
  const res = await request(t.service.app).post('/v1/match').set(auth(token)).send(body);
  expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
  return res;
}

describe('operational endpoints', () => {
  it('answers /healthz and /readyz, with helmet headers and a request id', async () => {
    const h = await request(t.service.app).get('/healthz');
    expect(h.status).toBe(200);
    expect(h.headers['x-content-type-options']).toBe('nosniff');
    expect(h.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const r = await request(t.service.app).get('/readyz');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ready', checks: { homes: 7 } });
    const echoed = await request(t.service.app).get('/healthz').set('X-Request-Id', 'client-req-42');
    expect(echoed.headers['x-request-id']).toBe('client-req-42');
  });

  it('serves OpenAPI 3.1 generated from the schemas', async () => {
    const res = await request(t.service.app).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/v1/match', '/v1/decisions', '/v1/decisions/{id}', '/v1/audit', '/v1/audit/{seq}', '/v1/homes', '/v1/homes/{id}/vacancies', '/v1/homes/import', '/v1/jobs', '/v1/jobs/{id}']));
    expect(res.body.components.schemas).toHaveProperty('MatchResponse');
    expect(res.body.components.schemas).toHaveProperty('Problem');
  });

  it('exposes Prometheus metrics: latency histograms, jobs, registry', async () => {
    await request(t.service.app).get('/healthz');
    const res = await request(t.service.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/homefinder_http_request_duration_seconds_bucket\{[^}]*route="\/healthz"/);
    expect(res.text).toMatch(/homefinder_jobs\{status="queued"\} 0/);
    expect(res.text).toMatch(/homefinder_registry_homes 7/);
  });
});

describe('errors are problem+json', () => {
  it('401 without a key, with a malformed, an unknown or a revoked key', async () => {
    const none = await request(t.service.app).post('/v1/match').send({});
    expectProblem(none, 401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expectProblem(await request(t.service.app).get('/v1/audit').set(auth('nonsense')), 401);
    expectProblem(await request(t.service.app).get('/v1/audit').set(auth(`hf_k0123456789abcdef_${'x'.repeat(43)}`)), 401);
    const created = await request(t.service.app).post('/v1/keys').set(auth(t.keys.admin)).send({ role: 'placement_officer', authority: COVENTRY, label: 'temp' });
    expect(created.status).toBe(201);
    expect((await request(t.service.app).get('/v1/audit').set('X-API-Key', created.body.token)).status).toBe(200);
    expect((await request(t.service.app).delete(`/v1/keys/${created.body.key.id}`).set(auth(t.keys.admin))).status).toBe(200);
    const revoked = await request(t.service.app).get('/v1/audit').set(auth(created.body.token));
    expectProblem(revoked, 401);
    expect(revoked.body.detail).toMatch(/revoked/);
  });

  it('400 for bad JSON, listing every problem with its path for an invalid body', async () => {
    const bad = await request(t.service.app).post('/v1/match').set(auth(t.keys.officerCov)).set('Content-Type', 'application/json').send('{"child": ');
    expectProblem(bad, 400);
    expect(bad.body.code).toBe('invalid_json');
    const invalid = await request(t.service.app)
      .post('/v1/match')
      .set(auth(t.keys.officerCov))
      .send({ child: { ...childBody(), sex: 'x', dateOfBirth: 'yesterday' }, top: 0 });
    expectProblem(invalid, 400);
    const paths = invalid.body.problems.map((p: { path: unknown[] }) => p.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['child.sex', 'child.dateOfBirth', 'top']));
  });

  it('400 naming the field for an unknown postcode and a dangling connected-person id, before any work', async () => {
    const res = await request(t.service.app)
      .post('/v1/match')
      .set(auth(t.keys.officerCov))
      .send({ child: childBody('C-X', { homeLocation: { postcode: 'ZZ9 9ZZ' }, connectedPersons: [{ homeId: 'H-NOPE', relationship: 'aunt' }] }) });
    expectProblem(res, 400);
    expect(res.body.problems.map((p: { path: unknown[]; code: string }) => `${p.path.join('.')}:${p.code}`)).toEqual(
      expect.arrayContaining(['child.homeLocation.postcode:unknown_postcode', expect.stringMatching(/^child\.connectedPersons\.0\.homeId:dangling_reference$/)]),
    );
  });

  it('404 for an unknown route, 413 for an oversized body', async () => {
    expectProblem(await request(t.service.app).get('/nope'), 404);
    expectProblem(await request(t.service.app).get('/v1/nope').set(auth(t.keys.admin)), 404);
    const big = await request(t.service.app).post('/v1/match').set(auth(t.keys.officerCov)).send({ child: childBody(), pad: 'x'.repeat(300_000) });
    expectProblem(big, 413);
  });

  it('caps the inline candidate set', async () => {
    const small = await testService({ config: { maxInlineHomes: 2, rateLimit: null } });
    const res = await request(small.service.app)
      .post('/v1/match')
      .set(auth(small.keys.officerCov))
      .send({ child: childBody(), homes: [homeInput('A-1'), homeInput('A-2'), homeInput('A-3')] });
    expectProblem(res, 400);
    expect(res.body.problems[0]).toMatchObject({ path: ['homes'], code: 'too_big' });
    await small.service.store.close();
  });
});

describe('match, recommendation, audit', () => {
  it('ranks the live registry, records the recommendation and lets the auditor retrieve it exactly', async () => {
    const res = await recommend();
    expect(res.body.subject).toEqual({ kind: 'child', id: 'C-TEST-1', childIds: ['C-TEST-1'] });
    expect(res.body.registryVersion).toMatch(/^r\d+$/);
    expect(res.body.ranked.length).toBeGreaterThan(0);
    const seq = Number(res.headers['x-audit-seq']);
    const rec = await request(t.service.app).get(`/v1/recommendations/${res.body.requestId}`).set(auth(t.keys.officerCov));
    expect(rec.status).toBe(200);
    expect(rec.body.response).toEqual(res.body);
    expect(rec.body).toMatchObject({ policyVersion: res.body.policyVersion, registryVersion: res.body.registryVersion, auditSeq: seq });
    const entry = await request(t.service.app).get(`/v1/audit/${seq}`).set(auth(t.keys.officerCov));
    expect(entry.body).toMatchObject({ kind: 'match.recommendation', authority: COVENTRY, payload: { requestId: res.body.requestId, responseDigest: rec.body.responseDigest } });
    expect(JSON.stringify(entry.body)).not.toContain('SECRET-RELIGION-MARKER');
    // Another authority cannot see it.
    expectProblem(await request(t.service.app).get(`/v1/recommendations/${res.body.requestId}`).set(auth(t.keys.officerBhm)), 404);
    expectProblem(await request(t.service.app).get(`/v1/audit/${seq}`).set(auth(t.keys.officerBhm)), 404);
  });

  it('never writes a child profile to the logs', async () => {
    await recommend();
    await request(t.service.app).post('/v1/match').set(auth(t.keys.officerCov)).send({ child: { ...childBody(), sex: 'x' } });
    const all = t.logs.join('');
    expect(all).toContain('"statusCode":200');
    expect(all).not.toContain('SECRET-RELIGION-MARKER');
    expect(all).not.toContain('dateOfBirth');
    expect(all).not.toContain(t.keys.officerCov);
  });

  it('scopes the audit log: own authority only, admin sees all', async () => {
    await recommend();
    const own = await request(t.service.app).get('/v1/audit?limit=1000').set(auth(t.keys.officerBhm));
    expect(own.status).toBe(200);
    expect(own.body.entries.every((e: { authority: string }) => e.authority === BIRMINGHAM)).toBe(true);
    expectProblem(await request(t.service.app).get(`/v1/audit?authority=${COVENTRY}`).set(auth(t.keys.officerBhm)), 403);
    const all = await request(t.service.app).get('/v1/audit?limit=1000').set(auth(t.keys.admin));
    expect(new Set(all.body.entries.map((e: { authority: string | null }) => e.authority))).toEqual(new Set([COVENTRY, BIRMINGHAM, 'E10000031', null]));
    const paged = await request(t.service.app).get('/v1/audit?limit=2').set(auth(t.keys.admin));
    expect(paged.body.nextAfterSeq).toBe(paged.body.entries[1].seq);
    expectProblem(await request(t.service.app).get('/v1/audit?limit=0&bogus=1').set(auth(t.keys.admin)), 400);
  });
});

describe('decisions', () => {
  it('records the top choice, takes the place, and refuses a second decision', async () => {
    const m = await recommend(t.keys.officerCov, { child: childBody('C-DEC-1') });
    const top = m.body.ranked[0].homeId as string;
    const before = (await request(t.service.app).get(`/v1/homes/${top}`).set(auth(t.keys.admin))).body.home.freePlaces as number;
    const d = await request(t.service.app).post('/v1/decisions').set(auth(t.keys.officerCov)).send({ recommendationId: m.body.requestId, homeId: top, decidedBy: 'officer-17' });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    expect(d.headers.location).toBe(`/v1/decisions/${d.body.id}`);
    expect(d.body).toMatchObject({ chosenRank: 1, topHomeId: top, placements: [{ childId: 'C-DEC-1', homeId: top }], vacancyChanges: [{ homeId: top, freePlacesBefore: before, freePlacesAfter: before - 1 }] });
    const after = await request(t.service.app).get(`/v1/homes/${top}`).set(auth(t.keys.admin));
    expect(after.body.home.freePlaces).toBe(before - 1);
    expectProblem(await request(t.service.app).post('/v1/decisions').set(auth(t.keys.officerCov)).send({ recommendationId: m.body.requestId, homeId: top, decidedBy: 'officer-17' }), 409);
    const got = await request(t.service.app).get(`/v1/decisions/${d.body.id}`).set(auth(t.keys.officerCov));
    expect(got.body).toEqual(d.body);
    expectProblem(await request(t.service.app).get(`/v1/decisions/${d.body.id}`).set(auth(t.keys.officerBhm)), 404);
    const list = await request(t.service.app).get('/v1/decisions?childId=C-DEC-1').set(auth(t.keys.officerCov));
    expect(list.body.decisions.map((x: { id: string }) => x.id)).toEqual([d.body.id]);
    expect((await request(t.service.app).get('/v1/decisions?childId=C-DEC-1').set(auth(t.keys.officerBhm))).body.decisions).toEqual([]);
  });

  it('needs a "not reasonably practicable" reason and an approver for a lower-ranked home, and refuses ineligible ones', async () => {
    const m = await recommend(t.keys.officerCov, { child: childBody('C-DEC-2') });
    expect(m.body.ranked.length).toBeGreaterThan(1);
    const second = m.body.ranked[1].homeId as string;
    const bare = await request(t.service.app).post('/v1/decisions').set(auth(t.keys.officerCov)).send({ recommendationId: m.body.requestId, homeId: second, decidedBy: 'officer-17' });
    expectProblem(bare, 400);
    expect(bare.body.problems.map((p: { code: string }) => p.code).sort()).toEqual(['approver_required', 'reason_required']);
    const ineligibleId = (m.body.ineligible[0]?.homeId ?? m.body.ineligibleSummary[0]?.homeIds[0]) as string;
    const inel = await request(t.service.app).post('/v1/decisions').set(auth(t.keys.officerCov)).send({ recommendationId: m.body.requestId, homeId: ineligibleId, decidedBy: 'officer-17' });
    expectProblem(inel, 400);
    expect(inel.body.problems[0]).toMatchObject({ path: ['homeId'], code: 'ineligible_home' });
    const ok = await request(t.service.app)
      .post('/v1/decisions')
      .set(auth(t.keys.officerCov))
      .send({ recommendationId: m.body.requestId, homeId: second, decidedBy: 'officer-17', reason: 'The top home cannot take a child until next month.', approver: { id: 'mgr-3', role: 'nominated_officer' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ chosenRank: 2, approver: { id: 'mgr-3', role: 'nominated_officer' } });
    const audit = await request(t.service.app).get(`/v1/audit/${ok.body.auditSeq}`).set(auth(t.keys.officerCov));
    expect(audit.body).toMatchObject({ kind: 'decision.recorded', payload: { decision: { reason: 'The top home cannot take a child until next month.', approver: { id: 'mgr-3' } } } });
  });

  it('404s a recommendation of another authority', async () => {
    const m = await recommend(t.keys.officerCov, { child: childBody('C-DEC-3') });
    expectProblem(await request(t.service.app).post('/v1/decisions').set(auth(t.keys.officerBhm)).send({ recommendationId: m.body.requestId, homeId: m.body.ranked[0].homeId, decidedBy: 'x' }), 404);
  });
});

describe('homes', () => {
  it('lets a provider create, update (If-Match), set vacancies and close its own home; the next match sees it', async () => {
    const app = t.service.app;
    const created = await request(app).post('/v1/homes').set(auth(t.keys.providerCov)).send(homeInput('H-NEW-1', { location: { district: 'CV2' }, freePlaces: 2, places: 2 }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.etag).toBe('"v1"');
    expect(created.body).toMatchObject({ authority: COVENTRY, status: 'open', version: 1 });
    expectProblem(await request(app).post('/v1/homes').set(auth(t.keys.providerCov)).send(homeInput('H-NEW-1')), 409);
    expectProblem(await request(app).post('/v1/homes').set(auth(t.keys.providerCov)).send(homeInput('H-NEW-2', { providerId: 'P-BHM' })), 403);
    expectProblem(await request(app).post('/v1/homes').set(auth(t.keys.providerCov)).send(homeInput('H-NEW-3', { authority: BIRMINGHAM })), 400);
    const upd = await request(app).put('/v1/homes/H-NEW-1').set(auth(t.keys.providerCov)).set('If-Match', '"v1"').send(homeInput('H-NEW-1', { location: { district: 'CV2' }, annualCost: 25000, freePlaces: 2, places: 2 }));
    expect(upd.status).toBe(200);
    expect(upd.headers.etag).toBe('"v2"');
    expectProblem(await request(app).put('/v1/homes/H-NEW-1').set(auth(t.keys.providerCov)).set('If-Match', '"v1"').send(homeInput('H-NEW-1')), 409);
    expectProblem(await request(app).put('/v1/homes/H-NEW-1').set(auth(t.keys.providerCov)).send(homeInput('H-OTHER')), 400);
    expectProblem(await request(app).patch('/v1/homes/H-NEW-1/vacancies').set(auth(t.keys.providerBhm)).send({ freePlaces: 1 }), 403);
    expectProblem(await request(app).patch('/v1/homes/H-NEW-1/vacancies').set(auth(t.keys.providerCov)).send({ freePlaces: 9 }), 400);
    const vac = await request(app).patch('/v1/homes/H-NEW-1/vacancies').set(auth(t.keys.providerCov)).send({ freePlaces: 1 });
    expect(vac.body.home.freePlaces).toBe(1);
    const seen = await recommend();
    const ids = [...seen.body.ranked.map((c: { homeId: string }) => c.homeId), ...seen.body.moreEligible.homeIds];
    expect(ids).toContain('H-NEW-1');
    const closed = await request(app).delete('/v1/homes/H-NEW-1').set(auth(t.keys.providerCov)).send({ reason: 'carer retired' });
    expect(closed.body.status).toBe('closed');
    const after = await recommend();
    expect(after.body.registryVersion).not.toBe(seen.body.registryVersion);
    expect(JSON.stringify(after.body)).not.toContain('H-NEW-1');
    const list = await request(app).get('/v1/homes?status=closed').set(auth(t.keys.providerCov));
    expect(list.body.homes.map((h: { home: { id: string } }) => h.home.id)).toEqual(['H-NEW-1']);
    expectProblem(await request(app).get('/v1/homes/H-BHM-1').set(auth(t.keys.providerCov)), 404);
  });

  it('imports CSV all or nothing over HTTP, reporting every rejected row with its line and field', async () => {
    const app = t.service.app;
    const header = 'id,providerId,type,district,registration,ofsted,places,freePlaces,ageMin,ageMax,sexesAccepted,annualCost,contract';
    const bad = [header, 'H-IMP-1,P-COV,council_foster,CV1,registered,good,2,1,0,17,female|male,23993,council_run', 'H-IMP-2,P-COV,council_foster,CV1,registered,good,2,5,0,17,female,23993,council_run', 'H-IMP-3,P-COV,council_foster,QQ1,registered,good,2,1,0,17,female,23993,council_run'].join('\n');
    const res = await request(app).post('/v1/homes/import?name=homes.csv').set(auth(t.keys.providerCov)).set('Content-Type', 'text/csv').send(bad);
    expectProblem(res, 400);
    expect(res.body.problems.map((p: { message: string }) => p.message)).toEqual([expect.stringMatching(/homes.csv line 3, field "freePlaces"/), expect.stringMatching(/homes.csv line 4, field "district"/)]);
    expectProblem(await request(app).get('/v1/homes/H-IMP-1').set(auth(t.keys.admin)), 404);
    const good = [header, 'H-IMP-1,P-COV,council_foster,CV1,registered,good,2,1,0,17,female|male,23993,council_run'].join('\n');
    const ok = await request(app).post('/v1/homes/import').set(auth(t.keys.providerCov)).set('Content-Type', 'text/csv').send(good);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ created: 1, updated: 0, rows: 1 });
    const json = await request(app).post('/v1/homes/import').set(auth(t.keys.admin)).set('Content-Type', 'application/json').send(JSON.stringify({ homes: [homeInput('H-IMP-1', { location: { district: 'CV1' }, freePlaces: 2 })] }));
    expect(json.body).toMatchObject({ created: 0, updated: 1 });
    expectProblem(await request(app).post('/v1/homes/import').set(auth(t.keys.providerBhm)).set('Content-Type', 'text/csv').send(good), 403);
    expectProblem(await request(app).post('/v1/homes/import').set(auth(t.keys.admin)).set('Content-Type', 'text/plain').send('x'), 400);
  });
});

describe('jobs', () => {
  async function waitFor(id: string, token: string, done: (s: string) => boolean): Promise<request.Response> {
    for (let i = 0; i < 200; i++) {
      const r = await request(t.service.app).get(`/v1/jobs/${id}`).set(auth(token));
      if (done(r.body.status)) return r;
      await new Promise((res) => setTimeout(res, 20));
    }
    throw new Error(`job ${id} did not finish`);
  }

  it('runs a batch match: 202, progress, result; other authorities cannot see it', async () => {
    const submit = await request(t.service.app)
      .post('/v1/jobs')
      .set(auth(t.keys.officerCov))
      .send({ kind: 'match_batch', input: { requests: [{ child: childBody('C-J1') }, { child: childBody('C-J2', { homeLocation: { district: 'CV6' } }) }] } });
    expect(submit.status).toBe(202);
    expect(submit.headers.location).toBe(`/v1/jobs/${submit.body.id}`);
    const done = await waitFor(submit.body.id, t.keys.officerCov, (s) => s === 'succeeded' || s === 'failed');
    expect(done.body).toMatchObject({ status: 'succeeded', progress: 1, result: { matched: 2, failed: 0 } });
    const first = done.body.result.results[0];
    const rec = await request(t.service.app).get(`/v1/recommendations/${first.requestId}`).set(auth(t.keys.officerCov));
    expect(rec.body.response.ranked[0].homeId).toBe(first.top[0].homeId);
    expectProblem(await request(t.service.app).get(`/v1/jobs/${submit.body.id}`).set(auth(t.keys.officerBhm)), 404);
    expect((await request(t.service.app).get(`/v1/jobs/${submit.body.id}`).set(auth(t.keys.admin))).status).toBe(200);
    expectProblem(await request(t.service.app).delete(`/v1/jobs/${submit.body.id}`).set(auth(t.keys.officerCov)), 409);
  });

  it('validates job input before any work and refuses the wrong role', async () => {
    const bad = await request(t.service.app).post('/v1/jobs').set(auth(t.keys.officerCov)).send({ kind: 'match_batch', input: { requests: [{ child: { ...childBody(), sex: 'x' } }] } });
    expectProblem(bad, 400);
    expect(bad.body.problems[0].path).toEqual(['input', 'requests', 0, 'child', 'sex']);
    expectProblem(await request(t.service.app).post('/v1/jobs').set(auth(t.keys.officerCov)).send({ kind: 'teleport', input: {} }), 400);
    expectProblem(await request(t.service.app).post('/v1/jobs').set(auth(t.keys.providerCov)).send({ kind: 'match_batch', input: { requests: [{ child: childBody() }] } }), 403);
  });

  it('cancels a queued or running job', async () => {
    const big = { kind: 'match_batch', input: { requests: Array.from({ length: 200 }, (_, i) => ({ child: childBody(`C-BIG-${i}`) })) } };
    const a = await request(t.service.app).post('/v1/jobs').set(auth(t.keys.officerCov)).send(big);
    const b = await request(t.service.app).post('/v1/jobs').set(auth(t.keys.officerCov)).send(big);
    const cb = await request(t.service.app).delete(`/v1/jobs/${b.body.id}`).set(auth(t.keys.officerCov));
    expect(cb.status).toBe(202);
    expect(cb.body.status).toBe('cancelled');
    await request(t.service.app).delete(`/v1/jobs/${a.body.id}`).set(auth(t.keys.officerCov));
    const done = await waitFor(a.body.id, t.keys.officerCov, (s) => s !== 'queued' && s !== 'running');
    expect(done.body.status).toBe('cancelled');
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once a key exhausts its bucket', async () => {
    const limited = await testService({ config: { rateLimit: { capacity: 2, refillPerSecond: 0.5 } } });
    const go = () => request(limited.service.app).get('/v1/homes?limit=1').set(auth(limited.keys.admin));
    expect((await go()).status).toBe(200);
    expect((await go()).status).toBe(200);
    const third = await go();
    expectProblem(third, 429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await request(limited.service.app).get('/v1/homes?limit=1').set(auth(limited.keys.officerCov))).status).toBe(200);
    await limited.service.store.close();
  });
});

describe('overrides are audited with the recommendation', () => {
  it('records the rule, homes, reason and approver of every override', async () => {
    const res = await recommend(t.keys.officerCov, {
      child: childBody('C-OVR'),
      overrides: [{ rule: 'needs_gap', homeIds: ['H-COV-1'], reason: 'Specialist support is commissioned for this home.', approver: 'nominated-officer-4' }],
    });
    const entry = await request(t.service.app).get(`/v1/audit/${res.headers['x-audit-seq']}`).set(auth(t.keys.officerCov));
    expect(entry.body.payload.overrides).toEqual([{ rule: 'needs_gap', homeIds: ['H-COV-1'], reason: 'Specialist support is commissioned for this home.', approver: 'nominated-officer-4' }]);
  });
});
