/**
 * Concurrency versus parallelism, measured: the same CPU-bound job (a fixed
 * number of busy-work iterations) done
 *
 * - in parallel: split over N Workers, which the OS can run on N cores at
 *   the same time; and
 * - concurrently: split over N async tasks on ONE thread that take turns
 *   (each does a slice, then yields) — the impression of simultaneity.
 *
 * Both modes compute the same checksums, so the comparison is of time only.
 * With C cores, parallel wall time stops improving beyond N = C; the
 * interleaved one never improves, whatever N is.
 *
 * @module
 */

import { busyWork, splitWork } from "./busy_work.ts";
import { spawnModuleThread, type ThreadHandle } from "./thread.ts";
import { delay } from "./timing.ts";

/** Why it exists: one timed run of the job in one mode. */
export interface JobRun {
  mode: "parallel" | "interleaved";
  /** Workers (parallel) or async tasks (interleaved). */
  parts: number;
  wallMs: number;
  /** One checksum per part, equal across modes for the same split. */
  checksums: number[];
  /** Parallel only: time to start the Workers, kept out of `wallMs`. */
  startupMs?: number;
}

const BUSY_WORKER = new URL("./busy_worker.ts", import.meta.url);

/**
 * Runs the job split over `workers` Workers. The Workers are started first
 * and wait at a gate; `wallMs` runs from opening the gate to the last
 * result, and `startupMs` reports the start-up separately (in a notebook
 * kernel, starting a Worker can cost more than the job itself).
 *
 * @example Two workers compute the same checksums as one thread would
 * ```ts
 * import { runParallel } from "./parallelism.ts";
 * import { busyWork } from "./busy_work.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const run = await runParallel(2000, 2);
 * assertEquals(run.checksums, [busyWork(1000, 1), busyWork(1000, 2)]);
 * ```
 */
export async function runParallel(
  totalIterations: number,
  workers: number,
  timeoutMs = 30_000,
): Promise<JobRun> {
  const shares = splitWork(totalIterations, workers);
  const gate = new Int32Array(new SharedArrayBuffer(8));
  const spawned = performance.now();
  const threads: ThreadHandle<{ checksum: number }>[] = shares.map((n, i) =>
    spawnModuleThread(BUSY_WORKER, {
      name: `parte ${i + 1}`,
      args: [n, i + 1, gate.buffer],
    })
  );
  try {
    const results = Promise.all(threads.map((t) => t.join(timeoutMs)));
    results.catch(() => {}); // awaited below; a failure must not go unhandled meanwhile
    const readyBy = performance.now() + timeoutMs;
    while (Atomics.load(gate, 1) < workers && performance.now() < readyBy) {
      await delay(1);
    }
    const start = performance.now();
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    const done = await results;
    return {
      mode: "parallel",
      parts: workers,
      wallMs: performance.now() - start,
      checksums: done.map((r) => r.checksum),
      startupMs: start - spawned,
    };
  } finally {
    for (const t of threads) t.terminate();
  }
}

/**
 * Runs the job split over `tasks` async tasks on this thread, each doing
 * `sliceIterations` at a time and then yielding to the others. `order`
 * records which task ran each of the first slices, to show the turns.
 *
 * @example The same checksums as the parallel run, with visible turns
 * ```ts
 * import { runInterleaved } from "./parallelism.ts";
 * import { busyWork } from "./busy_work.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const run = await runInterleaved(2000, 2, 250);
 * assertEquals(run.checksums, [busyWork(1000, 1), busyWork(1000, 2)]);
 * assertEquals(run.order.slice(0, 4), [1, 2, 1, 2]);
 * ```
 */
export async function runInterleaved(
  totalIterations: number,
  tasks: number,
  sliceIterations = 100_000,
): Promise<JobRun & { order: number[] }> {
  if (!Number.isInteger(sliceIterations) || sliceIterations < 1) {
    throw new RangeError(
      `El trozo debe ser un entero positivo, no ${sliceIterations}`,
    );
  }
  const shares = splitWork(totalIterations, tasks);
  const order: number[] = [];
  const start = performance.now();
  const task = async (share: number, id: number) => {
    let state = id;
    for (let done = 0; done < share; done += sliceIterations) {
      state = busyWork(Math.min(sliceIterations, share - done), state);
      if (order.length < 32) order.push(id);
      await Promise.resolve(); // let the other tasks take their turn
    }
    return state;
  };
  const checksums = await Promise.all(shares.map((n, i) => task(n, i + 1)));
  return {
    mode: "interleaved",
    parts: tasks,
    wallMs: performance.now() - start,
    checksums,
    order,
  };
}

/**
 * Finds how many iterations take about `targetMs` on this machine (so the
 * notebook's job lasts long enough to measure, short enough for a cell).
 *
 * @example
 * ```ts
 * import { calibrateIterations } from "./parallelism.ts";
 * import { assert } from "@std/assert";
 *
 * assert(calibrateIterations(5) >= 1000);
 * ```
 */
export function calibrateIterations(targetMs: number): number {
  if (!(targetMs > 0 && targetMs <= 10_000)) {
    throw new RangeError(
      `La duración objetivo debe estar en (0, 10000] ms, no ${targetMs}`,
    );
  }
  const timeIt = (n: number) => {
    const start = performance.now();
    busyWork(n);
    return performance.now() - start;
  };
  let iterations = 1000;
  for (let round = 0; round < 40; round++) {
    // long enough to swamp timer resolution and one-off compilation pauses;
    // the best of two runs discards a pause that hit one of them
    if (timeIt(iterations) >= 30) {
      const best = Math.min(timeIt(iterations), timeIt(iterations));
      return Math.max(1000, Math.round(iterations * targetMs / best));
    }
    iterations *= 4;
  }
  return iterations;
}
