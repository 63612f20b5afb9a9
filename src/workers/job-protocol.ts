import type { MessagePort } from 'node:worker_threads';
import type { Problem } from '../domain/index.js';
import type { RematchInput } from '../api/jobs/rematch-compute.js';
import type { RegistrySnapshotData } from '../api/jobs/scenario-compute.js';
import type { ScenarioRequest } from '../simulate/scenario.js';

/**
 * What the job pool sends a job worker: the validated input of one long job, as structured-cloneable data
 * (no geography: each worker loads it once with defaultGeography()), and a port for progress.
 */
export type JobWork =
  | { readonly kind: 'rematch'; readonly input: RematchInput }
  | {
      readonly kind: 'scenario';
      readonly input: ScenarioRequest;
      /** The live registry data of a `registry` baseline, read on the main thread. */
      readonly registry?: RegistrySnapshotData | undefined;
    };

/** A task as piscina carries it: the work plus the progress port (transferred). */
export type JobTask = JobWork & { readonly port: MessagePort };

/** A progress message posted on the task's port. */
export interface JobProgressMessage {
  readonly fraction: number;
  readonly message?: string | undefined;
}

/** A HomefinderError raised by the job, as data (errors lose their class and fields in structured clone). */
export interface JobErrorData {
  readonly name: string;
  readonly code: string;
  readonly status: number;
  readonly message: string;
  readonly problems?: readonly Problem[] | undefined;
}

/** What a job worker answers: the job's result, or the typed error it raised on purpose. */
export type JobTaskResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: JobErrorData };
