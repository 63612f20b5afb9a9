import { Router } from 'express';
import type { ServiceState } from '../service-state.js';
import { sendProblem } from '../error-handler.js';
import { requestIdOf } from '../logging.js';
import { toProblem } from '../problem.js';
import { UnavailableError } from '../../domain/index.js';

/**
 * `/healthz`: the process is up (liveness). `/readyz`: it can serve traffic: the store answers and the
 * registry is built; 503 problem+json while starting or draining (readiness).
 *
 * @example
 * app.use(healthRoutes(state));
 */
export function healthRoutes(state: ServiceState): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (req, res) => {
    const checks = await state.readiness();
    if (state.draining || !checks.ok) {
      const detail = state.draining ? 'readyz: the server is draining for shutdown' : `readyz: not ready (${checks.reason})`;
      sendProblem(res.set('Retry-After', '1'), toProblem(new UnavailableError(detail), req.path, requestIdOf(req)));
      return;
    }
    res.json({ status: 'ready', checks: checks.details });
  });
  return r;
}
