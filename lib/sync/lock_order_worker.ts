/**
 * Worker entry of the two-lock experiment: take a first lock, hold it a
 * moment (so the other worker can take its own first lock), then take the
 * second. With `tryLock`, the second lock is waited for only briefly; on
 * failure the worker lets go of the first, backs off, and tries again.
 *
 * @module
 */

import { serveThread } from "../process/thread_protocol.ts";
import { seededRandom } from "../util/random.ts";
import { LockTable } from "./lock_table.ts";

/** Why it exists: what the parent sends each lock-order worker. */
export interface LockOrderJob {
  table: SharedArrayBuffer;
  thread: number;
  first: number;
  second: number;
  holdMs: number;
  /** "blocking": wait for the second lock up to waitMs; "trylock": back off and retry. */
  strategy: "blocking" | "trylock";
  waitMs: number;
  attempts: number;
  seed: number;
  /** Int32 [workers holding their first lock]: on the first attempt each
   * waits for the other, so the conflict happens whatever the start-up
   * times were. */
  barrier: SharedArrayBuffer;
  /** Use the barrier (only when the two workers' first locks differ). */
  meet: boolean;
  /** Int32 [workers started]: the parent's watch begins once both run. */
  started: SharedArrayBuffer;
}

const nap = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(nap, 0, 0, ms);

function meetTheOther(barrier: Int32Array, waitMs: number): void {
  Atomics.add(barrier, 0, 1);
  Atomics.notify(barrier, 0);
  const deadline = performance.now() + waitMs;
  for (;;) {
    const arrived = Atomics.load(barrier, 0);
    const remaining = deadline - performance.now();
    if (arrived >= 2 || remaining <= 0) return;
    Atomics.wait(barrier, 0, arrived, remaining);
  }
}

serveThread((_context, job: LockOrderJob) => {
  Atomics.add(new Int32Array(job.started), 0, 1);
  const table = LockTable.from(job.table);
  const first = table.mutex(job.first);
  const second = table.mutex(job.second);
  const random = seededRandom(job.seed);
  for (let attempt = 0; attempt < job.attempts; attempt++) {
    if (!first.lock(job.thread, job.waitMs)) continue;
    if (attempt === 0 && job.meet) {
      meetTheOther(new Int32Array(job.barrier), job.waitMs);
    }
    sleep(job.holdMs);
    const wait = job.strategy === "trylock"
      ? 5 + random.int(0, 20)
      : job.waitMs;
    if (second.lock(job.thread, wait)) {
      second.unlock(job.thread);
      first.unlock(job.thread);
      return { retries: attempt };
    }
    first.unlock(job.thread);
    sleep(random.int(1, 30)); // back off a random while, so the turns differ
  }
  throw new Error(
    `el hilo ${job.thread} se rindió tras ${job.attempts} intentos`,
  );
});
