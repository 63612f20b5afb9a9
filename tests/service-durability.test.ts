/**
 * Durability: the compiled server is killed with SIGKILL in the middle of a burst of matches, decisions,
 * vacancy changes and imports. After a restart every acknowledged write is there, nothing is half-written
 * (the audit chain and every row it vouches for verify), and the server serves again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultGeography } from '../geo/geography.js';
import { parseHomesJson } from '../src/api/import/homes-json.js';
import { validateImport } from '../src/api/import/validate-homes.js';
import { openSqliteStore, systemActor } from '../src/store/index.js';
import { childBody, COVENTRY, homeInput, SEED_HOMES } from './service-fixtures.js';
import { killServer, startServerProcess, type ServerProcess } from './service-process.js';

let dir: string;
let officer = '';
let admin = '';
let server: ServerProcess | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hf-durable-'));
  const store = openSqliteStore({ path: join(dir, 'homefinder.db') });
  // Plenty of places so the burst's decisions succeed.
  const homes = SEED_HOMES.map((h) => ({ ...h, places: 200, freePlaces: 200 }));
  await store.importHomes(validateImport(parseHomesJson(JSON.stringify(homes)), defaultGeography(), 'seed'), systemActor(), { format: 'json', name: 'seed' });
  officer = (await store.createApiKey({ role: 'placement_officer', authority: COVENTRY }, systemActor())).token;
  admin = (await store.createApiKey({ role: 'admin' }, systemActor())).token;
  await store.close();
}, 180_000);

afterAll(async () => {
  if (server) await killServer(server, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function post(url: string, path: string, token: string, body: unknown, contentType = 'application/json'): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('durability under kill -9', () => {
  it('keeps every acknowledged write and a verifiable audit log', async () => {
    server = await startServerProcess(dir);
    const url = server.url;
    const acked = { decisions: new Map<string, Record<string, unknown>>(), homes: new Set<string>(), recommendations: new Set<string>(), vacancies: new Map<string, number>() };
    let stop = false;
    let n = 0;
    const worker = async (w: number): Promise<void> => {
      while (!stop) {
        const i = ++n;
        try {
          if (w === 0) {
            const id = `H-DUR-${i}`;
            const r = await post(url, '/v1/homes/import', admin, JSON.stringify([homeInput(id, { location: { district: 'CV1' } }), homeInput(`${id}-b`, { location: { district: 'CV4' } })]));
            if (r.status === 200) {
              acked.homes.add(id);
              acked.homes.add(`${id}-b`);
            }
          } else if (w === 1) {
            const free = i % 150;
            const res = await fetch(`${url}/v1/homes/H-COV-2/vacancies`, { method: 'PATCH', headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ freePlaces: free, places: 200 }) });
            if (res.status === 200) acked.vacancies.set('H-COV-2', free);
          } else {
            const m = await post(url, '/v1/match', officer, { child: childBody(`C-DUR-${i}`), top: 3 });
            if (m.status !== 200) continue;
            acked.recommendations.add(m.body.requestId as string);
            const ranked = m.body.ranked as { homeId: string }[];
            const top = ranked.find((c) => c.homeId !== 'H-COV-2') ?? ranked[0];
            if (!top) continue;
            const d = await post(url, '/v1/decisions', officer, { recommendationId: m.body.requestId, homeId: top.homeId, decidedBy: 'officer-9' });
            if (d.status === 201) acked.decisions.set(d.body.id as string, d.body);
          }
        } catch {
          // The connection dies with the server: that write was not acknowledged.
        }
      }
    };
    const workers = [0, 1, 2, 3, 4].map(worker);
    // Let the burst run, then kill the server in the middle of it.
    await new Promise((r) => setTimeout(r, 2500));
    const killedWith = await killServer(server, 'SIGKILL');
    stop = true;
    await Promise.all(workers);
    expect(killedWith).toBeNull();
    expect(acked.decisions.size).toBeGreaterThan(3);
    expect(acked.homes.size).toBeGreaterThan(3);

    // Restart on the same data: everything acknowledged is there.
    server = await startServerProcess(dir);
    for (const [id, body] of acked.decisions) {
      const res = await fetch(`${server.url}/v1/decisions/${id}`, { headers: { Authorization: `Bearer ${officer}` } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(body);
    }
    for (const id of acked.homes) {
      const res = await fetch(`${server.url}/v1/homes/${id}`, { headers: { Authorization: `Bearer ${admin}` } });
      expect(res.status, id).toBe(200);
    }
    for (const id of acked.recommendations) {
      const res = await fetch(`${server.url}/v1/recommendations/${id}`, { headers: { Authorization: `Bearer ${officer}` } });
      expect(res.status, id).toBe(200);
    }
    const after = await fetch(`${server.url}/v1/match`, { method: 'POST', headers: { Authorization: `Bearer ${officer}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ child: childBody('C-AFTER') }) });
    expect(after.status).toBe(200);
    await killServer(server, 'SIGTERM');
    server = undefined;

    // `audit verify`: the chain and every row it vouches for are intact; nothing half-written.
    const store = openSqliteStore({ path: join(dir, 'homefinder.db') });
    const v = await store.verifyAudit();
    expect(v.failures).toEqual([]);
    expect(v.recordFailures).toEqual([]);
    expect(v.ok).toBe(true);
    const decisionsInDb = await store.listDecisions({ limit: 1000 });
    expect(decisionsInDb.length).toBeGreaterThanOrEqual(acked.decisions.size);
    await store.close();
  }, 240_000);
});
