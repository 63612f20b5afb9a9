import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { NotFoundError } from '../domain/index.js';
import { requestIdOf } from './logging.js';
import { PROBLEM_CONTENT_TYPE, toProblem, type ProblemDocument } from './problem.js';

/**
 * Send a problem document with its status and `application/problem+json`.
 *
 * @example
 * sendProblem(res, toProblem(err, req.path, requestIdOf(req)));
 */
export function sendProblem(res: Response, problem: ProblemDocument): void {
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/**
 * The catch-all for unknown routes: 404 problem+json.
 *
 * @example
 * app.use(notFoundHandler());
 */
export function notFoundHandler(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    next(new NotFoundError(`router: no route ${req.method} ${req.path}`));
  };
}

/**
 * THE error handler: every error of every route becomes RFC 9457 problem+json. 4xx details go to the
 * caller only (they may quote a child's data, so they are never logged); 5xx are logged with the stack
 * under the request id and the caller gets a detail that reveals nothing internal.
 *
 * @example
 * app.use(errorHandler());
 */
export function errorHandler(): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const problem = toProblem(err, req.path, requestIdOf(req));
    if (problem.status >= 500) {
      const e = err instanceof Error ? err : new Error(String(err));
      req.log?.error({ err: { type: e.name, message: e.message, stack: e.stack } }, 'request failed');
    } else {
      // Only the code and counts: problem messages can quote input values.
      (res as Response & { err?: unknown }).err = undefined;
      req.log?.debug?.({ code: problem.code, problems: problem.problems.length }, 'request rejected');
    }
    if (problem.status === 429 || problem.status === 503) {
      const retry = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      res.set('Retry-After', String(typeof retry === 'number' ? retry : 1));
    }
    sendProblem(res, problem);
  };
}
