/**
 * A ring channel to a Worker that echoes: the shared-memory transport across
 * two threads, ready for round-trip measurements.
 *
 * @module
 */

import { createRingChannel, openRingDuplex, type RingDuplex } from "./ring.ts";
import { settleWorkerTeardown } from "../transports/worker_duplex.ts";

/** The main thread's end of a ring channel to an echo Worker. */
export interface RingEchoWorker extends AsyncDisposable {
  duplex: RingDuplex;
  /** Closes the rings and terminates the Worker. */
  close(): Promise<void>;
}

/**
 * Starts an echo Worker joined by two rings of `capacityBytes` each.
 *
 * @example A message there and back through shared memory
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
  readyTimeoutMs = 10_000,
): Promise<RingEchoWorker> {
  const buffers = createRingChannel(capacityBytes);
  const worker = new Worker(
    new URL("./workers/ring_echo_worker.ts", import.meta.url),
    { type: "module" },
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      worker.onmessage = () => resolve();
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new Error(`Ring worker failed: ${event.message}`));
      };
      timer = setTimeout(
        () => reject(new Deno.errors.TimedOut("Ring worker did not start")),
        readyTimeoutMs,
      );
      worker.postMessage(buffers);
    });
  } catch (error) {
    worker.terminate();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const duplex = openRingDuplex(buffers, "a");
  let closing: Promise<void> | null = null;
  const close = () =>
    closing ??= (async () => {
      await duplex.close();
      worker.terminate();
      await settleWorkerTeardown();
    })();
  return { duplex, close, [Symbol.asyncDispose]: close };
}
