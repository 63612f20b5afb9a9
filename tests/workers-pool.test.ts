import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGeography } from '../geo/geography.js';
import { DEFAULT_POLICY, UnavailableError, type Home } from '../src/domain/index.js';
import { match, scoreAll } from '../src/match/engine.js';
import { buildRegistry } from '../src/match/registry.js';
import { resolveSubject } from '../src/match/resolve-child.js';
import { childInput, homeInput, requestOf } from '../src/match/testing/requests.js';
import { syntheticChild, syntheticHomes } from '../src/match/testing/synthetic.js';
import { fakeGeography, homesArb, subjectArb, overridesArb } from '../src/scoring/testing/arbitraries.js';
import { registryOf } from '../src/scoring/testing/fixtures.js';
import type { ResolvedHome } from '../src/scoring/types.js';
import { createMatchPool, type MatchPool } from '../src/workers/pool.js';
import { compiledWorker } from '../src/workers/worker-path.js';
import { ensureWorkersBuilt } from '../src/workers/testing/ensure-built.js';

const geo = fakeGeography();
let pool: MatchPool;

beforeAll(async () => {
  ensureWorkersBuilt();
  pool = createMatchPool({ threads: 2, minHomes: 0 });
  await pool.warmup();
}, 240_000);
afterAll(async () => {
  await pool?.destroy();
});

function toHome(r: ResolvedHome): Home {
  const { index: _i, point: _p, district: _d, authority: _a, setting: _s, ...home } = r;
  return home as Home;
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));

describe('worker pool', () => {
  it('scores exactly as the single-thread path (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        homesArb(1, 30).chain((hs) => fc.tuple(fc.constant(hs), subjectArb(hs.length), overridesArb(hs.length))),
        async ([homes, subject, overrides]) => {
          const reg = buildRegistry(homes.map(toHome), geo);
          const single = scoreAll(subject, reg, DEFAULT_POLICY, overrides, geo);
          const pooled = await pool.scoreAll(subject, reg, DEFAULT_POLICY, overrides, geo);
          expect(pool.lastStats.pooled).toBe(true);
          expect(same(pooled.totals, single.totals)).toBe(true);
          expect(same(pooled.eligible, single.eligible)).toBe(true);
          expect(same(pooled.broken, single.broken)).toBe(true);
          expect(same(pooled.km, single.km)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('returns exactly the same match response, sibling groups and same-day included', async () => {
    const homes = syntheticHomes(300, ['CV1', 'CV2', 'CV3', 'CV6', 'B1', 'CV34', 'ST1', 'B90'], 3);
    const reg = buildRegistry(homes, geo);
    const requests = [
      requestOf({ child: childInput({ needs: { behaviour: 2 } }), top: 10 }),
      requestOf({ child: childInput({ urgency: 'same_day' }), top: 5 }),
      requestOf({ siblingGroup: { id: 'G-1', children: [childInput({ id: 'C-1' }), childInput({ id: 'C-2', dateOfBirth: '2012-01-01' }), childInput({ id: 'C-3' })] }, top: 50 }),
    ];
    for (const req of requests) {
      const a = match(req, reg, geo, { requestId: 'same' });
      const b = await pool.match(req, reg, geo, { requestId: 'same' });
      expect(b).toEqual(a);
    }
  });

  it('equals the single path on a large synthetic West Midlands registry', async () => {
    const real = loadGeography();
    const wm = real.postcodes.all().filter((d) => d.regionCode === 'E12000005').map((d) => d.district);
    const reg = buildRegistry(syntheticHomes(25_000, wm, 11), real);
    for (const seed of [1, 2, 3]) {
      const req = requestOf({ child: syntheticChild(seed, wm, 'E08000026'), top: 20 });
      expect(await pool.match(req, reg, real, { requestId: 'x' })).toEqual(match(req, reg, real, { requestId: 'x' }));
      expect(pool.lastStats).toMatchObject({ pooled: true, tasks: 2 });
    }
    expect(pool.stats()).toMatchObject({ threads: 2, queueSize: 0 });
    expect(pool.stats().completed).toBeGreaterThan(0);
  });

  it('keeps small registries on the calling thread', async () => {
    const small = createMatchPool({ threads: 2, minHomes: 1000 });
    try {
      const reg = buildRegistry([homeInput()], geo);
      const subject = resolveSubject({ child: childInput() }, DEFAULT_POLICY, geo, { asOf: '2026-11-22', registry: reg });
      const s = await small.scoreAll(subject, reg, DEFAULT_POLICY, [], geo);
      expect(small.lastStats.pooled).toBe(false);
      expect(s.eligible[0]).toBe(1);
    } finally {
      await small.destroy();
    }
  });
});

describe('worker failures surface as UnavailableError', () => {
  const reg = registryOf([]);
  const run = async (mode: string, timeoutMs = 5_000) => {
    process.env.HF_FAULTY_MODE = mode;
    const p = createMatchPool({ threads: 2, minHomes: 0, filename: compiledWorker('testing/faulty-worker'), taskTimeoutMs: timeoutMs });
    try {
      const big = buildRegistry([homeInput({ id: 'H-1' }), homeInput({ id: 'H-2' })], geo);
      const subject = resolveSubject({ child: childInput() }, DEFAULT_POLICY, geo, { asOf: '2026-11-22', registry: big });
      return await p.scoreAll(subject, big, DEFAULT_POLICY, [], geo).then(
        () => undefined,
        (e: unknown) => e,
      );
    } finally {
      await p.destroy();
      delete process.env.HF_FAULTY_MODE;
    }
  };
  it('a worker that throws', async () => {
    const e = await run('throw');
    expect(e).toBeInstanceOf(UnavailableError);
    expect((e as UnavailableError).status).toBe(503);
    expect((e as Error).message).toMatch(/scoreAll: a scoring worker failed \(faulty worker: thrown on purpose\)/);
  });
  it('a worker thread that exits', async () => {
    expect(await run('exit')).toBeInstanceOf(UnavailableError);
  });
  it('a worker that never answers (timeout)', async () => {
    const e = await run('hang', 300);
    expect(e).toBeInstanceOf(UnavailableError);
    expect((e as Error).message).toMatch(/timed out after 300 ms/);
  });
  it('the empty registry helper is well-formed', () => {
    expect(reg.columns.n).toBe(0);
  });
});
