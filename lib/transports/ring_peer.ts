/**
 * The one hand-shake both ring tiers use to put a Worker on the other side
 * of a ring channel: start it, post it the channel (shared, not copied),
 * wait — bounded — for its first message, then keep watching: a crash after
 * start-up marks this end dead, so the next wait throws `RingPeerLostError`
 * instead of the error being swallowed.
 *
 * @module
 */

import { deadline } from "../util/deadline.ts";
import { startWorker } from "../util/warm_workers.ts";
import { RingPeerLostError } from "./ring_liveness.ts";
import { settleWorkerTeardown } from "./worker_duplex.ts";

/** This thread's end of a ring: what the hand-shake needs of either tier. */
export interface RingEnd {
  /** Closes this end (wakes the peer). */
  close(): Promise<void>;
  /** Makes every later wait on this end throw `error`. */
  markPeerDead(error?: Error): void;
}

/** A Worker joined by a ring channel: this thread's end, and how to stop it. */
export interface JoinedRingWorker<D extends RingEnd> extends AsyncDisposable {
  /** This thread's end (side "a") of the channel. */
  duplex: D;
  /** Closes the rings and terminates the Worker. */
  close(): Promise<void>;
}

/**
 * Starts the Worker `entry`, posts it `channel`, waits up to
 * `readyTimeoutMs` for its first message and opens this thread's end with
 * `openEnd`.
 *
 * @example A Worker that only says it is ready
 * ```ts
 * import { joinRingWorker } from "./ring_peer.ts";
 * import { assert } from "@std/assert";
 *
 * const src = "self.onmessage = () => self.postMessage('listo');";
 * const entry = URL.createObjectURL(new Blob([src], { type: "text/javascript" }));
 * let closed = false;
 * const joined = await joinRingWorker(entry, {}, () => ({
 *   close: () => { closed = true; return Promise.resolve(); },
 *   markPeerDead: () => {},
 * }));
 * await joined.close();
 * assert(closed);
 * URL.revokeObjectURL(entry);
 * ```
 */
export async function joinRingWorker<D extends RingEnd>(
  entry: URL | string,
  channel: unknown,
  openEnd: () => D,
  options: { name?: string; readyTimeoutMs?: number } = {},
): Promise<JoinedRingWorker<D>> {
  const worker = startWorker(entry, { name: options.name });
  const ready = new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new RingPeerLostError("crash", 0, event.message));
    };
  });
  worker.postMessage(channel); // a SharedArrayBuffer is shared, not copied
  try {
    await deadline(
      ready,
      options.readyTimeoutMs ?? 10_000,
      "que arranque el Worker del anillo",
    );
  } catch (error) {
    worker.terminate();
    throw error;
  }
  const duplex = openEnd();
  // Start-up is over: a later failure belongs to the channel, not to `ready`.
  worker.onmessage = null;
  worker.onerror = (event) => {
    event.preventDefault();
    duplex.markPeerDead(new RingPeerLostError("crash", 0, event.message));
  };
  let closing: Promise<void> | null = null;
  const close = () =>
    closing ??= (async () => {
      await duplex.close();
      worker.terminate();
      await settleWorkerTeardown();
    })();
  return { duplex, close, [Symbol.asyncDispose]: close };
}
