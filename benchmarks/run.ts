/**
 * `npm run bench`: every benchmark, one after another in one process run, medians reported as JSON
 * (written to stdout and to bench-results.json). The machines are shared and noisy: compare ratios measured
 * in the same run. Select suites with BENCH_ONLY=match,solver; BENCH_QUICK=1 shortens the service load test.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { runDemoBenchmarks } from './demo.js';
import { runMatchBenchmarks } from './match.js';
import { runRematchBenchmarks } from './rematch.js';
import { runServiceBenchmarks } from './service.js';
import { runSimulateBenchmarks } from './simulate.js';
import { runSolverBenchmarks } from './solver.js';

const suites: Record<string, () => Promise<Record<string, unknown>>> = {
  demo: runDemoBenchmarks,
  match: () => runMatchBenchmarks(),
  solver: () => runSolverBenchmarks(),
  rematch: () => runRematchBenchmarks(),
  simulate: () => runSimulateBenchmarks(),
  service: () => runServiceBenchmarks(),
};

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = (only ?? []).filter((s) => !(s in suites));
  if (unknown.length) {
    process.stderr.write(`bench: unknown suite(s) ${unknown.map((s) => `"${s}"`).join(', ')}; known: ${Object.keys(suites).join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  const results: Record<string, unknown> = {
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadavgAtStart: loadavg().map((x) => Number(x.toFixed(2))) },
  };
  for (const [name, run] of Object.entries(suites)) {
    if (only && !only.includes(name)) continue;
    process.stderr.write(`bench: ${name}...\n`);
    const t0 = performance.now();
    try {
      results[name] = await run();
    } catch (e) {
      results[name] = { error: e instanceof Error ? e.message : String(e) };
      process.exitCode = 1;
    }
    process.stderr.write(`bench: ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const json = JSON.stringify(results, null, 2);
  writeFileSync('bench-results.json', `${json}\n`);
  process.stdout.write(`${json}\n`);
}

await main();
