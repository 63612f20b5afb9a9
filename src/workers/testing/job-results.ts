/**
 * For tests of the job worker: a job result without its timings (wall-clock and CPU figures differ from
 * run to run; everything else must be identical between the worker and the in-process path).
 *
 * @example
 * expect(withoutTimings(fromWorker)).toEqual(withoutTimings(inline));
 */
export function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (/(ms|Ms|timing|cpu|Cpu|perSecond|generatedAt)$/.test(k) || /^timing/.test(k)) continue;
    out[k] = withoutTimings(v);
  }
  return out;
}
