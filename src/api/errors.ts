import { HomefinderError } from '../domain/index.js';

/**
 * A key exceeded its rate limit (429, with Retry-After).
 *
 * @example
 * throw new RateLimitedError('rateLimit: key "k…" exceeded 100 requests/s', 1);
 */
export class RateLimitedError extends HomefinderError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('rate_limited', message, 429);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
