import { z } from 'zod';
import { HomefinderError, ValidationError, type Problem } from '../domain/index.js';

/**
 * RFC 9457 problem details: the one error body every Homefinder HTTP error uses
 * (`Content-Type: application/problem+json`). `problems` lists every issue with its JSON path.
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const ProblemItemSchema = z
  .object({
    path: z.array(z.union([z.string(), z.number()])).meta({ description: 'JSON path to the offending value, e.g. ["child", "homeLocation", "postcode"]' }),
    message: z.string(),
    code: z.string(),
  })
  .meta({ id: 'ProblemItem' });

export const ProblemDocumentSchema = z
  .object({
    type: z.string().meta({ description: 'URI reference identifying the problem type, e.g. "/problems/validation_failed"' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().meta({ description: 'The request path and its request id' }),
    code: z.string(),
    requestId: z.string(),
    problems: z.array(ProblemItemSchema),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details; `problems` lists every issue found, each with its JSON path.' });
export type ProblemDocument = z.infer<typeof ProblemDocumentSchema>;

/** Titles of the problem types (by code). Unknown codes fall back to the HTTP status text. */
export const PROBLEM_TITLES: Readonly<Record<string, string>> = {
  validation_failed: 'The request is not valid',
  invalid_json: 'The request body is not valid JSON',
  payload_too_large: 'The request body is too large',
  unsupported_media_type: 'Unsupported request body encoding',
  unauthorized: 'A valid API key is required',
  forbidden: 'Not allowed for this key',
  not_found: 'Not found',
  conflict: 'Conflicts with the current state',
  rate_limited: 'Too many requests for this key',
  unavailable: 'Temporarily unavailable',
  infeasible: 'No feasible answer',
  internal: 'Internal server error',
};

const STATUS_TITLES: Readonly<Record<number, string>> = { 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable' };

/** Error shape raised by express' body parser (and other http-errors). */
interface HttpLikeError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  expose?: unknown;
  message?: unknown;
}

/**
 * Map any thrown value to a problem document. Known errors keep their status and message; body-parser
 * errors become 400/413/415; anything else is a 500 whose detail reveals nothing internal.
 *
 * @example
 * const p = toProblem(new ValidationError('parseChild: 1 problem(s)', problems), '/v1/match', 'req-1');
 * p.status; // 400
 */
export function toProblem(err: unknown, path: string, requestId: string): ProblemDocument {
  let status = 500;
  let code = 'internal';
  let detail = 'An unexpected error occurred; it has been logged with the request id.';
  let problems: Problem[] = [];
  if (err instanceof ValidationError) {
    status = 400;
    code = err.code;
    detail = err.message;
    problems = [...err.problems];
  } else if (err instanceof HomefinderError) {
    status = err.status;
    code = err.code;
    detail = err.message;
  } else if (err && typeof err === 'object') {
    const e = err as HttpLikeError;
    const s = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
    if (s >= 400 && s < 500) {
      status = s;
      const msg = typeof e.message === 'string' ? e.message : '';
      switch (e.type) {
        case 'entity.parse.failed':
          code = 'invalid_json';
          detail = `bodyParser: the request body is not valid JSON (${msg})`;
          break;
        case 'entity.too.large':
          code = 'payload_too_large';
          detail = `bodyParser: the request body exceeds the size limit (${msg})`;
          break;
        case 'encoding.unsupported':
        case 'charset.unsupported':
          code = 'unsupported_media_type';
          detail = `bodyParser: ${msg}`;
          break;
        default:
          code = s === 413 ? 'payload_too_large' : s === 415 ? 'unsupported_media_type' : 'bad_request';
          detail = e.expose === false ? (STATUS_TITLES[s] ?? 'Bad request') : msg || (STATUS_TITLES[s] ?? 'Bad request');
      }
    }
  }
  if (problems.length === 0 && status < 500) problems = [{ path: [], message: detail, code }];
  return {
    type: `/problems/${code}`,
    title: PROBLEM_TITLES[code] ?? STATUS_TITLES[status] ?? 'Error',
    status,
    detail,
    instance: `${path}#request-${requestId}`,
    code,
    requestId,
    problems: problems.map((x) => ({ path: [...x.path], message: x.message, code: x.code })),
  };
}
