/**
 * Concurrency versus parallelism, measured in one call: the notebook's
 * experiment of section 5. The same CPU-bound job (busy-work iterations
 * calibrated to last about `targetMs` on one thread) is split
 *
 * - over N Workers of a {@linkcode ParallelPool} started once, timed from
 *   the pool's start gate, so creating Workers stays out of the timing; and
 * - over N async tasks on this one thread that take turns
 *   ({@linkcode runInterleaved}).
 *
 * Each point is the median of a few runs, because a shared machine's noise
 * hits single runs.
 *
 * @module
 */

import { median } from "./stats.ts";
import { ParallelPool } from "../process/parallel_pool.ts";
import { calibrateIterations, runInterleaved } from "../process/parallelism.ts";

/**
 * Runs the job in parallel and interleaved for every split in `parts`, and
 * returns the median wall time of each.
 *
 * @example Two splits, one run each
 * ```ts
 * import { measureParallelism } from "./measure_parallelism.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const m = await measureParallelism({ targetMs: 5, parts: [1, 2], repetitions: 1 });
 * assertEquals(m.parts, [1, 2]);
 * assertEquals([m.parallelMs.length, m.interleavedMs.length], [2, 2]);
 * assertEquals(m.turns.slice(0, 2), [1, 2]);
 * ```
 */
export async function measureParallelism(options: {
  /** How long the whole job should take on one thread, in ms (default 120). */
  targetMs?: number;
  /** How many Workers, then async tasks, to split the job over (default [1, 2, 4]). */
  parts?: readonly number[];
  /** Runs per point; each point is their median (default 3). */
  repetitions?: number;
} = {}): Promise<{
  /** Busy-work iterations of the whole job (calibrated to `targetMs`). */
  iterations: number;
  /** The splits measured, in the order given. */
  parts: number[];
  /** Median wall time of each split over Workers in parallel, in ms. */
  parallelMs: number[];
  /** Median wall time of each split over async tasks on one thread, in ms. */
  interleavedMs: number[];
  /** Which task ran each of the first slices, in the split with the most tasks. */
  turns: number[];
  /** Time it took to start the pool's Workers, kept out of every timing, in ms. */
  startupMs: number;
}> {
  const parts = [...(options.parts ?? [1, 2, 4])];
  const repetitions = options.repetitions ?? 3;
  if (parts.length === 0) {
    throw new RangeError("parts debe tener al menos una división");
  }
  if (!Number.isInteger(repetitions) || repetitions < 1 || repetitions > 50) {
    throw new RangeError(
      `repetitions debe ser un entero entre 1 y 50, no ${repetitions}`,
    );
  }
  const iterations = calibrateIterations(options.targetMs ?? 120);
  const most = Math.max(...parts);
  const parallelMs: number[] = [];
  let startupMs: number;
  {
    using pool = await ParallelPool.start(most);
    startupMs = pool.startupMs;
    for (const n of parts) {
      const times: number[] = [];
      for (let r = 0; r < repetitions; r++) {
        times.push((await pool.run(iterations, n)).wallMs);
      }
      parallelMs.push(median(times));
    }
  }
  const interleavedMs: number[] = [];
  let turns: number[] = [];
  for (const n of parts) {
    const times: number[] = [];
    for (let r = 0; r < repetitions; r++) {
      // about 20 turns per task: enough to see them alternate
      const run = await runInterleaved(
        iterations,
        n,
        Math.ceil(iterations / n / 20),
      );
      times.push(run.wallMs);
      if (n === most) turns = run.order;
    }
    interleavedMs.push(median(times));
  }
  return { iterations, parts, parallelMs, interleavedMs, turns, startupMs };
}
