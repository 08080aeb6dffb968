/**
 * The kit's own transports as bench pairs: one factory per mechanism, each
 * opening a connected pair with the bench peer across the boundary the
 * mechanism is made for (a Worker thread, a child process).
 *
 * A new transport joins the benchmark by adding its factory here.
 *
 * @module
 */

import { listenTcp } from "../transports/tcp.ts";
import { memoryDuplexPair } from "../wire/memory.ts";
import { withTimeout } from "./deadline.ts";
import {
  type BenchPairFactory,
  BenchPairRegistry,
  makeBenchPair,
} from "./pairs.ts";
import { startPeerWorker } from "./peer_host.ts";
import { serveBenchPeer } from "./protocol.ts";

/** Bound on setting a pair up (worker start-up included). */
const OPEN_TIMEOUT_MS = 15_000;

/**
 * In-process reference pair: no I/O, the peer on the same thread. Shows the
 * harness's own cost.
 *
 * @example
 * ```ts
 * import { memoryBenchPair } from "./kit_pairs.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using pair = await memoryBenchPair.open();
 * await pair.duplex.send(new Uint8Array([7]));
 * assertEquals([...(await pair.duplex.receive())!], [7]);
 * ```
 */
export const memoryBenchPair: BenchPairFactory = {
  mechanism: "memory",
  description: "in-memory pair, peer on the same thread",
  peer: "same-thread",
  open() {
    const [local, remote] = memoryDuplexPair();
    const peer = serveBenchPeer(remote);
    return Promise.resolve(
      makeBenchPair("memory", local, "same-thread", async () => {
        await local.close();
        await peer.catch(() => {});
        await remote.close();
      }),
    );
  },
};

/**
 * Framed TCP on loopback, the peer on a Worker thread.
 *
 * @example
 * ```ts
 * import { tcpBenchPair } from "./kit_pairs.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using pair = await tcpBenchPair.open();
 * await pair.duplex.send(new Uint8Array([4]));
 * assertEquals([...(await pair.duplex.receive())!], [4]);
 * ```
 */
export const tcpBenchPair: BenchPairFactory = {
  mechanism: "tcp",
  description: "framed TCP on 127.0.0.1, peer on a Worker",
  peer: "worker",
  async open() {
    using listener = listenTcp();
    const peer = startPeerWorker({ kind: "tcp", port: listener.addr.port });
    try {
      const duplex = await withTimeout(
        listener.accept(),
        OPEN_TIMEOUT_MS,
        "the TCP peer to connect",
      );
      await withTimeout(peer.ready, OPEN_TIMEOUT_MS, "the TCP peer");
      return makeBenchPair("tcp", duplex, "worker", async () => {
        await duplex.close();
        await peer.finish();
      });
    } catch (error) {
      await peer.finish(0);
      throw error;
    }
  },
};

/**
 * A registry holding every kit transport available in this tree, in the
 * order the benchmark table shows them.
 *
 * @example
 * ```ts
 * import { kitBenchPairs } from "./kit_pairs.ts";
 * import { assert } from "@std/assert";
 *
 * assert(kitBenchPairs().has("tcp"));
 * ```
 */
export function kitBenchPairs(): BenchPairRegistry {
  return new BenchPairRegistry()
    .register(tcpBenchPair)
    .register(memoryBenchPair);
}
