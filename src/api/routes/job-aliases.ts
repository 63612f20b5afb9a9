import { Router } from 'express';
import { principalOf } from '../auth/authenticate.js';
import type { JobRunner } from '../jobs/job-runner.js';

/**
 * Resource-named entry points for long jobs: `POST /v1/rematch` and `POST /v1/scenarios` submit a job of
 * that kind with the body as its input, exactly like `POST /v1/jobs { kind, input }`: 202 with the job and
 * a `Location` to poll.
 *
 * @example
 * v1.use(jobAliasRoutes(runner, { '/rematch': 'rematch', '/scenarios': 'scenario' }));
 */
export function jobAliasRoutes(runner: JobRunner, aliases: Readonly<Record<string, string>>): Router {
  const r = Router();
  for (const [path, kind] of Object.entries(aliases)) {
    r.post(path, async (req, res) => {
      const job = await runner.submit({ kind, input: req.body }, principalOf(res));
      res.status(202).location(`/v1/jobs/${job.id}`).json(job);
    });
  }
  return r;
}
