/**
 * Test-only worker: blocks on a semaphore, an event or a mutex received as
 * a buffer, and reports whether the wait succeeded — so the tests can prove
 * that a release/set in another thread wakes it, and that timeouts expire.
 *
 * @module
 */

import { serveThread } from "../../lib/process/thread_protocol.ts";
import { LockTable, Semaphore, SyncEvent } from "../../lib/sync/mod.ts";

serveThread(
  (
    _context,
    kind: "semaphore" | "event" | "mutex",
    buffer: SharedArrayBuffer,
    timeoutMs: number,
  ) => {
    if (kind === "semaphore") return Semaphore.from(buffer).acquire(timeoutMs);
    if (kind === "event") return SyncEvent.from(buffer).wait(timeoutMs);
    const mutex = LockTable.from(buffer).mutex(0);
    const got = mutex.lock(2, timeoutMs);
    if (got) mutex.unlock(2);
    return got;
  },
);
