import type { z } from 'zod';
import { ValidationError, type Problem } from './errors.js';

/**
 * Turn a zod error into Homefinder problems, one per issue, each with its full path.
 *
 * @example
 * const r = ChildSchema.safeParse(input);
 * if (!r.success) throw new ValidationError('parseChild: invalid child', zodProblems(r.error));
 */
export function zodProblems(error: z.ZodError, prefix: readonly (string | number)[] = []): Problem[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    message: issue.message,
    code: issue.code,
  }));
}

/**
 * safeParse `input` with `schema`; return the data or throw a ValidationError listing every issue.
 *
 * @example
 * const child = parseOrThrow(ChildSchema, json, 'parseChild');
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, fn: string, prefix: readonly (string | number)[] = []): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const problems = zodProblems(r.error, prefix);
  throw new ValidationError(`${fn}: ${problems.length} problem(s) in the input`, problems);
}
