/**
 * The live registry under home changes made through the API: vacancy changes, edits, creations and
 * closures (issue 4). After each change a match scores exactly what a fresh build of the store's homes at
 * that version would score, and the registry version in the response, the stored recommendation and the
 * hash-chained audit entry is the store's version at the time of the match. Slot-local changes are patched
 * into the registry, not rebuilt.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultGeography } from '../geo/geography.js';
import { MatchRequestSchema } from '../src/domain/index.js';
import { match } from '../src/match/engine.js';
import { buildRegistry } from '../src/match/registry.js';
import { childBody, homeInput, testService, type TestService } from './service-fixtures.js';

let t: TestService;
const geo = defaultGeography();
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  t = await testService();
});
afterAll(async () => {
  await t.service.stop();
  await t.service.store.close();
});

/** Match over the API and check it against a fresh build of the store's homes at the same version. */
async function matchAndCheck(): Promise<string> {
  const body = { child: childBody('C-INC-1'), top: 50, asOf: '2026-11-22' };
  const storeVersion = await t.service.store.registryVersion();
  const res = await request(t.service.app).post('/v1/match').set(auth(t.keys.officerCov)).send(body);
  expect(res.status).toBe(200);
  expect(res.body.registryVersion).toBe(storeVersion);
  const snap = await t.service.store.registrySnapshot();
  expect(snap.version).toBe(storeVersion);
  const fresh = buildRegistry(snap.homes.map((h) => h.home), geo, snap.version);
  const expected = match(MatchRequestSchema.parse(body), fresh, geo, { requestId: res.body.requestId });
  expect(res.body.ranked).toEqual(JSON.parse(JSON.stringify(expected.ranked)));
  expect(res.body.counts).toEqual(expected.counts);
  expect(res.body.moreEligible).toEqual(JSON.parse(JSON.stringify(expected.moreEligible)));
  // What the auditor retrieves carries the same version, in the stored record and in the chained entry.
  const rec = await request(t.service.app).get(`/v1/recommendations/${res.body.requestId}`).set(auth(t.keys.officerCov));
  expect(rec.body.registryVersion).toBe(storeVersion);
  const entry = await request(t.service.app).get(`/v1/audit/${res.headers['x-audit-seq']}`).set(auth(t.keys.officerCov));
  expect(entry.body.payload.registryVersion).toBe(storeVersion);
  return storeVersion;
}

describe('live registry under changes', () => {
  it('matches exactly a fresh build after every change, patching slot-local ones, and records the right version', async () => {
    const app = t.service.app;
    const cache = t.service.registry;
    const versions = [await matchAndCheck()];
    const patchesBefore = cache.patches;
    const buildsBefore = cache.builds;

    expect((await request(app).patch('/v1/homes/H-COV-2/vacancies').set(auth(t.keys.providerCov)).send({ freePlaces: 0 })).status).toBe(200);
    versions.push(await matchAndCheck());
    expect((await request(app).patch('/v1/homes/H-COV-2/vacancies').set(auth(t.keys.providerCov)).send({ freePlaces: 2 })).status).toBe(200);
    versions.push(await matchAndCheck());
    const edit = await request(app).put('/v1/homes/H-COV-1').set(auth(t.keys.providerCov)).send(homeInput('H-COV-1', { location: { district: 'CV2' }, ofsted: 'outstanding', annualCost: 19000, capability: { behaviour: 3 } }));
    expect(edit.status).toBe(200);
    versions.push(await matchAndCheck());
    expect(cache.patches - patchesBefore).toBe(3);
    expect(cache.builds - buildsBefore).toBe(0);

    expect((await request(app).post('/v1/homes').set(auth(t.keys.providerCov)).send(homeInput('H-COV-9', { location: { district: 'CV6' } }))).status).toBe(201);
    versions.push(await matchAndCheck());
    expect((await request(app).delete('/v1/homes/H-COV-9').set(auth(t.keys.providerCov)).send({ reason: 'closed' })).status).toBe(200);
    versions.push(await matchAndCheck());
    expect(cache.builds - buildsBefore).toBe(2);
    const metrics = (await request(app).get('/metrics')).text;
    expect(metrics).toMatch(new RegExp(`homefinder_registry_updates_total\\{mode="patched"\\} ${cache.patches}\\b`));
    expect(metrics).toMatch(new RegExp(`homefinder_registry_updates_total\\{mode="built"\\} ${cache.builds}\\b`));

    // Every change moved the version, and each match recorded the one it scored.
    expect(new Set(versions).size).toBe(versions.length);
    const verify = await t.service.store.verifyAudit();
    expect(verify.ok).toBe(true);
  });
});
