/**
 * Service load benchmark (issue 4): autocannon against the compiled server on 127.0.0.1 (never any other
 * address), on the demo region (~10,000 children, the 14 West Midlands authorities' homes), POST /v1/match
 * with a different demo child on every request. It first probes a few concurrency levels briefly, picks the
 * highest request rate whose p99 stays under 50 ms (or the lowest-latency level if none does), then runs
 * for the full duration there. Reports req/s, p50/p99, errors and non-2xx, and the server's memory.
 *
 * Memory is measured so that a leak can be told from V8 simply growing its heap: the server runs with
 * `--expose-gc` and `HOMEFINDER_INTERNAL_GC=1`, which mounts the admin-only `POST /v1/internal/gc` probe
 * (src/api/routes/internal.ts). At three checkpoints (after warm-up, after the probes, after the main run)
 * the benchmark forces a full GC and records the live heap and RSS before and after it, with the number of
 * requests served so far; during the main run it samples heap and RSS (no forced GC, so latency is not
 * disturbed) every 10 s. The verdict compares the live heap after forced GC at the first and last
 * checkpoints: "no growth" when it moved by less than max(4 MB, 5 %), otherwise "grows" with the growth per
 * 1,000 requests (a leak: retained memory proportional to the requests served).
 *
 * A last phase ("churn", 15 s) repeats the load while a provider changes a home's vacancies every 100 ms,
 * and reports the match latency then and how the live registry followed (patched or rebuilt, from
 * /metrics), followed by a fourth GC checkpoint. It also times, in this process, a full registry build
 * against the one-home patch on the demo homes.
 *
 * Run: `npm run bench` (the runner calls runServiceBenchmarks), or after a build:
 * `node dist/benchmarks/service.js` (60 s; BENCH_QUICK=1 for 10 s).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { DEMO_OPTIONS } from '../src/api/bootstrap.js';
import { generateDemo } from '../src/demo/generate.js';
import { defaultGeography } from '../geo/geography.js';
import { buildRegistry, registryBuildKind, updateRegistry } from '../src/match/registry.js';
import type { Home } from '../src/domain/index.js';

export interface ServiceBenchmarkOptions {
  /** Length of the main run in seconds (default 60; 10 with BENCH_QUICK=1). */
  readonly durationSeconds?: number;
  /** Concurrency levels probed before the main run (default [1, 2, 4, 8, 16]). */
  readonly connections?: readonly number[];
  /** Seconds per probe (default 5; 3 with BENCH_QUICK=1). */
  readonly probeSeconds?: number;
  /** The p99 the chosen level must stay under, ms (default 50). */
  readonly p99TargetMs?: number;
  /** Scoring worker threads of the server (default 2). */
  readonly threads?: number;
  /** Distinct children cycled through (default all demo children). */
  readonly children?: number;
  /** Log progress to stderr. */
  readonly verbose?: boolean;
}

interface Server {
  child: ChildProcess;
  url: string;
  dataDir: string;
}

const HERE = dirname(fileURLToPath(import.meta.url));
const log = (verbose: boolean | undefined, msg: string): void => {
  if (verbose) process.stderr.write(`[service-bench] ${msg}\n`);
};

async function startServer(threads: number, verbose?: boolean): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hf-bench-'));
  const serveJs = join(HERE, '..', 'src', 'cli', 'commands', 'serve.js');
  const script = join(dataDir, 'run-serve.mjs');
  writeFileSync(script, `const { serve } = await import(${JSON.stringify(pathToFileURL(serveJs).href)});\nawait serve({ port: 0, host: '127.0.0.1', dataDir: ${JSON.stringify(dataDir)}, demo: true, threads: ${threads} });\n`);
  const child = spawn(process.execPath, ['--expose-gc', script], {
    env: { ...process.env, HOMEFINDER_RATE_LIMIT: 'off', HOMEFINDER_LOG_LEVEL: 'warn', HOMEFINDER_INTERNAL_GC: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`runServiceBenchmarks: server not up after 180 s\n${err}`));
    }, 180_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /homefinder: listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`runServiceBenchmarks: server exited with ${code}\n${err}`));
    });
  });
  log(verbose, `server at ${url} (data ${dataDir})`);
  return { child, url, dataDir };
}

const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;

/** Heap and RSS as the server's /metrics reports them (no forced GC). */
async function serverMemory(url: string): Promise<{ rssMb: number; heapUsedMb: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const get = (name: string): number => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  const heap = get('nodejs_heap_size_used_bytes');
  return { rssMb: mb(get('process_resident_memory_bytes')), heapUsedMb: mb(heap) };
}

/** One forced-GC checkpoint: memory before and after a full collection, after `requests` requests. */
export interface GcCheckpoint {
  readonly label: string;
  readonly requests: number;
  readonly heapBeforeGcMb: number;
  readonly heapAfterGcMb: number;
  readonly rssBeforeGcMb: number;
  readonly rssAfterGcMb: number;
}

async function forceGc(url: string, token: string, label: string, requests: number): Promise<GcCheckpoint> {
  const res = await fetch(`${url}/v1/internal/gc`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`runServiceBenchmarks: POST /v1/internal/gc answered ${res.status} (is the server running with --expose-gc and HOMEFINDER_INTERNAL_GC=1?)`);
  const m = (await res.json()) as { before: { heapUsed: number; rss: number }; after: { heapUsed: number; rss: number } };
  return { label, requests, heapBeforeGcMb: mb(m.before.heapUsed), heapAfterGcMb: mb(m.after.heapUsed), rssBeforeGcMb: mb(m.before.rss), rssAfterGcMb: mb(m.after.rss) };
}

/**
 * The memory verdict from the forced-GC checkpoints: the live heap after GC at the last checkpoint against
 * the first. "no growth" when it moved by less than max(4 MB, 5 % of the first); otherwise "grows", with
 * the retained megabytes per 1,000 requests (least-squares slope over the checkpoints).
 *
 * @example
 * memoryVerdict([{ label: 'a', requests: 0, heapAfterGcMb: 60, ... }, { label: 'b', requests: 9000, heapAfterGcMb: 61, ... }]);
 * // { verdict: 'no growth', growthMb: 1, mbPer1000Requests: 0.11 }
 */
export function memoryVerdict(points: readonly Pick<GcCheckpoint, 'requests' | 'heapAfterGcMb'>[]): { verdict: 'no growth' | 'grows'; growthMb: number; mbPer1000Requests: number } {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last || points.length < 2) throw new Error(`memoryVerdict: needs at least 2 checkpoints, got ${points.length}`);
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.requests, 0) / n;
  const my = points.reduce((a, p) => a + p.heapAfterGcMb, 0) / n;
  const sxx = points.reduce((a, p) => a + (p.requests - mx) ** 2, 0);
  const sxy = points.reduce((a, p) => a + (p.requests - mx) * (p.heapAfterGcMb - my), 0);
  const slope = sxx > 0 ? sxy / sxx : 0;
  const growthMb = Math.round((last.heapAfterGcMb - first.heapAfterGcMb) * 10) / 10;
  const tolerance = Math.max(4, 0.05 * first.heapAfterGcMb);
  return { verdict: growthMb < tolerance ? 'no growth' : 'grows', growthMb, mbPer1000Requests: Math.round(slope * 1000 * 1000) / 1000 };
}

interface Run {
  connections: number;
  seconds: number;
  requests: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

function fire(url: string, token: string, bodies: readonly string[], connections: number, seconds: number, start: number): Promise<Run> {
  let i = start;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}/v1/match`,
        connections,
        duration: seconds,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }),
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err);
        resolve({
          connections,
          seconds,
          requests: r.requests.total,
          reqPerSec: Math.round(r.requests.average * 10) / 10,
          p50: r.latency.p50,
          p99: r.latency.p99,
          max: r.latency.max,
          errors: r.errors,
          timeouts: r.timeouts,
          non2xx: r.non2xx,
        });
      },
    );
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/**
 * What one home change costs the live registry (in this process, on the demo homes): a full build against
 * the incremental patch of one home's slot (a vacancy change), medians of 15.
 */
function registryUpdateFigures(homes: readonly Home[]): { fullBuildMs: number; patchMs: number } {
  const geo = defaultGeography();
  let current = buildRegistry(homes, geo, 'r0');
  const full: number[] = [];
  const patch: number[] = [];
  let list = homes.slice();
  for (let k = 1; k <= 15; k++) {
    let t = performance.now();
    buildRegistry(list, geo, `r${k}`);
    full.push(performance.now() - t);
    const i = (k * 397) % list.length;
    const h = list[i] as Home;
    list = list.slice();
    list[i] = { ...h, freePlaces: h.freePlaces > 0 ? 0 : Math.min(1, h.places) };
    t = performance.now();
    current = updateRegistry(current, list, geo, `r${k}`);
    patch.push(performance.now() - t);
    if (registryBuildKind(current) !== 'patched') throw new Error('registryUpdateFigures: a vacancy change was not patched');
  }
  return { fullBuildMs: Math.round(median(full) * 10) / 10, patchMs: Math.round(median(patch) * 100) / 100 };
}

async function registryUpdates(url: string): Promise<{ patched: number; built: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const get = (mode: string): number => Number(new RegExp(`^homefinder_registry_updates_total\\{mode="${mode}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { patched: get('patched'), built: get('built') };
}

/** Run `load` while setting a demo home's free places every 100 ms (admin key; toggling 0 and the original). */
async function withVacancyChurn(
  url: string,
  token: string,
  homes: readonly Home[],
  load: () => Promise<Run>,
): Promise<{ run: Run; changes: number; failed: number; updates: { patched: number; built: number } }> {
  const targets = homes.filter((h) => h.freePlaces > 0).filter((_, i) => i % 37 === 0);
  if (targets.length === 0) throw new Error('withVacancyChurn: no demo home with a free place');
  const before = await registryUpdates(url);
  let changes = 0;
  let failed = 0;
  let stop = false;
  const churner = (async () => {
    for (let k = 0; !stop; k++) {
      const h = targets[k % targets.length] as Home;
      const freePlaces = Math.floor(k / targets.length) % 2 === 0 ? 0 : h.freePlaces;
      const res = await fetch(`${url}/v1/homes/${encodeURIComponent(h.id)}/vacancies`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ freePlaces }),
      });
      await res.arrayBuffer();
      if (res.ok) changes += 1;
      else failed += 1;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const run = await load().finally(() => {
    stop = true;
  });
  await churner;
  const after = await registryUpdates(url);
  return { run, changes, failed, updates: { patched: after.patched - before.patched, built: after.built - before.built } };
}

/**
 * Run the service load benchmark; returns flat figures for the bench report.
 *
 * @example
 * const figures = await runServiceBenchmarks({ durationSeconds: 10 });
 * figures.service_match_req_per_s; // e.g. 180
 */
export async function runServiceBenchmarks(opts: ServiceBenchmarkOptions = {}): Promise<Record<string, unknown>> {
  const quick = process.env.BENCH_QUICK === '1';
  const duration = opts.durationSeconds ?? (quick ? 10 : 60);
  const probeSeconds = opts.probeSeconds ?? (quick ? 3 : 5);
  const levels = opts.connections ?? [1, 2, 4, 8, 16];
  const target = opts.p99TargetMs ?? 50;
  const t0 = performance.now();
  const server = await startServer(opts.threads ?? 2, opts.verbose);
  const figures: Record<string, unknown> = {};
  try {
    figures.service_first_start_s = Math.round((performance.now() - t0) / 100) / 10;
    // Latency on a shared machine depends on what else runs: record the load next to the figures.
    figures.service_cpus = cpus().length;
    figures.service_loadavg_1m_start = Math.round((loadavg()[0] ?? 0) * 10) / 10;
    const keys = readFileSync(join(server.dataDir, 'demo-keys.txt'), 'utf8');
    const token = /^admin=(\S+)$/m.exec(keys)?.[1];
    if (!token) throw new Error('runServiceBenchmarks: no admin key in demo-keys.txt');
    const demo = generateDemo({ ...DEMO_OPTIONS });
    const children = demo.children.slice(0, opts.children ?? demo.children.length);
    const reg = registryUpdateFigures(demo.homes);
    figures.service_registry_full_build_ms = reg.fullBuildMs;
    figures.service_registry_patch_ms = reg.patchMs;
    log(opts.verbose, `registry at ${demo.homes.length} homes: full build ${reg.fullBuildMs} ms, one-home patch ${reg.patchMs} ms`);
    const bodies = children.map((child) => JSON.stringify({ child, top: 10 }));
    figures.service_children = bodies.length;
    figures.service_homes = Number(/homefinder_registry_homes (\d+)/.exec(await (await fetch(`${server.url}/metrics`)).text())?.[1] ?? NaN);
    log(opts.verbose, `${bodies.length} children, ${figures.service_homes} homes; warming up`);
    let cursor = 0;
    const startMem = await serverMemory(server.url);
    const warm = await fire(server.url, token, bodies, 2, quick ? 3 : 5, cursor);
    cursor += warm.requests;
    const memBefore = await serverMemory(server.url);
    const checkpoints: GcCheckpoint[] = [await forceGc(server.url, token, 'after warm-up', cursor)];

    const probes: Run[] = [];
    for (const c of levels) {
      const p = await fire(server.url, token, bodies, c, probeSeconds, cursor);
      cursor += p.requests;
      probes.push(p);
      log(opts.verbose, `probe ${c} connections: ${p.reqPerSec} req/s, p50 ${p.p50} ms, p99 ${p.p99} ms, errors ${p.errors + p.non2xx + p.timeouts}`);
    }
    const clean = probes.filter((p) => p.errors + p.timeouts + p.non2xx === 0);
    const meeting = clean.filter((p) => p.p99 < target);
    const chosen = (meeting.length ? meeting : clean.length ? clean : probes).reduce((a, b) => (meeting.length ? (b.reqPerSec > a.reqPerSec ? b : a) : b.p99 < a.p99 ? b : a));
    checkpoints.push(await forceGc(server.url, token, 'after probes', cursor));
    log(opts.verbose, `main run: ${chosen.connections} connections for ${duration} s`);
    const samples: { s: number; heapUsedMb: number; rssMb: number }[] = [];
    const mainStart = performance.now();
    const sampler = setInterval(() => {
      serverMemory(server.url).then(
        (m) => samples.push({ s: Math.round((performance.now() - mainStart) / 1000), ...m }),
        () => undefined,
      );
    }, 10_000);
    const main = await fire(server.url, token, bodies, chosen.connections, duration, cursor).finally(() => clearInterval(sampler));
    cursor += main.requests;
    await new Promise((r) => setTimeout(r, 2000));
    const memAfter = await serverMemory(server.url);
    checkpoints.push(await forceGc(server.url, token, 'after main run', cursor));

    // Churn: the same load while a provider changes vacancies every 100 ms. Each change moves the registry
    // version; the live registry patches the home's slot instead of rebuilding (src/match/registry.ts).
    const churnSeconds = quick ? 5 : 15;
    const churn = await withVacancyChurn(server.url, token, demo.homes, () => fire(server.url, token, bodies, chosen.connections, churnSeconds, cursor));
    cursor += churn.run.requests;
    log(opts.verbose, `churn: ${churn.changes} vacancy changes (${churn.failed} failed) during ${churnSeconds} s: ${churn.run.reqPerSec} req/s, p50 ${churn.run.p50} ms, p99 ${churn.run.p99} ms; registry updates ${JSON.stringify(churn.updates)}`);
    checkpoints.push(await forceGc(server.url, token, 'after churn', cursor));
    const verdict = memoryVerdict(checkpoints);
    for (const c of checkpoints) log(opts.verbose, `GC checkpoint ${c.label} (${c.requests} requests): heap ${c.heapBeforeGcMb} -> ${c.heapAfterGcMb} MB after GC, RSS ${c.rssBeforeGcMb} -> ${c.rssAfterGcMb} MB`);
    log(opts.verbose, `memory verdict: ${verdict.verdict} (live heap ${verdict.growthMb >= 0 ? '+' : ''}${verdict.growthMb} MB, ${verdict.mbPer1000Requests} MB per 1,000 requests)`);

    figures.service_probes = probes.map((p) => `${p.connections}c: ${p.reqPerSec} req/s p50 ${p.p50} ms p99 ${p.p99} ms`);
    figures.service_connections = main.connections;
    figures.service_duration_s = duration;
    figures.service_match_requests = main.requests;
    figures.service_match_req_per_s = main.reqPerSec;
    figures.service_match_p50_ms = main.p50;
    figures.service_match_p99_ms = main.p99;
    figures.service_match_max_ms = main.max;
    figures.service_match_errors = main.errors + main.timeouts;
    figures.service_match_non2xx = main.non2xx;
    figures.service_churn_seconds = churnSeconds;
    figures.service_churn_vacancy_changes = churn.changes;
    figures.service_churn_vacancy_failures = churn.failed;
    figures.service_churn_match_req_per_s = churn.run.reqPerSec;
    figures.service_churn_match_p50_ms = churn.run.p50;
    figures.service_churn_match_p99_ms = churn.run.p99;
    figures.service_churn_match_errors = churn.run.errors + churn.run.timeouts + churn.run.non2xx;
    figures.service_churn_registry_patched = churn.updates.patched;
    figures.service_churn_registry_built = churn.updates.built;
    figures.service_p99_target_ms = target;
    figures.service_loadavg_1m_end = Math.round((loadavg()[0] ?? 0) * 10) / 10;
    figures.service_p99_target_met = main.p99 < target && main.errors + main.timeouts + main.non2xx === 0;
    figures.service_rss_start_mb = startMem.rssMb;
    figures.service_rss_before_mb = memBefore.rssMb;
    figures.service_rss_after_mb = memAfter.rssMb;
    figures.service_heap_start_mb = startMem.heapUsedMb;
    figures.service_heap_before_mb = memBefore.heapUsedMb;
    figures.service_heap_after_mb = memAfter.heapUsedMb;
    figures.service_main_run_memory_samples = samples.map((m) => `${m.s}s: heap ${m.heapUsedMb} MB, RSS ${m.rssMb} MB`);
    figures.service_gc_checkpoints = checkpoints.map(
      (c) => `${c.label} (${c.requests} requests): heap ${c.heapBeforeGcMb} -> ${c.heapAfterGcMb} MB after forced GC; RSS ${c.rssBeforeGcMb} -> ${c.rssAfterGcMb} MB`,
    );
    figures.service_heap_after_gc_first_mb = checkpoints[0]!.heapAfterGcMb;
    figures.service_heap_after_gc_last_mb = checkpoints.at(-1)!.heapAfterGcMb;
    figures.service_rss_after_gc_first_mb = checkpoints[0]!.rssAfterGcMb;
    figures.service_rss_after_gc_last_mb = checkpoints.at(-1)!.rssAfterGcMb;
    figures.service_heap_growth_after_gc_mb = verdict.growthMb;
    figures.service_heap_mb_per_1000_requests = verdict.mbPer1000Requests;
    figures.service_memory_verdict = verdict.verdict;
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => {
      const t = setTimeout(r, 15_000);
      server.child.once('exit', () => {
        clearTimeout(t);
        r(undefined);
      });
    });
    rmSync(server.dataDir, { recursive: true, force: true });
  }
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runServiceBenchmarks({ verbose: true }).then(
    (f) => console.log(JSON.stringify(f, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
