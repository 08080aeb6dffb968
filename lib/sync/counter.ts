/**
 * The race condition made visible, and its cures: N workers each add 1 to
 * a shared counter K times. Unprotected, the read-then-write increments of
 * different workers interleave and some are lost (final < N×K). Protected
 * by a mutex, a semaphore of one permit, Lamport's bakery, or a single
 * atomic add, the final count is exactly N×K.
 *
 * Each run also reports the most workers ever seen inside the critical
 * section at once: 1 for every lock. (The atomic add needs no critical
 * section at all, so there several may be "inside" together — and no
 * update is lost anyway.)
 *
 * @module
 */

import { spawnModuleThread, type ThreadHandle } from "../process/thread.ts";
import { delay } from "../process/timing.ts";
import { Bakery } from "./bakery.ts";
import type { CounterJob } from "./counter_worker.ts";
import { LockTable } from "./lock_table.ts";
import { Semaphore } from "./semaphore.ts";
import { SyncEvent } from "./sync_event.ts";

/** Why it exists: the outcome of one counter run. */
export interface CounterRun {
  /** How the increment was protected ("racy": not at all). */
  mode: "racy" | "atomic" | "mutex" | "semaphore" | "bakery";
  /** How many workers incremented the counter. */
  workers: number;
  /** Increments per worker. */
  increments: number;
  /** What the counter should end at: workers × increments. */
  expected: number;
  /** What the counter ended at. */
  final: number;
  /** Updates lost to the race: expected − final. */
  lost: number;
  /** Most workers seen inside the critical section at the same time. */
  maxInside: number;
  /** From opening the start gate (all workers ready) to the last one done. */
  wallMs: number;
}

/** How the increment is protected. */
export type CounterMode = CounterRun["mode"];

/** The modes, in the order the notebook shows them. */
export const COUNTER_MODES: readonly CounterMode[] = [
  "racy",
  "mutex",
  "semaphore",
  "bakery",
  "atomic",
];

function lockFor(mode: CounterMode, workers: number): SharedArrayBuffer | null {
  switch (mode) {
    case "mutex":
      return LockTable.create({ locks: 1, threads: workers }).buffer;
    case "semaphore":
      return Semaphore.create(1, 1).buffer;
    case "bakery":
      return Bakery.create(workers).buffer;
    default:
      return null;
  }
}

/**
 * Runs the shared-counter experiment on real Workers.
 *
 * @example A mutex keeps every update
 * ```ts
 * import { runCounter } from "./counter.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const run = await runCounter({ mode: "mutex", workers: 2, increments: 500 });
 * assertEquals([run.final, run.lost, run.maxInside], [1000, 0, 1]);
 * ```
 */
export async function runCounter(options: {
  /** How the increment is protected. */
  mode: CounterRun["mode"];
  /** Workers (1..8). */
  workers: number;
  /** Increments per worker. */
  increments: number;
  /** Bound on every wait, and on the whole run (default 20 s). */
  timeoutMs?: number;
}): Promise<CounterRun> {
  const { mode, workers, increments } = options;
  const timeoutMs = options.timeoutMs ?? 20_000;
  if (!Number.isInteger(workers) || workers < 1 || workers > 8) {
    throw new RangeError(
      `los hilos deben ser un entero entre 1 y 8, no ${workers}`,
    );
  }
  if (!Number.isInteger(increments) || increments < 0 || increments > 1e7) {
    throw new RangeError(
      `los incrementos deben ser un entero entre 0 y 10.000.000, no ${increments}`,
    );
  }
  if (!COUNTER_MODES.includes(mode)) {
    throw new TypeError(`modo de contador desconocido: ${String(mode)}`);
  }
  const shared = new SharedArrayBuffer(16);
  const cells = new Int32Array(shared);
  const gate = SyncEvent.create();
  const lock = lockFor(mode, workers);
  const threads: ThreadHandle<number>[] = [];
  try {
    for (let index = 0; index < workers; index++) {
      const job: CounterJob = {
        mode,
        index,
        increments,
        shared,
        gate: gate.buffer,
        lock,
        timeoutMs,
      };
      threads.push(
        spawnModuleThread(new URL("./counter_worker.ts", import.meta.url), {
          name: `contador ${index + 1}`,
          args: [job],
        }),
      );
    }
    const finished = Promise.all(threads.map((t) => t.join(timeoutMs)));
    finished.catch(() => {}); // awaited below; must not go unhandled meanwhile
    // open the gate once every worker waits at it: all start together, and
    // start-up (slow in a notebook kernel) stays out of the timing
    const readyBy = performance.now() + timeoutMs;
    while (Atomics.load(cells, 3) < workers && performance.now() < readyBy) {
      await delay(1);
    }
    const start = performance.now();
    gate.set();
    await finished;
    const wallMs = performance.now() - start;
    const expected = workers * increments;
    return {
      mode,
      workers,
      increments,
      expected,
      final: cells[0],
      lost: expected - cells[0],
      maxInside: cells[2],
      wallMs,
    };
  } finally {
    for (const t of threads) t.terminate();
  }
}
