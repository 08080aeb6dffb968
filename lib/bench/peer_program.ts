/**
 * Child-process entry: the bench peer in its own process, as the Python and
 * C baselines run theirs.
 *
 * Started by `peer_process.ts`, never imported. Arguments say where to
 * connect: `tcp PORT [BUSY_POLL_MS]`, `unix PATH [BUSY_POLL_MS]` (without a
 * spin budget the socket is a `Deno.Conn` read through the event loop),
 * `pipe` (its own stdin/stdout) or `fifo READ_PATH WRITE_PATH`. Every
 * mechanism is the fast tier's. A failure is printed on stderr, which the
 * parent reads.
 *
 * @module
 */

import { openFifoDuplexFast } from "../fast/fifo.ts";
import { parentPipeDuplexFast } from "../fast/pipe.ts";
import { connectTcpFast, connectUnixFast } from "../fast/sockets.ts";
import type { MessageDuplex } from "../wire/duplex.ts";
import { serveBenchPeer } from "./protocol.ts";

/** The peer finishes with each message before the next: reuse buffers. */
const REUSE = { reuseBuffers: true } as const;

async function connect(args: string[]): Promise<MessageDuplex> {
  const [kind, first, second] = args;
  // A third argument on a socket asks for busy-poll reads with that spin.
  const busyPollMs = second === undefined ? false : Number(second);
  switch (kind) {
    case "tcp":
      return await connectTcpFast({
        port: Number(first),
        busyPollMs,
        ...REUSE,
      });
    case "unix":
      return await connectUnixFast({ path: first, busyPollMs, ...REUSE });
    case "pipe":
      return parentPipeDuplexFast({ ...REUSE, blockingStdio: true });
    case "fifo":
      return await openFifoDuplexFast(first, second, undefined, {
        ...REUSE,
        blockingIo: true,
      });
    default:
      throw new TypeError(`Unknown peer kind "${kind}"`);
  }
}

if (import.meta.main) {
  try {
    const duplex = await connect(Deno.args);
    await serveBenchPeer(duplex);
    await duplex.close();
  } catch (error) {
    console.error(`Bench peer failed: ${error}`);
    Deno.exit(1);
  }
}
