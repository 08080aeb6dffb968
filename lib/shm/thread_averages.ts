/**
 * The chapter's four-course averages with threads: a `SharedArrayBuffer`
 * (one float64 per course) that every Worker sees, each Worker writing only
 * its own slot — so, as in the chapter, no lock is needed.
 *
 * @module
 */

import { settleWorkerTeardown } from "../transports/worker_duplex.ts";
import { deadline } from "../util/deadline.ts";

/**
 * Computes one average per course, each in its own Worker, into shared memory.
 *
 * @example
 * ```ts
 * import { averagesWithThreads } from "./thread_averages.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(await averagesWithThreads([[1, 3], [7]]), [2, 7]);
 * ```
 */
export async function averagesWithThreads(
  courses: readonly number[][],
  timeoutMs = 10_000,
): Promise<number[]> {
  if (courses.length === 0 || courses.some((c) => c.length === 0)) {
    throw new RangeError("Cada curso necesita al menos una nota");
  }
  const shared = new SharedArrayBuffer(8 * courses.length);
  const workers = courses.map(() =>
    new Worker(new URL("./workers/average_worker.ts", import.meta.url), {
      type: "module",
    })
  );
  try {
    const done = workers.map((worker, slot) =>
      new Promise<void>((resolve, reject) => {
        worker.onmessage = () => resolve();
        worker.onerror = (event) => {
          event.preventDefault();
          reject(
            new Error(`El worker de promedios ${slot} falló: ${event.message}`),
          );
        };
        worker.postMessage({ shared, slot, grades: courses[slot] });
      })
    );
    await deadline(Promise.all(done), timeoutMs, "los promedios");
    const averages = [...new Float64Array(shared)];
    for (const worker of workers) worker.terminate();
    await settleWorkerTeardown();
    return averages;
  } finally {
    for (const worker of workers) worker.terminate();
  }
}
