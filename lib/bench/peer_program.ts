/**
 * Child-process entry: the bench peer in its own process, as the Python and
 * C baselines run theirs.
 *
 * Started by `peer_process.ts`; imported only to test its argument
 * parsing. Arguments say where to connect: `tcp PORT [BUSY_POLL_MS]`,
 * `unix PATH [BUSY_POLL_MS]`, `pipe [BUSY_POLL_MS]` (its own stdin/stdout)
 * or `fifo READ_PATH WRITE_PATH [BUSY_POLL_MS]`. Without a spin budget,
 * reads sleep in the operating system's kernel with blocking calls (a libc
 * socket, or Deno's sync stdio and file calls on a pipe or FIFO), since the
 * peer has nothing else to do. With one, each read spins on non-blocking
 * libc attempts for the budget and then sleeps on this thread, as C's
 * spinning peer does. Every mechanism is the fast tier's. A failure is printed on stderr, which the parent reads.
 *
 * @module
 */

import { openFifoDuplexFast } from "../fast/fifo.ts";
import { parentPipeDuplexFast } from "../fast/pipe.ts";
import { connectTcpFast, connectUnixFast } from "../fast/sockets.ts";
import type { MessageDuplex } from "../wire/duplex.ts";
import { serveBenchPeer } from "./protocol.ts";
import { busyPollFromArg } from "./peer_process.ts";

/** The peer finishes with each message before the next: reuse buffers. */
const REUSE = { reuseBuffers: true } as const;

/** Where a peer connects and how it waits, from its arguments. */
export interface PeerEnd {
  /** The mechanism: `tcp`, `unix`, `pipe` or `fifo`. */
  kind: "tcp" | "unix" | "pipe" | "fifo";
  /** The port, socket path or FIFO paths (read, write); none for a pipe. */
  where: string[];
  /** Spin budget of each read in ms, or `false`: asleep in the kernel. */
  busyPollMs: number | false;
}

/**
 * Parses the peer's arguments (see the module's documentation).
 *
 * @example
 * ```ts
 * import { parsePeerArgs } from "./peer_program.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals(parsePeerArgs(["pipe"]), { kind: "pipe", where: [], busyPollMs: false });
 * assertEquals(parsePeerArgs(["fifo", "/a", "/b", "0.5"]).busyPollMs, 0.5);
 * assertThrows(() => parsePeerArgs(["fifo", "/a"]), TypeError);
 * ```
 */
export function parsePeerArgs(args: readonly string[]): PeerEnd {
  const [kind, ...rest] = args;
  const places = { tcp: 1, unix: 1, pipe: 0, fifo: 2 } as const;
  if (!Object.hasOwn(places, kind)) {
    throw new TypeError(`Tipo de otro extremo desconocido «${kind}»`);
  }
  const count = places[kind as PeerEnd["kind"]];
  if (rest.length < count || rest.length > count + 1) {
    throw new TypeError(
      `Argumentos del otro extremo inválidos: «${args.join(" ")}»`,
    );
  }
  return {
    kind: kind as PeerEnd["kind"],
    where: rest.slice(0, count),
    busyPollMs: busyPollFromArg(rest[count]),
  };
}

async function connect(args: string[]): Promise<MessageDuplex> {
  const { kind, where, busyPollMs } = parsePeerArgs(args);
  // The peer reads and writes with blocking calls, as C's peer does (after
  // spinning for the budget, if it has one): it only answers its parent,
  // and an event-loop or thread-pool hop per call would be the runtime's
  // cost, not the mechanism's.
  const blocking = true;
  switch (kind) {
    case "tcp":
      return await connectTcpFast({
        port: Number(where[0]),
        busyPollMs,
        blockingIo: blocking,
        ...REUSE,
      });
    case "unix":
      return await connectUnixFast({
        path: where[0],
        busyPollMs,
        blockingIo: blocking,
        ...REUSE,
      });
    case "pipe":
      return parentPipeDuplexFast({
        ...REUSE,
        busyPollMs,
        blockingStdio: blocking,
      });
    case "fifo":
      return await openFifoDuplexFast(where[0], where[1], undefined, {
        ...REUSE,
        busyPollMs,
        blockingIo: blocking,
      });
  }
}

if (import.meta.main) {
  try {
    const duplex = await connect(Deno.args);
    await serveBenchPeer(duplex);
    await duplex.close();
  } catch (error) {
    console.error(`El otro extremo de la medición falló: ${error}`);
    Deno.exit(1);
  }
}
