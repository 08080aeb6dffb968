/**
 * Deadlock made for real, detected, and avoided. Two Workers each need
 * locks A and B:
 *
 * - "opposite": worker 1 takes A then B, worker 2 takes B then A. Each
 *   waits for the other to hold its first lock before reaching for the
 *   second (so the unlucky interleaving happens on every run), and each
 *   ends up holding one lock and waiting for the other — a cycle in the waits-for graph. The watcher finds it
 *   within its bound; the kit then terminates both workers instead of
 *   hanging.
 * - "ordered": both take A before B (a global lock order): no cycle can
 *   form.
 * - "trylock": opposite order, but the second lock is waited for briefly;
 *   on failure a worker releases what it holds, backs off a random while,
 *   and retries. Progress is likely, not guaranteed: both could keep
 *   colliding (livelock), so retries are bounded and giving up is an outcome.
 *
 * @module
 */

import { ThreadFailedError } from "../process/errors.ts";
import { delay } from "../process/timing.ts";
import { spawnModuleThread, type ThreadHandle } from "../process/thread.ts";
import { type WaitEdge, watchForDeadlock } from "./deadlock.ts";
import { LockTable } from "./lock_table.ts";
import type { LockOrderJob } from "./lock_order_worker.ts";

const STARTUP_BOUND_MS = 20_000;
/** Bounded retries: with back-off, giving up is unlikely but possible. */
const TRYLOCK_ATTEMPTS = 200;

/**
 * Runs the two-lock experiment on two Workers.
 *
 * @example Opposite order deadlocks, and the kit says who waits for whom
 * ```ts
 * import { runTwoLocks } from "./two_locks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const run = await runTwoLocks({ strategy: "opposite" });
 * assertEquals(run.outcome, "deadlock");
 * assertEquals(run.cycle, [
 *   { thread: 1, lock: 1, heldBy: 2 },
 *   { thread: 2, lock: 0, heldBy: 1 },
 * ]);
 * ```
 */
export async function runTwoLocks(options: {
  /**
   * "opposite": each worker takes the locks in the other's order; "ordered":
   * both take A before B; "trylock": opposite order, backing off on failure.
   */
  strategy: "opposite" | "ordered" | "trylock";
  /** Pause between taking the first and the second lock (default 50 ms). */
  holdMs?: number;
  /** How long the watcher looks for a cycle (default 2000 ms). */
  boundMs?: number;
  /** Seed for the back-off (trylock). */
  seed?: number;
}): Promise<{
  /** The strategy that ran. */
  strategy: "opposite" | "ordered" | "trylock";
  /**
   * Whether the workers deadlocked (and were terminated), both finished, or
   * (trylock) one gave up after its bounded retries — back-off makes
   * progress likely, not certain (livelock).
   */
  outcome: "deadlock" | "completed" | "gave-up";
  /** The cycle found (deadlock only). */
  cycle: WaitEdge[] | null;
  /** Retries per worker (trylock; 0 otherwise). */
  retries: number[];
  /** From both workers running until the deadlock was found or both finished. */
  wallMs: number;
}> {
  const { strategy } = options;
  if (!["opposite", "ordered", "trylock"].includes(strategy)) {
    throw new TypeError(`estrategia de locks desconocida: ${String(strategy)}`);
  }
  const holdMs = options.holdMs ?? 50;
  const boundMs = options.boundMs ?? 2000;
  const table = LockTable.create({ locks: 2, threads: 2 });
  const barrier = new SharedArrayBuffer(4);
  const started = new Int32Array(new SharedArrayBuffer(4));
  const orders: [number, number][] = strategy === "ordered"
    ? [[0, 1], [0, 1]]
    : [[0, 1], [1, 0]];
  const threads: ThreadHandle<{ retries: number }>[] = orders.map((
    [first, second],
    i,
  ) => {
    const job: LockOrderJob = {
      table: table.buffer,
      thread: i + 1,
      first,
      second,
      holdMs,
      strategy: strategy === "trylock" ? "trylock" : "blocking",
      // blocking waits outlast the watcher's bound: only detection ends them
      waitMs: STARTUP_BOUND_MS + boundMs + 5000,
      attempts: strategy === "trylock" ? TRYLOCK_ATTEMPTS : 1,
      seed: (options.seed ?? 1) + i,
      barrier,
      meet: strategy !== "ordered",
      started: started.buffer as SharedArrayBuffer,
    };
    return spawnModuleThread(
      new URL("./lock_order_worker.ts", import.meta.url),
      { name: `hilo ${i + 1}`, args: [job] },
    );
  });
  let start = performance.now();
  const stop = new AbortController();
  const finished = Promise.all(
    threads.map((t) => t.join(STARTUP_BOUND_MS + boundMs + 10_000)),
  )
    .finally(() => stop.abort());
  finished.catch(() => {}); // observed below, or abandoned on deadlock
  try {
    // the watcher's bound counts from when both workers run, not from their
    // start-up (loading a worker's module can take a while on a busy machine)
    const startBy = performance.now() + STARTUP_BOUND_MS;
    while (
      Atomics.load(started, 0) < 2 && !stop.signal.aborted &&
      performance.now() < startBy
    ) await delay(5);
    start = performance.now();
    const cycle = await watchForDeadlock(table, {
      boundMs,
      signal: stop.signal,
    });
    if (cycle) {
      return {
        strategy,
        outcome: "deadlock",
        cycle,
        retries: [0, 0],
        wallMs: performance.now() - start,
      };
    }
    let results: { retries: number }[];
    try {
      results = await finished;
    } catch (error) {
      if (!(error instanceof ThreadFailedError) || strategy !== "trylock") {
        throw error;
      }
      return {
        strategy,
        outcome: "gave-up",
        cycle: null,
        retries: [TRYLOCK_ATTEMPTS, TRYLOCK_ATTEMPTS],
        wallMs: performance.now() - start,
      };
    }
    return {
      strategy,
      outcome: "completed",
      cycle: null,
      retries: results.map((r) => r.retries),
      wallMs: performance.now() - start,
    };
  } finally {
    for (const t of threads) t.terminate();
  }
}
