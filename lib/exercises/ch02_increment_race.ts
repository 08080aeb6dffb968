/**
 * The race of notebook 02's semaphore exercise: the reader's increment step
 * runs in real Workers sharing one counter and a one-permit semaphore, so
 * what is measured is the reader's own code racing for real. It runs inside
 * the isolated child of `run_isolated.ts` (see `ch02_step_harness.ts`), so a
 * step that never ends is killed with that child.
 *
 * @module
 */

import { delay } from "../process/timing.ts";
import { ThreadHandle } from "../process/thread.ts";
import { Semaphore } from "../sync/semaphore.ts";
import type { IncrementStep, IncrementStepJob } from "../sync/step_worker.ts";
import { SyncEvent } from "../sync/sync_event.ts";

/** Why it exists: the outcome of one run of the reader's step in Workers. */
export interface IncrementStepRun {
  /** Workers that ran the step. */
  workers: number;
  /** Increments per worker. */
  increments: number;
  /** workers × increments. */
  expected: number;
  /** What the shared counter ended at. */
  final: number;
  /** expected − final. */
  lost: number;
  /** Permits left at the end (1 if every acquire had its release). */
  permitsLeft: number;
}

/** Options of {@linkcode runIncrementStep}. */
export interface IncrementStepOptions {
  /** Workers (1..8, default 2). */
  workers?: number;
  /** Increments per worker (default 100 000). */
  increments?: number;
  /** Bound on the whole run (default 20 s). */
  timeoutMs?: number;
}

const HARNESS_URL = new URL("../sync/step_worker.ts", import.meta.url).href;

/**
 * Runs `step` `increments` times in each of `workers` Workers, all sharing
 * one counter and a one-permit semaphore. `step` travels as source text: it
 * may use only its parameters and globals such as `Atomics`.
 *
 * @example A correct step keeps every update
 * ```ts
 * import { runIncrementStep } from "./ch02_increment_race.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const run = await runIncrementStep((counter, semaphore) => {
 *   if (!semaphore.acquire(1000)) throw new Error("no permit");
 *   Atomics.store(counter, 0, Atomics.load(counter, 0) + 1);
 *   semaphore.release();
 * }, { workers: 2, increments: 2000 });
 * assertEquals([run.final, run.lost, run.permitsLeft], [4000, 0, 1]);
 * ```
 */
export async function runIncrementStep(
  step: IncrementStep,
  options: IncrementStepOptions = {},
): Promise<IncrementStepRun> {
  const workers = options.workers ?? 2;
  const increments = options.increments ?? 100_000;
  const timeoutMs = options.timeoutMs ?? 20_000;
  if (typeof step !== "function") {
    throw new TypeError("el paso de incremento debe ser una función");
  }
  if (!Number.isInteger(workers) || workers < 1 || workers > 8) {
    throw new RangeError(
      `los hilos deben ser un entero entre 1 y 8, no ${workers}`,
    );
  }
  if (!Number.isInteger(increments) || increments < 0 || increments > 1e6) {
    throw new RangeError(
      `los incrementos deben ser un entero entre 0 y 1.000.000, no ${increments}`,
    );
  }
  const shared = new SharedArrayBuffer(8);
  const cells = new Int32Array(shared);
  const semaphore = Semaphore.create(1, 1);
  const gate = SyncEvent.create();
  const source = [
    `import { serveIncrementStep } from ${JSON.stringify(HARNESS_URL)};`,
    `serveIncrementStep((${step.toString()}));`,
  ].join("\n");
  const threads: ThreadHandle<number>[] = [];
  try {
    for (let index = 0; index < workers; index++) {
      const url = URL.createObjectURL(
        new Blob([source], { type: "application/javascript" }),
      );
      const job: IncrementStepJob = {
        shared,
        semaphore: semaphore.buffer,
        gate: gate.buffer,
        increments,
        timeoutMs,
        acquireCapMs: 2000,
      };
      threads.push(
        new ThreadHandle<number>(
          `incremento ${index + 1}`,
          url,
          [job],
          () => URL.revokeObjectURL(url),
        ),
      );
    }
    const finished = Promise.all(threads.map((t) => t.join(timeoutMs)));
    finished.catch(() => {}); // awaited below; must not go unhandled meanwhile
    const readyBy = performance.now() + timeoutMs;
    while (Atomics.load(cells, 1) < workers && performance.now() < readyBy) {
      // a worker that failed to start reports it through `finished`
      if (threads.some((t) => !t.alive)) break;
      await delay(1);
    }
    gate.set();
    await finished;
    const expected = workers * increments;
    const final = Atomics.load(cells, 0);
    return {
      workers,
      increments,
      expected,
      final,
      lost: expected - final,
      permitsLeft: semaphore.value,
    };
  } finally {
    for (const t of threads) t.terminate();
  }
}
