/**
 * The teaching ring across two threads: a Worker that echoes every message
 * back over two rings (see `ring.ts` for the ring itself).
 *
 * @module
 */

import { deadline } from "../util/deadline.ts";
import { createRingChannel, RingDuplex } from "./ring.ts";
import { settleWorkerTeardown } from "./worker_duplex.ts";

/**
 * Starts a Worker that echoes every message back over two rings, and gives
 * the main thread's end of the ring channel.
 *
 * @example A round trip through shared memory
 * ```ts
 * import { startRingEchoWorker } from "./ring_worker.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using echo = await startRingEchoWorker(4096);
 * await echo.duplex.send(new Uint8Array([3, 1, 4]));
 * assertEquals([...(await echo.duplex.receive())!], [3, 1, 4]);
 * ```
 */
export async function startRingEchoWorker(
  capacityBytes = 64 * 1024,
): Promise<
  AsyncDisposable & {
    /** This thread's end: what it sends, the Worker echoes back. */
    duplex: RingDuplex;
    /** Closes the rings and terminates the Worker. */
    close(): Promise<void>;
  }
> {
  const rings = createRingChannel(capacityBytes);
  const worker = new Worker(
    new URL("./workers/ring_echo_worker.ts", import.meta.url),
    { type: "module" },
  );
  const ready = new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(`Ring echo worker failed: ${event.message}`));
    };
  });
  worker.postMessage(rings); // a SharedArrayBuffer is shared, not copied
  try {
    await deadline(ready, 10_000, "the ring echo worker to start");
  } catch (error) {
    worker.terminate();
    throw error;
  }
  const duplex = new RingDuplex(rings, "a");
  let closing: Promise<void> | null = null;
  const close = () =>
    closing ??= (async () => {
      await duplex.close();
      worker.terminate();
      await settleWorkerTeardown();
    })();
  return { duplex, close, [Symbol.asyncDispose]: close };
}
