/**
 * Demo data generation speed: the 700-child authority (Coventry) and the ~10,000-child region.
 * Medians over repeated runs with tinybench.
 */
import { Bench } from 'tinybench';
import { generateDemo } from '../src/demo/generate.js';

/**
 * Time `generateDemo` for Coventry and for the West Midlands region.
 *
 * @example
 * console.log(await runDemoBenchmarks());
 */
export async function runDemoBenchmarks(): Promise<Record<string, unknown>> {
  generateDemo({ seed: 1, authorities: ['E08000026'] }); // warm the CSV caches
  const bench = new Bench({ iterations: 5, warmupIterations: 1, time: 0 });
  bench.add('coventry (published total, ~684 children)', () => {
    generateDemo({ seed: 1, authorities: ['E08000026'] });
  });
  bench.add('west midlands region (10,000 children)', () => {
    generateDemo({ seed: 1, children: 10_000 });
  });
  await bench.run();
  const out: Record<string, unknown> = {};
  for (const t of bench.tasks) {
    const r = t.result as { latency?: { p50?: number }; period?: number } | undefined;
    out[t.name] = { medianMs: Number((r?.latency?.p50 ?? r?.period ?? NaN).toFixed(1)) };
  }
  return out;
}
