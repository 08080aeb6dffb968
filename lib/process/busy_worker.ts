/**
 * Worker entry for the parallelism measurement: runs one share of the
 * CPU-bound job and returns how many iterations it did, its checksum and
 * how long the computation took inside the thread.
 *
 * @module
 */

import { busyWork } from "./busy_work.ts";
import { serveThread } from "./thread_protocol.ts";

serveThread((_context, iterations: number, seed: number = 1) => {
  const start = performance.now();
  const checksum = busyWork(iterations, seed);
  return { iterations, checksum, computeMs: performance.now() - start };
});
