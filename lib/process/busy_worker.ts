/**
 * Worker entry for the parallelism measurement: says it is ready, waits at
 * the start gate (so start-up cost stays out of the timing), runs one share
 * of the CPU-bound job and returns how many iterations it did, its checksum
 * and how long the computation took inside the thread.
 *
 * @module
 */

import { busyWork } from "./busy_work.ts";
import { serveThread } from "./thread_protocol.ts";

serveThread(
  (
    _context,
    iterations: number,
    seed: number,
    gate: SharedArrayBuffer | null,
  ) => {
    if (gate) {
      // gate: Int32 [open (0/1), workers ready]
      const cells = new Int32Array(gate);
      Atomics.add(cells, 1, 1);
      const deadline = performance.now() + 30_000;
      while (Atomics.load(cells, 0) === 0) {
        const remaining = deadline - performance.now();
        if (remaining <= 0) {
          throw new Error("La puerta de partida nunca se abrió");
        }
        Atomics.wait(cells, 0, 0, remaining);
      }
    }
    const start = performance.now();
    const checksum = busyWork(iterations, seed);
    return { iterations, checksum, computeMs: performance.now() - start };
  },
);
