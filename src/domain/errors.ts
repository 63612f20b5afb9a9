/**
 * The one small typed error hierarchy. Errors are data: each carries a machine-readable `code`, an HTTP
 * status the API edge maps it to, and (for validation) every problem with its path.
 */

/** One problem found in an input, with the JSON path to the offending value. */
export interface Problem {
  /** JSON path as an array, e.g. ["children", 2, "homeLocation", "postcode"]. */
  readonly path: readonly (string | number)[];
  /** A plain sentence naming the function and quoting the bad value. */
  readonly message: string;
  /** Stable short code, e.g. "invalid_type", "unknown_postcode", "duplicate_id", "dangling_reference". */
  readonly code: string;
}

/**
 * Base class of every error Homefinder raises on purpose.
 *
 * @example
 * try { doWork(); } catch (e) { if (e instanceof HomefinderError) console.log(e.code, e.status); }
 */
export class HomefinderError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 500) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
  }
}

/**
 * Bad input: lists every problem found (never only the first).
 *
 * @example
 * throw new ValidationError('parseChild: 2 problems', [{ path: ['sex'], message: '...', code: 'invalid_value' }]);
 */
export class ValidationError extends HomefinderError {
  readonly problems: readonly Problem[];
  constructor(message: string, problems: readonly Problem[]) {
    super('validation_failed', message, 400);
    this.problems = problems;
  }
}

/** A referenced entity does not exist. */
export class NotFoundError extends HomefinderError {
  constructor(message: string) {
    super('not_found', message, 404);
  }
}

/** The request conflicts with the current state (e.g. a duplicate id, a closed home). */
export class ConflictError extends HomefinderError {
  constructor(message: string) {
    super('conflict', message, 409);
  }
}

/** Missing or invalid credentials. */
export class UnauthorizedError extends HomefinderError {
  constructor(message = 'A valid API key is required.') {
    super('unauthorized', message, 401);
  }
}

/** Authenticated, but not allowed to do this (wrong role or authority). */
export class ForbiddenError extends HomefinderError {
  constructor(message: string) {
    super('forbidden', message, 403);
  }
}

/** A temporary failure the caller may retry (worker crash or timeout, overload). */
export class UnavailableError extends HomefinderError {
  constructor(message: string) {
    super('unavailable', message, 503);
  }
}

/** A solver or model could not produce an answer (e.g. infeasible with compulsory assignments). */
export class InfeasibleError extends HomefinderError {
  constructor(message: string) {
    super('infeasible', message, 422);
  }
}
