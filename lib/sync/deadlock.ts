/**
 * Deadlock detection from the waits-for graph (the class's definition: a
 * cycle of threads each waiting for a lock another one holds).
 *
 * The graph is read from a {@linkcode LockTable}: an edge t → u when thread
 * t waits for a lock that thread u holds. The search is pure (tested on
 * plain snapshots); the watcher polls a live table for a bounded time and
 * only reports a cycle it has seen in two consecutive readings, so a
 * momentary wait that is about to be granted is not mistaken for deadlock.
 *
 * @module
 */

import { delay } from "../process/timing.ts";
import type { LockSnapshot, LockTable } from "./lock_table.ts";

/** Why it exists: one edge of a deadlock cycle, in words a reader follows. */
export interface WaitEdge {
  /** The waiting thread's id. */
  thread: number;
  /** The lock it waits for. */
  lock: number;
  /** The thread holding that lock. */
  heldBy: number;
}

/**
 * Finds a cycle in the waits-for graph, or null. The cycle starts at its
 * lowest thread id (a stable answer for the same graph).
 *
 * @example Thread 1 waits for lock 1 (held by 2); thread 2 waits for lock 0 (held by 1)
 * ```ts
 * import { findWaitCycle } from "./deadlock.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(findWaitCycle({ owners: [1, 2], waitingFor: [1, 0] }), [
 *   { thread: 1, lock: 1, heldBy: 2 },
 *   { thread: 2, lock: 0, heldBy: 1 },
 * ]);
 * assertEquals(findWaitCycle({ owners: [1, null], waitingFor: [null, 0] }), null);
 * ```
 */
export function findWaitCycle(snapshot: LockSnapshot): WaitEdge[] | null {
  const edgeOf = (thread: number): WaitEdge | null => {
    const lock = snapshot.waitingFor[thread - 1];
    if (lock === null || lock === undefined) return null;
    const heldBy = snapshot.owners[lock];
    if (heldBy === null || heldBy === undefined || heldBy === thread) {
      return null;
    }
    return { thread, lock, heldBy };
  };
  for (let start = 1; start <= snapshot.waitingFor.length; start++) {
    const path: WaitEdge[] = [];
    const seen = new Map<number, number>(); // thread → position in path
    let current = start;
    while (!seen.has(current)) {
      const edge = edgeOf(current);
      if (!edge) break;
      seen.set(current, path.length);
      path.push(edge);
      current = edge.heldBy;
    }
    if (seen.has(current)) {
      const cycle = path.slice(seen.get(current));
      const lowest = cycle.reduce(
        (a, e, i) => e.thread < cycle[a].thread ? i : a,
        0,
      );
      return [...cycle.slice(lowest), ...cycle.slice(0, lowest)];
    }
  }
  return null;
}

/** Options of {@linkcode watchForDeadlock}. */
export interface WatchOptions {
  /** Give up (no deadlock found) after this long (default 2000 ms). */
  boundMs?: number;
  /** Time between readings (default 20 ms). */
  intervalMs?: number;
  /** Stop early (e.g. once the watched threads have finished). */
  signal?: AbortSignal;
}

/**
 * Watches a live lock table; resolves with the cycle once it is seen in two
 * consecutive readings, or null when the bound passes or `signal` aborts.
 *
 * @example A table with no waiting is not deadlocked
 * ```ts
 * import { watchForDeadlock } from "./deadlock.ts";
 * import { LockTable } from "./lock_table.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const table = LockTable.create({ locks: 2, threads: 2 });
 * assertEquals(await watchForDeadlock(table, { boundMs: 50 }), null);
 * ```
 */
export async function watchForDeadlock(
  table: LockTable,
  options: WatchOptions = {},
): Promise<WaitEdge[] | null> {
  const boundMs = options.boundMs ?? 2000;
  const intervalMs = options.intervalMs ?? 20;
  const deadline = performance.now() + boundMs;
  let previous = "";
  while (performance.now() < deadline && !options.signal?.aborted) {
    const cycle = findWaitCycle(table.snapshot());
    const key = JSON.stringify(cycle);
    if (cycle && key === previous) return cycle;
    previous = cycle ? key : "";
    await delay(intervalMs);
  }
  return null;
}

/**
 * Says who waits for whom, in Spanish, for the reader.
 *
 * @example
 * ```ts
 * import { describeWaitCycle } from "./deadlock.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(
 *   describeWaitCycle([{ thread: 1, lock: 1, heldBy: 2 }, { thread: 2, lock: 0, heldBy: 1 }]),
 *   "hilo 1 espera el lock B, que tiene el hilo 2 → hilo 2 espera el lock A, que tiene el hilo 1 → (ciclo)",
 * );
 * ```
 */
export function describeWaitCycle(
  cycle: readonly WaitEdge[],
  lockNames: readonly string[] = ["A", "B", "C", "D", "E", "F", "G", "H"],
): string {
  return [
    ...cycle.map((e) =>
      `hilo ${e.thread} espera el lock ${
        lockNames[e.lock] ?? e.lock
      }, que tiene el hilo ${e.heldBy}`
    ),
    "(ciclo)",
  ].join(" → ");
}
