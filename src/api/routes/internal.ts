import { Router } from 'express';
import { ForbiddenError } from '../../domain/index.js';
import { principalOf } from '../auth/authenticate.js';

/** Heap and RSS figures in bytes, as `process.memoryUsage()` gives them. */
export interface MemoryFigures {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

/**
 * The benchmark's memory probe, `POST /v1/internal/gc` (admin keys only): forces a full garbage
 * collection and answers the memory before and after it, so a load benchmark can tell a leak (live heap
 * after GC grows with requests) from V8 merely growing its heap. It is mounted only when the service
 * config enables it (`HOMEFINDER_INTERNAL_GC=1`) AND the process exposes `gc` (`node --expose-gc`), so a
 * normal `npm start` has no such route.
 *
 * @param gc the collector (`globalThis.gc` under `--expose-gc`)
 * @example
 * if (config.internalGc && typeof globalThis.gc === 'function') v1.use(internalRoutes(globalThis.gc));
 */
export function internalRoutes(gc: () => void): Router {
  const r = Router();
  r.post('/internal/gc', (_req, res) => {
    const actor = principalOf(res);
    if (actor.role !== 'admin') throw new ForbiddenError(`internalGc: role "${actor.role}" may not force a garbage collection (admin only)`);
    const before = figures();
    // Two passes: the first may only queue finalisers (weak refs, FinalizationRegistry) the second frees.
    gc();
    gc();
    res.json({ before, after: figures() });
  });
  return r;
}

function figures(): MemoryFigures {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers };
}
