/**
 * Worker side of notebook 02's semaphore exercise. The reader's increment
 * step arrives as source text (a Worker cannot see the notebook's
 * variables); {@linkcode serveIncrementStep} rebuilds the shared counter and
 * semaphore from their buffers, waits at the start gate so every worker
 * begins together, and calls the step `increments` times.
 *
 * @module
 */

import { serveThread } from "../process/thread_protocol.ts";
import { Semaphore } from "./semaphore.ts";
import { SyncEvent } from "./sync_event.ts";

/** What the reader's step may do with the semaphore: take and give back. */
export interface StepSemaphore {
  /** Takes the permit, waiting at most `timeoutMs`; false if it did not get it. */
  acquire(timeoutMs?: number): boolean;
  /** Gives the permit back. */
  release(): void;
}

/** The reader's solution: one increment of `counter[0]`, guarded by `semaphore`. */
export type IncrementStep = (
  counter: Int32Array,
  semaphore: StepSemaphore,
) => void;

/** Why it exists: what the parent sends each worker of the exercise. */
export interface IncrementStepJob {
  /** Int32 [counter, workers ready]. */
  shared: SharedArrayBuffer;
  semaphore: SharedArrayBuffer;
  gate: SharedArrayBuffer;
  increments: number;
  /** Bound on the start-gate wait. */
  timeoutMs: number;
  /** Cap on any one acquire, so a forgotten release fails fast. */
  acquireCapMs: number;
}

/**
 * Runs `step` as the body of this worker (called from the generated module
 * that carries the reader's source).
 *
 * @example The job's shape (the body runs only inside a Worker)
 * ```ts
 * import type { IncrementStepJob } from "./step_worker.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const job: IncrementStepJob = {
 *   shared: new SharedArrayBuffer(8), semaphore: new SharedArrayBuffer(8),
 *   gate: new SharedArrayBuffer(4), increments: 10, timeoutMs: 1000,
 *   acquireCapMs: 500,
 * };
 * assertEquals(job.increments, 10);
 * ```
 */
export function serveIncrementStep(step: IncrementStep): void {
  serveThread((_context, job: IncrementStepJob) => {
    const cells = new Int32Array(job.shared);
    const counter = new Int32Array(job.shared, 0, 1);
    const semaphore = Semaphore.from(job.semaphore);
    // A forgotten release must not stall the check for the default 10 s.
    const guarded: StepSemaphore = {
      acquire: (timeoutMs = job.acquireCapMs) =>
        semaphore.acquire(Math.min(timeoutMs, job.acquireCapMs)),
      release: () => semaphore.release(),
    };
    Atomics.add(cells, 1, 1);
    if (!SyncEvent.from(job.gate).wait(job.timeoutMs)) {
      throw new Error(
        "la partida nunca se dio (el evento de inicio no se activó a tiempo)",
      );
    }
    for (let k = 0; k < job.increments; k++) step(counter, guarded);
    return job.increments;
  });
}
