/**
 * Worker entry of the shared-counter experiment: waits at the start gate,
 * then increments the shared counter `increments` times, guarded (or not)
 * by the chosen mechanism. Around each increment it counts how many workers
 * are inside the critical section, recording the largest number it saw.
 *
 * @module
 */

import { serveThread } from "../process/thread_protocol.ts";
import { Bakery } from "./bakery.ts";
import { LockTable } from "./lock_table.ts";
import { Semaphore } from "./semaphore.ts";
import { SyncEvent } from "./sync_event.ts";
import type { CounterMode } from "./counter.ts";

/** Why it exists: what the parent sends each counter worker. */
export interface CounterJob {
  mode: CounterMode;
  /** This worker's index 0..n-1 (bakery customer id; owner id = index + 1). */
  index: number;
  increments: number;
  /** Int32 [counter, inside now, most inside seen, workers ready]. */
  shared: SharedArrayBuffer;
  gate: SharedArrayBuffer;
  /** The lock's buffer (mutex table, semaphore or bakery; unused when racy/atomic). */
  lock: SharedArrayBuffer | null;
  timeoutMs: number;
}

serveThread((_context, job: CounterJob) => {
  const cells = new Int32Array(job.shared);
  Atomics.add(cells, 3, 1);
  if (!SyncEvent.from(job.gate).wait(job.timeoutMs)) {
    throw new Error(
      "la partida nunca se dio (el evento de inicio no se activó a tiempo)",
    );
  }
  const owner = job.index + 1;
  const mutex = job.mode === "mutex"
    ? LockTable.from(job.lock!).mutex(0)
    : null;
  const semaphore = job.mode === "semaphore" ? Semaphore.from(job.lock!) : null;
  const bakery = job.mode === "bakery" ? Bakery.from(job.lock!) : null;
  for (let k = 0; k < job.increments; k++) {
    if (mutex && !mutex.lock(owner, job.timeoutMs)) {
      throw new Error("no obtuve el lock a tiempo");
    }
    if (semaphore && !semaphore.acquire(job.timeoutMs)) {
      throw new Error("no obtuve el permiso del semáforo a tiempo");
    }
    bakery?.lock(job.index, job.timeoutMs);
    const inside = Atomics.add(cells, 1, 1) + 1;
    if (inside > Atomics.load(cells, 2)) Atomics.store(cells, 2, inside);
    if (job.mode === "atomic") {
      Atomics.add(cells, 0, 1);
    } else {
      // read, then write: another worker's write in between is lost
      const seen = Atomics.load(cells, 0);
      Atomics.store(cells, 0, seen + 1);
    }
    Atomics.sub(cells, 1, 1);
    bakery?.unlock(job.index);
    semaphore?.release();
    mutex?.unlock(owner);
  }
  return job.increments;
});
