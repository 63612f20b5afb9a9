import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HomeSchema, type Home, type MatchResponse } from '../../domain/index.js';
import { parseApiKey, verifySecret } from '../api-keys.js';
import { systemActor, type Actor, type NewDecision } from '../types.js';
import { openSqliteStore, type SqliteStore } from './sqlite-store.js';

const actor: Actor = { keyId: 'k0000000000000001', role: 'admin', authority: null, providerId: null };
const provider: Actor = { keyId: 'k0000000000000002', role: 'provider', authority: null, providerId: 'P-1' };

function home(id: string, over: Partial<Home> = {}): Home {
  return HomeSchema.parse({
    id,
    providerId: 'P-1',
    type: 'council_foster',
    location: { district: 'CV3' },
    registration: 'registered',
    ofsted: 'good',
    places: 2,
    freePlaces: 2,
    ageRange: { min: 0, max: 17 },
    sexesAccepted: ['female', 'male'],
    annualCost: 23993,
    contract: 'council_run',
    ...over,
  });
}

function response(requestId: string, homeIds: string[]): MatchResponse {
  return {
    requestId,
    policyVersion: 'p1',
    registryVersion: 'r1',
    asOf: '2026-01-01',
    subject: { kind: 'child', id: 'C-1', childIds: ['C-1'] },
    mode: 'standard',
    distanceProvider: 'great-circle',
    counts: { homes: homeIds.length, eligible: homeIds.length, ineligible: 0, outOfScope: 0 },
    ranked: homeIds.map((homeId, i) => ({
      rank: i + 1,
      homeId,
      providerId: 'P-1',
      type: 'council_foster',
      authority: 'E08000026',
      district: 'CV3',
      distanceKm: 1 + i,
      annualCost: 23993,
      explanation: { total: 50 - i, factors: [], rules: [] },
      approvals: [],
    })),
    moreEligible: { homeIds: [], totals: [] },
    splitPlans: [],
    ineligible: [],
    ineligibleSummary: [],
    relaxations: [],
  };
}

const stores: SqliteStore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function memory(opts: Parameters<typeof openSqliteStore>[0] = { path: ':memory:' }): SqliteStore {
  const s = openSqliteStore(opts);
  stores.push(s);
  return s;
}
function tempPath(): string {
  const d = mkdtempSync(join(tmpdir(), 'hf-store-'));
  dirs.push(d);
  return join(d, 'data', 'homefinder.db');
}

async function recommend(store: SqliteStore, requestId: string, homeIds: string[]): Promise<void> {
  await store.recordRecommendation(
    {
      requestId,
      authority: 'E08000026',
      subjectKind: 'child',
      subjectId: 'C-1',
      childIds: ['C-1'],
      policyVersion: 'p1',
      registryVersion: await store.registryVersion(),
      requestDigest: 'd'.repeat(64),
      response: response(requestId, homeIds),
    },
    actor,
  );
}

function decision(recommendationId: string, homeId: string, childIds = ['C-1']): NewDecision {
  return {
    recommendationId,
    authority: 'E08000026',
    childIds,
    placements: childIds.map((childId) => ({ childId, homeId })),
    chosenRank: 1,
    topHomeId: homeId,
    decidedBy: 'officer-7',
    reason: null,
    approver: null,
    approvalsRequired: [],
    overriddenRules: [],
    notes: null,
  };
}

describe('SqliteStore: schema', () => {
  it('creates the file under data/, in WAL mode with foreign keys and the latest migration', () => {
    const path = tempPath();
    const s = memory({ path });
    expect(statSync(path).isFile()).toBe(true);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(s.db.pragma('user_version', { simple: true })).toBe(1);
  });
});

describe('SqliteStore: homes', () => {
  it('creates, updates, sets vacancies and closes, bumping versions and the registry version, each audited', async () => {
    const s = memory();
    expect(await s.registryVersion()).toBe('r0');
    const created = await s.createHome({ home: home('H-1'), authority: 'E08000026' }, actor);
    expect(created).toMatchObject({ status: 'open', version: 1, authority: 'E08000026' });
    const updated = await s.updateHome({ home: home('H-1', { annualCost: 30000 }), authority: 'E08000026' }, actor, { expectedVersion: 1 });
    expect(updated.version).toBe(2);
    const vac = await s.setVacancies('H-1', { freePlaces: 0 }, actor);
    expect(vac.home.freePlaces).toBe(0);
    expect((await s.registrySnapshot()).homes).toHaveLength(1);
    const closed = await s.closeHome('H-1', actor, 'deregistered');
    expect(closed).toMatchObject({ status: 'closed', version: 4 });
    expect(await s.registryVersion()).toBe('r4');
    const snap = await s.registrySnapshot();
    expect(snap).toMatchObject({ version: 'r4', homes: [] });
    const audit = await s.listAudit();
    expect(audit.map((e) => e.kind)).toEqual(['home.created', 'home.updated', 'home.vacancies', 'home.closed']);
    expect(audit.every((e) => e.authority === 'E08000026' && e.actorKeyId === actor.keyId)).toBe(true);
    expect((await s.verifyAudit()).ok).toBe(true);
  });

  it('serves registry snapshots from a cache that follows every change', async () => {
    const s = memory();
    await s.importHomes([{ home: home('H-1'), authority: null }, { home: home('H-2'), authority: null }], actor, { format: 'json', name: null });
    const first = await s.registrySnapshot();
    await s.setVacancies('H-2', { freePlaces: 0 }, actor);
    const second = await s.registrySnapshot();
    expect(second.homes[0]).toBe(first.homes[0]);
    expect(second.homes.map((h) => [h.home.id, h.home.freePlaces, h.version])).toEqual([
      ['H-1', 2, 1],
      ['H-2', 0, 2],
    ]);
    await s.closeHome('H-1', actor, null);
    expect((await s.registrySnapshot()).homes.map((h) => h.home.id)).toEqual(['H-2']);
  });

  it('refuses duplicates, stale versions, another provider, closed homes and freePlaces over places', async () => {
    const s = memory();
    await s.createHome({ home: home('H-1'), authority: 'E08000026' }, provider, { providerId: 'P-1' });
    await expect(s.createHome({ home: home('H-1'), authority: null }, actor)).rejects.toMatchObject({ status: 409 });
    await expect(s.createHome({ home: home('H-2', { providerId: 'P-9' }), authority: null }, provider, { providerId: 'P-1' })).rejects.toMatchObject({ status: 403 });
    await expect(s.updateHome({ home: home('H-1'), authority: null }, actor, { expectedVersion: 7 })).rejects.toThrow(/version 1, not the expected 7/);
    await expect(s.setVacancies('H-1', { freePlaces: 1 }, provider, { providerId: 'P-2' })).rejects.toMatchObject({ status: 403 });
    await expect(s.setVacancies('H-1', { freePlaces: 3 }, actor)).rejects.toMatchObject({ status: 400, problems: [expect.objectContaining({ path: ['freePlaces'] })] });
    await expect(s.setVacancies('H-404', { freePlaces: 1 }, actor)).rejects.toMatchObject({ status: 404 });
    await s.closeHome('H-1', actor, null);
    await expect(s.setVacancies('H-1', { freePlaces: 1 }, actor)).rejects.toMatchObject({ status: 409 });
    await expect(s.closeHome('H-1', actor, null)).rejects.toMatchObject({ status: 409 });
    expect(await s.registryVersion()).toBe('r2');
  });

  it('writes nothing when the audit entry cannot be written (the change and its record are one transaction)', async () => {
    const s = memory();
    const bad = { ...home('H-1'), annualCost: Number.NaN } as Home;
    await expect(s.createHome({ home: bad, authority: null }, actor)).rejects.toThrow(/non-finite/);
    expect(await s.getHome('H-1')).toBeUndefined();
    expect(await s.registryVersion()).toBe('r0');
    expect(await s.listAudit()).toEqual([]);
  });

  it('imports all or nothing', async () => {
    const s = memory();
    await s.createHome({ home: home('H-OTHER', { providerId: 'P-2' }), authority: null }, actor);
    const summary = await s.importHomes([{ home: home('H-1'), authority: null }, { home: home('H-2'), authority: null }], actor, { format: 'json', name: 'homes.json' });
    expect(summary).toMatchObject({ created: 2, updated: 0, registryVersion: 'r2' });
    const again = await s.importHomes([{ home: home('H-1', { freePlaces: 0 }), authority: null }], actor, { format: 'csv', name: null });
    expect(again).toMatchObject({ created: 0, updated: 1 });
    const auditBefore = (await s.listAudit({ limit: 1000 })).length;
    await expect(
      s.importHomes([{ home: home('H-3'), authority: null }, { home: home('H-OTHER', { providerId: 'P-1' }), authority: null }], provider, { format: 'json', name: null }, { providerId: 'P-1' }),
    ).rejects.toMatchObject({ status: 403 });
    expect(await s.getHome('H-3')).toBeUndefined();
    expect((await s.listAudit({ limit: 1000 })).length).toBe(auditBefore);
    expect(await s.countHomes()).toBe(3);
    expect(await s.countHomes({ providerId: 'P-1' })).toBe(2);
  });
});

describe('SqliteStore: recommendations and decisions', () => {
  for (const responseEncoding of ['gzip-json', 'json'] as const) {
    it(`stores a recommendation exactly (${responseEncoding}) and audits its digest`, async () => {
      const s = memory({ path: ':memory:', responseEncoding });
      await recommend(s, 'M-1', ['H-1', 'H-2']);
      const rec = await s.getRecommendation('M-1');
      expect(rec?.response).toEqual(response('M-1', ['H-1', 'H-2']));
      const entry = await s.getAudit(rec!.auditSeq);
      expect(entry).toMatchObject({ kind: 'match.recommendation', authority: 'E08000026', payload: { requestId: 'M-1', responseDigest: rec!.responseDigest, top: [{ rank: 1, homeId: 'H-1', total: 50 }, { rank: 2, homeId: 'H-2', total: 49 }] } });
    });
  }

  it('records a decision, takes the places, and refuses a second decision or a place that has gone', async () => {
    const s = memory();
    await s.createHome({ home: home('H-1', { places: 2, freePlaces: 1 }), authority: 'E08000026' }, actor);
    await recommend(s, 'M-1', ['H-1']);
    await recommend(s, 'M-2', ['H-1']);
    const d = await s.recordDecision(decision('M-1', 'H-1'), actor);
    expect(d.vacancyChanges).toEqual([{ homeId: 'H-1', freePlacesBefore: 1, freePlacesAfter: 0 }]);
    expect((await s.getHome('H-1'))?.home.freePlaces).toBe(0);
    expect(await s.getDecision(d.id)).toEqual(d);
    await expect(s.recordDecision(decision('M-1', 'H-1'), actor)).rejects.toThrow(/already has decision/);
    const versionBefore = await s.registryVersion();
    await expect(s.recordDecision(decision('M-2', 'H-1'), actor)).rejects.toThrow(/has 0 free place\(s\) now, 1 needed/);
    expect(await s.registryVersion()).toBe(versionBefore);
    await expect(s.recordDecision(decision('M-404', 'H-1'), actor)).rejects.toMatchObject({ status: 404 });
    expect(await s.listDecisions({ authority: 'E08000026', childId: 'C-1' })).toEqual([d]);
    expect(await s.listDecisions({ authority: 'E08000025' })).toEqual([]);
    expect((await s.verifyAudit()).ok).toBe(true);
  });
});

describe('SqliteStore: audit verification against raw SQL tampering', () => {
  async function populated(): Promise<SqliteStore> {
    const s = memory();
    await s.createHome({ home: home('H-1'), authority: 'E08000026' }, actor);
    await recommend(s, 'M-1', ['H-1']);
    await s.recordDecision(decision('M-1', 'H-1'), actor);
    await s.setVacancies('H-1', { freePlaces: 2 }, actor);
    return s;
  }

  it('blocks naive UPDATE and DELETE on the log with triggers', async () => {
    const s = await populated();
    expect(() => s.db.prepare("UPDATE audit_log SET kind = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => s.db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
  });

  it('names the seq of an entry edited with the triggers dropped', async () => {
    const s = await populated();
    s.db.exec('DROP TRIGGER audit_log_no_update');
    s.db.prepare(`UPDATE audit_log SET payload = replace(payload, '"officer-7"', '"officer-8"') WHERE seq = 3`).run();
    const v = await s.verifyAudit();
    expect(v.ok).toBe(false);
    expect(v.failures[0]).toMatchObject({ seq: 3, code: 'hash_mismatch' });
    expect(v.failures[0]!.message).toMatch(/seq 3 \(decision.recorded\) was edited/);
  });

  it('detects deleted entries (middle and newest)', async () => {
    const s = await populated();
    s.db.exec('DROP TRIGGER audit_log_no_delete');
    s.db.prepare('DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)').run();
    const v = await s.verifyAudit();
    expect(v.failures.some((f) => f.code === 'head_mismatch')).toBe(true);
    s.db.pragma('foreign_keys = OFF');
    s.db.prepare('DELETE FROM audit_log WHERE seq = 1').run();
    const v2 = await s.verifyAudit();
    expect(v2.failures[0]).toMatchObject({ seq: 1, code: 'missing_entries' });
  });

  it('detects edited decision, recommendation and home rows behind the log', async () => {
    const s = await populated();
    s.db.prepare(`UPDATE decisions SET record = replace(record, '"officer-7"', '"officer-9"')`).run();
    s.db.prepare('UPDATE homes SET json = replace(json, \'"annualCost":23993\', \'"annualCost":1\')').run();
    s.db.prepare("UPDATE recommendations SET response = ?, response_encoding = 'json'").run(Buffer.from(JSON.stringify(response('M-1', ['H-9']))));
    const v = await s.verifyAudit();
    expect(v.ok).toBe(false);
    expect(v.failures).toEqual([]);
    const msgs = v.recordFailures.map((f) => f.message).join('\n');
    expect(msgs).toMatch(/decision "D-[^"]+" \(seq 3\) was edited/);
    expect(msgs).toMatch(/recommendation "M-1" \(seq 2\) was edited/);
    expect(msgs).toMatch(/home "H-1" differs from its last audited state/);
  });

  it('keeps one valid chain when two connections write to the same file', async () => {
    const path = tempPath();
    const a = memory({ path });
    const b = memory({ path });
    for (let i = 0; i < 20; i++) {
      const s = i % 2 ? a : b;
      await s.createHome({ home: home(`H-${i}`), authority: null }, actor);
    }
    expect(await a.verifyAudit()).toMatchObject({ ok: true, entries: 20 });
    expect(await b.registryVersion()).toBe('r20');
  });
});

describe('SqliteStore: keys and jobs', () => {
  it('stores only the salted hash of a key, and revokes it once', async () => {
    const s = memory();
    const { record, token } = await s.createApiKey({ role: 'placement_officer', authority: 'E08000026', label: 'Coventry' }, systemActor('cli'));
    const stored = await s.getApiKey(record.id);
    const parsed = parseApiKey(token)!;
    expect(verifySecret(stored!.salt, stored!.secretHash, parsed.secret)).toBe(true);
    const raw = JSON.stringify(s.db.prepare('SELECT * FROM api_keys').all());
    expect(raw).not.toContain(parsed.secret);
    expect((await s.revokeApiKey(record.id, actor)).revokedAt).not.toBeNull();
    await expect(s.revokeApiKey(record.id, actor)).rejects.toMatchObject({ status: 409 });
    expect((await s.listAudit()).map((e) => e.kind)).toEqual(['key.created', 'key.revoked']);
  });

  it('tracks jobs, expires finished ones, and fails those interrupted by a restart', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const s = memory({ path: ':memory:', clock: () => now });
    await s.createJob({ id: 'J-1', kind: 'match_batch', authority: 'E08000026', providerId: null }, actor);
    await s.createJob({ id: 'J-2', kind: 'match_batch', authority: 'E08000026', providerId: null }, actor);
    const done = await s.updateJob('J-1', { status: 'succeeded', progress: 1, result: { n: 1 }, finishedAt: now.toISOString(), expiresAt: '2026-01-02T00:00:00.000Z' });
    expect(done).toMatchObject({ status: 'succeeded', result: { n: 1 } });
    expect(await s.failInterruptedJobs(now, new Date('2026-01-03T00:00:00Z'))).toBe(1);
    expect(await s.getJob('J-2')).toMatchObject({ status: 'failed', error: { code: 'interrupted' } });
    now = new Date('2026-01-02T00:00:01Z');
    expect(await s.deleteExpiredJobs(now)).toBe(1);
    expect(await s.getJob('J-1')).toBeUndefined();
    expect(await s.getJob('J-2')).toBeDefined();
  });
});

describe('SqliteStore: background checkpoints', () => {
  it('turns automatic checkpoints off and copies the WAL into the database from a worker thread', async () => {
    const path = tempPath();
    const s = memory({ path });
    expect(s.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(path).size;
    await s.importHomes(
      Array.from({ length: 300 }, (_, i) => ({ home: home(`H-${i}`), authority: null })),
      actor,
      { format: 'json', name: null },
    );
    expect(statSync(path).size).toBe(before);
    await new Promise((r) => setTimeout(r, 1600));
    expect(statSync(path).size).toBeGreaterThan(before);
    await s.close();
    const reopened = memory({ path });
    expect(await reopened.countHomes()).toBe(300);
    expect((await reopened.verifyAudit()).ok).toBe(true);
  });
});
