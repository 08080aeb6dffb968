/**
 * A ring channel to a Worker that echoes: the shared-memory transport across
 * two threads, ready for round-trip measurements.
 *
 * @module
 */

import { createRingChannel, openRingDuplex, type RingDuplex } from "./ring.ts";
import { settleWorkerTeardown } from "../transports/worker_duplex.ts";
import { RingPeerLostError } from "../transports/ring_liveness.ts";
import { startWorker } from "../util/warm_workers.ts";

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
export function startRingEchoWorker(
  capacityBytes = 64 * 1024,
  readyTimeoutMs = 10_000,
  options: { peerSilenceMs?: number } = {},
): Promise<RingEchoWorker> {
  const entry = new URL("./workers/ring_echo_worker.ts", import.meta.url);
  return startFastRingWorker(entry, {
    ...options,
    capacityBytes,
    readyTimeoutMs,
  });
}

/**
 * Starts the Worker `entry` and posts it a ring channel (it opens side "b"
 * and posts any message once ready). After start-up a failure of the Worker
 * marks this end dead with a `RingPeerLostError`, so it is never swallowed;
 * a Worker terminated without a word is found by the heartbeat.
 *
 * @example The echo Worker, by its entry file
 * ```ts
 * import { startFastRingWorker } from "./ring_worker.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const entry = new URL("./workers/ring_echo_worker.ts", import.meta.url);
 * await using echo = await startFastRingWorker(entry, { capacityBytes: 1024 });
 * await echo.duplex.send(new Uint8Array([5]));
 * assertEquals([...(await echo.duplex.receive())!], [5]);
 * ```
 */
export async function startFastRingWorker(
  entry: URL,
  options: {
    capacityBytes?: number;
    readyTimeoutMs?: number;
    peerSilenceMs?: number;
    name?: string;
  } = {},
): Promise<RingEchoWorker> {
  const { capacityBytes = 64 * 1024, readyTimeoutMs = 10_000 } = options;
  const buffers = createRingChannel(capacityBytes, options);
  const worker = startWorker(entry, { name: options.name });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      worker.onmessage = () => resolve();
      worker.onerror = (event) => {
        event.preventDefault();
        reject(new RingPeerLostError("crash", 0, event.message));
      };
      timer = setTimeout(
        () =>
          reject(
            new Deno.errors.TimedOut(
              "El Worker del anillo no arrancó a tiempo",
            ),
          ),
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
  // Start-up is over: a later failure belongs to the channel.
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
