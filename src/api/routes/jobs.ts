import { Router } from 'express';
import { principalOf } from '../auth/authenticate.js';
import { parseParams } from '../http-helpers.js';
import type { JobRunner } from '../jobs/job-runner.js';
import { z } from 'zod';

const JobIdParam = z.strictObject({ id: z.string().regex(/^J-[0-9a-f-]{36}$/, 'must be a job id such as "J-…" from a 202 response') });

/**
 * The job model: `POST /v1/jobs` answers 202 with the job (and `Location`); `GET /v1/jobs/{id}` gives
 * status, progress and, when done, the result; `DELETE /v1/jobs/{id}` cancels. Finished jobs expire.
 *
 * @example
 * v1.use(jobRoutes(runner));
 */
export function jobRoutes(runner: JobRunner): Router {
  const r = Router();
  r.post('/jobs', async (req, res) => {
    const job = await runner.submit(req.body, principalOf(res));
    res.status(202).location(`/v1/jobs/${job.id}`).json(job);
  });
  r.get('/jobs/:id', async (req, res) => {
    const { id } = parseParams(JobIdParam, req, 'getJob');
    res.json(await runner.get(id, principalOf(res)));
  });
  r.delete('/jobs/:id', async (req, res) => {
    const { id } = parseParams(JobIdParam, req, 'cancelJob');
    res.status(202).json(await runner.cancel(id, principalOf(res)));
  });
  return r;
}
