import type { Geography } from '../../../geo/types.js';
import type { MatchRequest, MatchResponse } from '../../domain/index.js';
import { match, type MatchOptions } from '../../match/engine.js';
import type { Registry } from '../../match/registry.js';

/**
 * Where scoring runs. `inline` scores on the event loop (small requests: a pool round trip costs more
 * than the work); a worker-pool executor (src/workers) takes large ones.
 */
export interface MatchExecutor {
  readonly name: string;
  run(request: MatchRequest, registry: Registry, geo: Geography, opts: MatchOptions): Promise<MatchResponse>;
  /** Live pool figures for /metrics (undefined for inline). */
  stats?(): { threads: number; queueSize: number; utilization: number; completed: number } | undefined;
  /** Wait for running tasks, then stop the workers. */
  close?(): Promise<void>;
}

/**
 * Score on the calling thread.
 *
 * @example
 * const res = await inlineExecutor.run(request, registry, geo, { requestId: 'r1' });
 */
export const inlineExecutor: MatchExecutor = {
  name: 'inline',
  async run(request, registry, geo, opts) {
    return match(request, registry, geo, opts);
  },
};
