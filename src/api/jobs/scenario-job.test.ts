import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultGeography } from '../../../geo/geography.js';
import { generateDemo, type GenerateDemoOptions } from '../../demo/generate.js';
import type { Home } from '../../domain/index.js';
import { checkCohort } from '../../rematch/cohort.js';
import { ScenarioRequestSchema, ScenarioSchema } from '../../simulate/scenario.js';
import { openSqliteStore, type Actor, type Store } from '../../store/index.js';
import { JobRunner, type JobKind } from './job-runner.js';
import { resolveRegistryBaseline, seatInRegistry, storeScenarioSources, type ScenarioSources } from './scenario-baseline.js';
import { scenarioKind } from './scenario-job.js';

const geo = defaultGeography();
const commissioner: Actor = { keyId: 'k-comm', role: 'commissioner', authority: 'E08000026', providerId: null };
const COV = 'E08000026';

/**
 * A small "live registry": the homes of a small Coventry demo. The jobs' demo cohort is generated with the
 * same seed, so it is seated in the homes it was generated in and the re-match stays quick (a registry with
 * many free places makes the static re-match slow; seating into a different registry is covered by the
 * seatInRegistry property below).
 */
let registry: Home[];
const REGISTRY_SEED = 3;
const smallDemo = (o: GenerateDemoOptions) => generateDemo({ ...o, children: Math.min(o.children ?? 40, 40) });
const sources = (homes: () => Home[]): ScenarioSources => ({
  registryHomes: async () => ({ version: 'r7', homes: homes() }),
  knownRegistry: () => ({ version: 'r7', homes: homes() }),
});

beforeAll(() => {
  registry = generateDemo({ seed: REGISTRY_SEED, authorities: [COV], children: 40, asOf: '2026-04-01' }).homes;
});

let open: { store: Store; runner: JobRunner }[] = [];
afterEach(async () => {
  for (const o of open) {
    await o.runner.drain(60_000);
    await o.store.close();
  }
  open = [];
});

function runnerWith(kind: JobKind<never>): { store: Store; runner: JobRunner } {
  const store = openSqliteStore({ path: ':memory:' });
  const runner = new JobRunner({ store, kinds: [kind], concurrency: 1, ttlMs: 60_000 });
  open.push({ store, runner });
  return { store, runner };
}

async function settle(runner: JobRunner, id: string) {
  for (let i = 0; i < 6000; i++) {
    const j = await runner.get(id, commissioner);
    if (j.status !== 'queued' && j.status !== 'running') return j;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('job did not settle');
}

describe('scenario baseline kind "registry"', () => {
  it('is accepted by the service schema only; the simulation schema stays demo | explicit', () => {
    const body = { baseline: { kind: 'registry', authorities: [COV] }, changes: [{ kind: 'cost_uplift', percent: 6 }] };
    expect(ScenarioRequestSchema.parse(body).baseline).toEqual({ kind: 'registry', authorities: [COV], seed: 1 });
    expect(ScenarioSchema.safeParse(body).success).toBe(false);
    const bad = ScenarioRequestSchema.safeParse({ ...body, baseline: { kind: 'registry', authorities: ['X1'], children: 0 } });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['baseline.authorities.0', 'baseline.children']));
  });

  it('a change removing a provider or home not in the registry is a 400 naming the field, before any job exists', async () => {
    const { runner } = runnerWith(scenarioKind(geo, sources(() => registry), { generateDemo: smallDemo }) as unknown as JobKind<never>);
    const input = {
      baseline: { kind: 'registry', authorities: [COV] },
      changes: [
        { kind: 'cost_uplift', percent: 6 },
        { kind: 'remove_homes', providerId: 'P-NOT-THERE' },
        { kind: 'remove_homes', homeIds: [registry[0]!.id, 'H-NOPE'] },
      ],
      settings: { model: 'static', runs: 1 },
    };
    const err = await runner.submit({ kind: 'scenario', input }, commissioner).then(
      () => null,
      (e: unknown) => e as { status: number; problems: { path: (string | number)[]; message: string }[] },
    );
    expect(err?.status).toBe(400);
    expect(err?.problems.map((p) => p.path)).toEqual([
      ['input', 'changes', 1, 'providerId'],
      ['input', 'changes', 2, 'homeIds', 1],
    ]);
    expect(err?.problems[0]?.message).toContain('"P-NOT-THERE"');
    expect(runner.counts()).toEqual({ queued: 0, running: 0 });
  });

  it('an explicit baseline is checked the same way at submission', async () => {
    const { runner } = runnerWith(scenarioKind(geo) as unknown as JobKind<never>);
    const input = { baseline: { kind: 'explicit', children: [], homes: registry.slice(0, 3) }, changes: [{ kind: 'remove_homes', providerId: 'P-GONE' }] };
    await expect(runner.submit({ kind: 'scenario', input }, commissioner)).rejects.toMatchObject({ status: 400, problems: [{ path: ['input', 'changes', 0, 'providerId'] }] });
  });

  it('without a live registry the service refuses a registry baseline at submission, naming baseline.kind', async () => {
    const { runner } = runnerWith(scenarioKind(geo) as unknown as JobKind<never>);
    const input = { baseline: { kind: 'registry' }, changes: [{ kind: 'cost_uplift', percent: 6 }] };
    await expect(runner.submit({ kind: 'scenario', input }, commissioner)).rejects.toMatchObject({ status: 400, problems: [{ path: ['input', 'baseline', 'kind'] }] });
  });

  it('runs on the live homes: removing a registry provider displaces its children; the report says where the baseline came from', async () => {
    // The provider with the most occupied places in the registry leaves.
    const occupied = new Map<string, number>();
    for (const h of registry) occupied.set(h.providerId, (occupied.get(h.providerId) ?? 0) + h.places - h.freePlaces);
    const provider = [...occupied.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
    const { runner } = runnerWith(scenarioKind(geo, sources(() => registry), { generateDemo: smallDemo }) as unknown as JobKind<never>);
    const job = await runner.submit(
      {
        kind: 'scenario',
        input: {
          baseline: { kind: 'registry', authorities: [COV], seed: REGISTRY_SEED },
          changes: [{ kind: 'remove_homes', providerId: provider }, { kind: 'open_homes', type: 'council_childrens_home', places: 3, districts: ['CV2'] }],
          settings: { model: 'static', runs: 1 },
        },
      },
      commissioner,
    );
    const done = await settle(runner, job.id);
    expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
    const report = done.result as { meta: { baseline: string; homes: { baseline: number; closed: number; opened: number }; displacedChildren: number; baselineSource: Record<string, unknown> } };
    expect(report.meta.homes.baseline).toBe(registry.length);
    expect(report.meta.homes.closed).toBe(registry.filter((h) => h.providerId === provider).length);
    expect(report.meta.homes.opened).toBe(1);
    expect(report.meta.displacedChildren).toBeGreaterThan(0);
    expect(report.meta.baselineSource).toMatchObject({ kind: 'registry', registryVersion: 'r7', cohort: 'demo' });
  }, 120_000);

  it('a provider that left the registry after submission fails the job with the field named', async () => {
    let homes = registry;
    const provider = registry[0]!.providerId;
    const { runner } = runnerWith(scenarioKind(geo, sources(() => homes), { generateDemo: smallDemo }) as unknown as JobKind<never>);
    const job = await runner.submit({ kind: 'scenario', input: { baseline: { kind: 'registry', authorities: [COV] }, changes: [{ kind: 'remove_homes', providerId: provider }], settings: { model: 'static' } } }, commissioner);
    homes = registry.filter((h) => h.providerId !== provider);
    const done = await settle(runner, job.id);
    expect(done.status).toBe('failed');
    expect(done.error?.problems).toMatchObject([{ path: ['changes', 0, 'providerId'], code: 'unknown_provider' }]);
  }, 60_000);
});

describe('resolveRegistryBaseline and seatInRegistry', () => {
  it('gives a consistent explicit cohort over exactly the registry homes', async () => {
    const r = await resolveRegistryBaseline({ kind: 'registry', authorities: [COV], seed: 5 }, sources(() => registry), { geo, asOf: '2026-04-01', generateDemo: smallDemo });
    expect(r.baseline.homes).toEqual(registry);
    expect(r.baseline.children.length).toBeGreaterThan(0);
    expect(r.baseline.children.filter((c) => c.currentPlacement).length).toBe(r.seated);
    expect(r.seated).toBeGreaterThan(0);
    expect(checkCohort({ children: r.baseline.children, homes: r.baseline.homes, asOf: '2026-04-01' })).toEqual([]);
    expect(r.baseline.children.every((c) => c.placingAuthority === COV)).toBe(true);
  });

  it('uses the store cohort when there is one', async () => {
    const child = generateDemo({ seed: 2, authorities: [COV], children: 5 }).children.find((c) => !c.siblingGroupId && !c.currentPlacement);
    const withCohort: ScenarioSources = { ...sources(() => registry), cohort: async () => (child ? [child] : []) };
    const r = await resolveRegistryBaseline({ kind: 'registry', seed: 1 }, withCohort, { geo, asOf: '2026-04-01' });
    expect(r.cohortSource).toBe('store');
    expect(r.baseline.children).toEqual(child ? [child] : []);
  });

  it('an empty registry is a validation error at baseline', async () => {
    await expect(resolveRegistryBaseline({ kind: 'registry', seed: 1 }, sources(() => []), { geo, asOf: '2026-04-01' })).rejects.toMatchObject({ problems: [{ path: ['baseline'] }] });
  });

  it('storeScenarioSources reads the open homes from the store snapshot', async () => {
    const s = storeScenarioSources({ registrySnapshot: async () => ({ version: 'r3', homes: registry.slice(0, 2).map((home) => ({ home })) }) });
    expect(await s.registryHomes()).toEqual({ version: 'r3', homes: registry.slice(0, 2) });
    expect(s.knownRegistry).toBeUndefined();
  });

  it('never seats more children in a home than its occupied places, moves a generated home\'s children together, and is deterministic (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 6 }), (seed, cut) => {
        const demo = generateDemo({ seed, authorities: [COV], children: 30, asOf: '2026-04-01' });
        const market = registry.slice(cut * 5);
        const a = seatInRegistry(demo.children, demo.homes, market, geo);
        const b = seatInRegistry(demo.children, demo.homes, market, geo);
        expect(a).toEqual(b);
        const byHome = new Map<string, string[]>();
        a.children.forEach((c, i) => {
          const to = c.currentPlacement?.homeId;
          if (to === undefined) return;
          const from = demo.children[i]!.currentPlacement!.homeId;
          byHome.set(to, [...(byHome.get(to) ?? []), from]);
        });
        for (const [id, from] of byHome) {
          const h = market.find((x) => x.id === id)!;
          expect(from.length).toBeLessThanOrEqual(h.places - h.freePlaces);
        }
        // Children of one generated home are seated in one registry home (or all wait).
        const seatOfGenerated = new Map<string, string | undefined>();
        a.children.forEach((c, i) => {
          const from = demo.children[i]!.currentPlacement?.homeId;
          if (from === undefined) return;
          const to = c.currentPlacement?.homeId;
          if (seatOfGenerated.has(from)) expect(seatOfGenerated.get(from)).toBe(to);
          else seatOfGenerated.set(from, to);
        });
        expect(a.seated + a.unseated).toBe(demo.children.filter((c) => c.currentPlacement).length);
      }),
      { numRuns: 15 },
    );
  });
});
