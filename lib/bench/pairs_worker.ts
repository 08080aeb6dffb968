/**
 * Bench pairs whose peer is a Worker thread: a MessagePort, and the
 * SharedArrayBuffer rings (shared memory exists only between threads).
 *
 * @module
 */

import { portDuplex } from "../transports/channel.ts";
import { createRingChannel, openRingDuplex } from "../fast/ring.ts";
import type { MessageDuplex } from "../wire/duplex.ts";
import { withTimeout } from "../util/deadline.ts";
import {
  type BenchPair,
  type BenchPairFactory,
  makeBenchPair,
} from "./pairs.ts";
import { type PeerRequest, startPeerWorker } from "./peer_host.ts";

/** Bound on setting a pair up (worker start-up included). */
const OPEN_TIMEOUT_MS = 15_000;

/** Opens a pair whose peer is a Worker serving `request`. */
async function workerPair(
  mechanism: string,
  duplex: MessageDuplex,
  request: PeerRequest,
  transfer: Transferable[] = [],
): Promise<BenchPair> {
  const peer = startPeerWorker(request, transfer);
  try {
    await withTimeout(
      peer.ready,
      OPEN_TIMEOUT_MS,
      `al otro extremo (${mechanism})`,
    );
  } catch (error) {
    await duplex.close();
    await peer.finish(0);
    throw error;
  }
  return makeBenchPair(mechanism, duplex, "worker", async () => {
    await duplex.close();
    await peer.finish();
  });
}

/**
 * A MessageChannel port handed to a Worker (structured clone per message).
 *
 * @example
 * ```ts
 * import { channelBenchPair } from "./pairs_worker.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using pair = await channelBenchPair.open();
 * await pair.duplex.send(new Uint8Array([8]));
 * assertEquals([...(await pair.duplex.receive())!], [8]);
 * ```
 */
export const channelBenchPair: BenchPairFactory = {
  mechanism: "channel",
  description: "MessagePort to a Worker",
  peer: "worker",
  open() {
    const { port1, port2 } = new MessageChannel();
    return workerPair("channel", portDuplex(port1), {
      kind: "port",
      port: port2,
    }, [port2]);
  },
};

/** Ring capacity per direction: 4 MiB, like the Python and C rings. */
const RING_CAPACITY = 4 * 1024 * 1024;

/**
 * Two SharedArrayBuffer rings shared with a Worker (the Worker blocks in
 * `Atomics.wait`; this thread waits asynchronously).
 *
 * @example
 * ```ts
 * import { ringBenchPair } from "./pairs_worker.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using pair = await ringBenchPair.open();
 * await pair.duplex.send(new Uint8Array([9]));
 * assertEquals([...(await pair.duplex.receive())!], [9]);
 * ```
 */
export const ringBenchPair: BenchPairFactory = {
  mechanism: "ring",
  description: "SharedArrayBuffer rings with a Worker",
  peer: "worker",
  open() {
    const buffers = createRingChannel(RING_CAPACITY);
    // The harness finishes with each reply before the next: lend buffers.
    const duplex = openRingDuplex(buffers, "a", { lendMessages: true });
    return workerPair("ring", duplex, {
      kind: "ring",
      buffers,
    });
  },
};
