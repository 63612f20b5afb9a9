/**
 * Service load benchmark (issue 4): autocannon against the compiled server on 127.0.0.1 (never any other
 * address), on the demo region (~10,000 children, the 14 West Midlands authorities' homes), POST /v1/match
 * with a different demo child on every request. It first probes a few concurrency levels briefly, picks the
 * highest request rate whose p99 stays under 50 ms (or the lowest-latency level if none does), then runs
 * for the full duration there. Reports req/s, p50/p99, errors and non-2xx, and the server's memory before
 * and after (from its own /metrics).
 *
 * Run: `npm run bench` (the runner calls runServiceBenchmarks), or after a build:
 * `node dist/benchmarks/service.js` (60 s; BENCH_QUICK=1 for 10 s).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { DEMO_OPTIONS } from '../src/api/bootstrap.js';
import { generateDemo } from '../src/demo/generate.js';

export interface ServiceBenchmarkOptions {
  /** Length of the main run in seconds (default 60; 10 with BENCH_QUICK=1). */
  readonly durationSeconds?: number;
  /** Concurrency levels probed before the main run (default [1, 2, 4, 8]). */
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
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, HOMEFINDER_RATE_LIMIT: 'off', HOMEFINDER_LOG_LEVEL: 'warn' },
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

async function serverMemory(url: string): Promise<{ rssMb: number; heapUsedMb: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const get = (name: string): number => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  const heap = get('nodejs_heap_size_used_bytes');
  return { rssMb: Math.round(get('process_resident_memory_bytes') / 1e5) / 10, heapUsedMb: Math.round(heap / 1e5) / 10 };
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
  const levels = opts.connections ?? [1, 2, 4, 8];
  const target = opts.p99TargetMs ?? 50;
  const t0 = performance.now();
  const server = await startServer(opts.threads ?? 2, opts.verbose);
  const figures: Record<string, unknown> = {};
  try {
    figures.service_first_start_s = Math.round((performance.now() - t0) / 100) / 10;
    const keys = readFileSync(join(server.dataDir, 'demo-keys.txt'), 'utf8');
    const token = /^admin=(\S+)$/m.exec(keys)?.[1];
    if (!token) throw new Error('runServiceBenchmarks: no admin key in demo-keys.txt');
    const demo = generateDemo({ ...DEMO_OPTIONS });
    const children = demo.children.slice(0, opts.children ?? demo.children.length);
    const bodies = children.map((child) => JSON.stringify({ child, top: 10 }));
    figures.service_children = bodies.length;
    figures.service_homes = Number(/homefinder_registry_homes (\d+)/.exec(await (await fetch(`${server.url}/metrics`)).text())?.[1] ?? NaN);
    log(opts.verbose, `${bodies.length} children, ${figures.service_homes} homes; warming up`);
    let cursor = 0;
    const warm = await fire(server.url, token, bodies, 2, quick ? 3 : 5, cursor);
    cursor += warm.requests;
    const memBefore = await serverMemory(server.url);

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
    log(opts.verbose, `main run: ${chosen.connections} connections for ${duration} s`);
    const main = await fire(server.url, token, bodies, chosen.connections, duration, cursor);
    await new Promise((r) => setTimeout(r, 2000));
    const memAfter = await serverMemory(server.url);

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
    figures.service_p99_target_ms = target;
    figures.service_p99_target_met = main.p99 < target && main.errors + main.timeouts + main.non2xx === 0;
    figures.service_rss_before_mb = memBefore.rssMb;
    figures.service_rss_after_mb = memAfter.rssMb;
    figures.service_heap_before_mb = memBefore.heapUsedMb;
    figures.service_heap_after_mb = memAfter.heapUsedMb;
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
