/**
 * The kit's own transports as bench pairs: one factory per mechanism, each
 * opening a connected pair with the bench peer across the boundary the
 * mechanism is made for (a Worker thread, a child process).
 *
 * A new transport joins the benchmark by adding its factory to
 * {@linkcode kitBenchPairs}.
 *
 * @module
 */

import { memoryDuplexPair } from "../wire/memory.ts";
import {
  type BenchPairFactory,
  BenchPairRegistry,
  makeBenchPair,
} from "./pairs.ts";
import {
  tcpAsyncBenchPair,
  tcpBenchPair,
  tcpBlockBenchPair,
  unixAsyncBenchPair,
  unixBenchPair,
  unixBlockBenchPair,
} from "./pairs_process.ts";
import {
  fifoAsyncBenchPair,
  fifoBenchPair,
  fifoBlockBenchPair,
  pipeAsyncBenchPair,
  pipeBenchPair,
  pipeBlockBenchPair,
} from "./pairs_pipe.ts";
import { channelBenchPair, ringBenchPair } from "./pairs_worker.ts";
import { EACH_SEND_PAIRS } from "./pairs_each.ts";
import { serveBenchPeer } from "./protocol.ts";

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
  const registry = new BenchPairRegistry()
    .register(tcpBenchPair)
    .register(tcpAsyncBenchPair)
    .register(tcpBlockBenchPair)
    .register(unixBenchPair)
    .register(unixAsyncBenchPair)
    .register(unixBlockBenchPair)
    .register(pipeBenchPair)
    .register(pipeAsyncBenchPair)
    .register(pipeBlockBenchPair)
    .register(fifoBenchPair)
    .register(fifoAsyncBenchPair)
    .register(fifoBlockBenchPair)
    .register(channelBenchPair)
    .register(ringBenchPair)
    .register(memoryBenchPair);
  // One write per message: the kit with the baselines' default strategy.
  for (const pair of EACH_SEND_PAIRS) registry.register(pair);
  return registry;
}
