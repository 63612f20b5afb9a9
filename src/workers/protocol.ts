import type { ColumnsTransfer } from '../scoring/columns.js';
import type { KernelParams } from '../scoring/kernel.js';

/**
 * One unit of pool work: score homes `[start, end)` of a registry for one subject, writing into the
 * caller's shared output buffer. Everything here is structured-cloneable; the two SharedArrayBuffers
 * (the registry's columns and the output) are shared, not copied.
 */
export interface ScoreTask {
  /** Identifies the registry; a worker attaches its columns once and caches the views by this key. */
  readonly registryKey: string;
  readonly columns: ColumnsTransfer;
  readonly params: KernelParams;
  readonly start: number;
  readonly end: number;
  /** Output buffer laid out by `allocScores(n, true)`. */
  readonly out: SharedArrayBuffer;
  readonly n: number;
}

/** What a worker sends back (the scores themselves are in the shared output buffer). */
export interface ScoreTaskResult {
  readonly start: number;
  readonly end: number;
  /** Milliseconds the worker spent scoring. */
  readonly ms: number;
}
