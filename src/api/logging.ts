import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';

/**
 * Structured JSON logs (pino). Request logs carry the request id, method, path, status, latency and the
 * acting key id, and never a body: match requests hold a child's profile, which must never reach a log.
 * API keys in headers are not logged either (only the headers listed here are).
 */

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The service logger. `HOMEFINDER_LOG_LEVEL` sets the level (default info; "silent" in tests).
 *
 * @example
 * const logger = createLogger({ level: 'info' });
 */
export function createLogger(opts: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const level = opts.level ?? process.env.HOMEFINDER_LOG_LEVEL ?? 'info';
  const base = {
    level,
    base: { service: 'homefinder' },
    // Defence in depth: should anything ever log a request body or a match request, these paths are cut.
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'body', 'req.body', 'child', 'siblingGroup', '*.child', '*.siblingGroup', 'token'],
      censor: '[redacted]',
    },
  };
  return opts.destination ? pino(base, opts.destination as pino.DestinationStream) : pino(base);
}

/**
 * Request id: the caller's `X-Request-Id` when it is a safe token, else a new UUID. Echoed in the response.
 *
 * @example
 * app.use(httpLogger(logger));
 */
export function httpLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req(req: { id: unknown; method: unknown; url: unknown; headers?: Record<string, unknown> }) {
        const url = typeof req.url === 'string' ? req.url.split('?')[0] : undefined;
        return { id: req.id, method: req.method, path: url, userAgent: req.headers?.['user-agent'] };
      },
      res(res: { statusCode: unknown }) {
        return { statusCode: res.statusCode };
      },
      err(err: { type?: unknown; message?: unknown; code?: unknown }) {
        return { type: err.type, message: err.message, code: err.code };
      },
    },
    customProps(_req: IncomingMessage, res: ServerResponse) {
      const locals = (res as ServerResponse & { locals?: { principal?: { keyId: string; role: string } } }).locals;
      return locals?.principal ? { keyId: locals.principal.keyId, role: locals.principal.role } : {};
    },
    customLogLevel(_req: IncomingMessage, res: ServerResponse, err?: Error) {
      if (err || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
  });
}

/**
 * The request id pino-http assigned.
 *
 * @example
 * const id = requestIdOf(req);
 */
export function requestIdOf(req: IncomingMessage): string {
  const id = (req as IncomingMessage & { id?: unknown }).id;
  return typeof id === 'string' ? id : String(id ?? 'unknown');
}
