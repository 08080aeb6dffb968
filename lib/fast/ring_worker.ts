/**
 * A ring channel to a Worker that echoes: the shared-memory transport across
 * two threads, ready for round-trip measurements.
 *
 * @module
 */

import { createRingChannel, openRingDuplex, type RingDuplex } from "./ring.ts";
import { joinRingWorker } from "../transports/ring_peer.ts";

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
  return await joinRingWorker(
    entry,
    buffers,
    () => openRingDuplex(buffers, "a"),
    { name: options.name, readyTimeoutMs },
  );
}
