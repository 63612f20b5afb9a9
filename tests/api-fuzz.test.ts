/**
 * Fuzz: arbitrary JSON and mutated valid bodies sent to every endpoint. Whatever arrives, the answer is
 * never a 5xx, always JSON or problem+json, and always prompt (bounded by a per-request timeout).
 */
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childBody, homeInput, testService, type TestService } from './service-fixtures.js';

let t: TestService;
let recommendationId = '';
let topHome = '';

beforeAll(async () => {
  t = await testService();
  const m = await request(t.service.app).post('/v1/match').set('Authorization', `Bearer ${t.keys.officerCov}`).send({ child: childBody('C-FUZZ-BASE') });
  recommendationId = m.body.requestId;
  topHome = m.body.ranked[0].homeId;
});
afterAll(async () => {
  await t.service.stop();
  await t.service.store.close();
});

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Endpoint {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: () => string;
  key: () => string;
  base: () => Json;
}

const sibling = (id: string): Json => ({ id, children: [childBody(`${id}-a`), childBody(`${id}-b`, { dateOfBirth: '2016-05-05', sex: 'male' })] } as Json);
const endpoints: Endpoint[] = [
  { method: 'post', path: () => '/v1/match', key: () => t.keys.officerCov, base: () => ({ child: childBody('C-F') }) as Json },
  { method: 'post', path: () => '/v1/match', key: () => t.keys.officerCov, base: () => ({ siblingGroup: sibling('G-F'), top: 3 }) },
  { method: 'post', path: () => '/v1/decisions', key: () => t.keys.officerCov, base: () => ({ recommendationId, homeId: topHome, decidedBy: 'officer-1' }) },
  { method: 'post', path: () => '/v1/homes', key: () => t.keys.admin, base: () => homeInput('H-FUZZ') as Json },
  { method: 'put', path: () => '/v1/homes/H-COV-2', key: () => t.keys.providerCov, base: () => homeInput('H-COV-2', { location: { district: 'CV5' }, places: 3, freePlaces: 2 }) as Json },
  { method: 'patch', path: () => '/v1/homes/H-COV-2/vacancies', key: () => t.keys.providerCov, base: () => ({ freePlaces: 1 }) },
  { method: 'delete', path: () => '/v1/homes/H-FUZZ', key: () => t.keys.admin, base: () => ({ reason: 'fuzz' }) },
  { method: 'post', path: () => '/v1/homes/import', key: () => t.keys.admin, base: () => [homeInput('H-FUZZ-IMP')] as Json },
  { method: 'post', path: () => '/v1/jobs', key: () => t.keys.officerCov, base: () => ({ kind: 'match_batch', input: { requests: [{ child: childBody('C-FJ') }] } }) as Json },
  { method: 'post', path: () => '/v1/keys', key: () => t.keys.admin, base: () => ({ role: 'commissioner', authority: 'E08000026' }) },
  { method: 'get', path: () => '/v1/audit', key: () => t.keys.officerCov, base: () => ({}) },
  { method: 'get', path: () => '/v1/homes', key: () => t.keys.admin, base: () => ({}) },
];

/** Every path to a node of a JSON value. */
function nodePaths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...nodePaths(x, [...prefix, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...nodePaths(x, [...prefix, k]));
  return out;
}

/** Apply one mutation at a path: delete, replace with arbitrary JSON, add an unknown key, or wrap in an array. */
function mutate(v: Json, path: (string | number)[], op: number, payload: Json): Json {
  if (path.length === 0) return op % 2 ? payload : [v];
  const copy = structuredClone(v);
  let parent: Json = copy;
  for (const p of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[p] as Json;
  const last = path.at(-1)!;
  const container = parent as Record<string | number, Json>;
  switch (op % 4) {
    case 0:
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete container[last];
      break;
    case 1:
      container[last] = payload;
      break;
    case 2:
      if (container[last] && typeof container[last] === 'object' && !Array.isArray(container[last])) (container[last] as Record<string, Json>).__unknown__ = payload;
      else container[last] = null;
      break;
    default:
      container[last] = [container[last] as Json];
  }
  return copy;
}

async function send(e: Endpoint, body: Json | string, query = ''): Promise<request.Response> {
  const r = request(t.service.app)[e.method](`${e.path()}${query}`).set('Authorization', `Bearer ${e.key()}`).timeout({ response: 10_000, deadline: 15_000 });
  if (typeof body === 'string') return r.set('Content-Type', 'application/json').send(body);
  return r.set('Content-Type', 'application/json').send(JSON.stringify(body));
}

function check(res: request.Response): void {
  expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBeLessThan(500);
  expect(res.headers['content-type']).toMatch(/^application\/(problem\+)?json/);
  if (res.status >= 400) expect(res.body).toMatchObject({ status: res.status, problems: expect.any(Array) });
}

describe('fuzz: never a 5xx, never a hang', () => {
  it('arbitrary JSON to every endpoint', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), fc.jsonValue({ maxDepth: 4 }), async (e, body) => {
        check(await send(e, body as Json));
      }),
      { numRuns: 60 },
    );
  });

  it('mutated valid bodies to every endpoint', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), fc.nat(), fc.nat(), fc.jsonValue({ maxDepth: 3 }), async (e, pick, op, payload) => {
        const base = e.base();
        const paths = nodePaths(base);
        const body = mutate(base, paths[pick % paths.length]!, op, payload as Json);
        check(await send(e, body));
      }),
      { numRuns: 100 },
    );
  });

  it('malformed text, odd query strings and odd ids', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        fc.string({ maxLength: 60 }),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
        async (e, text, query) => {
          check(await send(e, text));
          const qs = new URLSearchParams(query).toString();
          check(await send(e, e.base(), qs ? `?${qs}` : ''));
        },
      ),
      { numRuns: 40 },
    );
    // Pathologically deep nesting inside the size limit.
    const deep = ['{"child": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}', '[' + '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000) + ']'];
    for (const e of endpoints) for (const body of deep) check(await send(e, body));
    for (const id of ['%00', '..%2F..%2Fetc', 'x'.repeat(500), '%E2%82%AC', 'a b']) {
      for (const p of [`/v1/homes/${id}`, `/v1/decisions/${id}`, `/v1/jobs/${id}`, `/v1/audit/${id}`, `/v1/recommendations/${id}`]) {
        check(await request(t.service.app).get(p).set('Authorization', `Bearer ${t.keys.admin}`));
      }
    }
  });
});
