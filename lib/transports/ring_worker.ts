/**
 * The teaching ring across two threads: a Worker that echoes every message
 * back over two rings (see `ring.ts` for the ring itself).
 *
 * @module
 */

import { createRingChannel, RingDuplex } from "./ring.ts";
import { joinRingWorker } from "./ring_peer.ts";

/** A Worker joined by a ring channel: this thread's end, and how to stop it. */
export interface RingWorker extends AsyncDisposable {
  /** This thread's end (side "a") of the channel. */
  duplex: RingDuplex;
  /** Closes the rings and terminates the Worker. */
  close(): Promise<void>;
}

/**
 * Starts the Worker `entry`, posts it a ring channel (it opens side "b" and
 * posts any message once ready) and gives this thread's end. A Worker that
 * fails later marks its end dead: a wait on it throws `RingPeerLostError`
 * instead of the error being lost; one terminated without a word is found
 * by the heartbeat after `peerSilenceMs`.
 *
 * @example The echo Worker, by its entry file
 * ```ts
 * import { startRingWorker } from "./ring_worker.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const entry = new URL("./workers/ring_echo_worker.ts", import.meta.url);
 * await using echo = await startRingWorker(entry, { capacityBytes: 1024 });
 * await echo.duplex.send(new Uint8Array([2, 7]));
 * assertEquals([...(await echo.duplex.receive())!], [2, 7]);
 * ```
 */
export async function startRingWorker(
  entry: URL,
  options: { capacityBytes?: number; peerSilenceMs?: number; name?: string } =
    {},
): Promise<RingWorker> {
  const rings = createRingChannel(options.capacityBytes ?? 64 * 1024, options);
  return await joinRingWorker(entry, rings, () => new RingDuplex(rings, "a"), {
    name: options.name,
  });
}

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
export function startRingEchoWorker(
  capacityBytes = 64 * 1024,
  options: { peerSilenceMs?: number } = {},
): Promise<RingWorker> {
  const entry = new URL("./workers/ring_echo_worker.ts", import.meta.url);
  return startRingWorker(entry, { ...options, capacityBytes });
}
