/**
 * Child-process entry: the bench peer in its own process, as the Python and
 * C baselines run theirs.
 *
 * Started by `peer_process.ts`, never imported. Arguments say where to
 * connect: `tcp PORT [BUSY_POLL_MS]`, `unix PATH [BUSY_POLL_MS]`, `pipe` (its own stdin/stdout) or
 * `fifo READ_PATH WRITE_PATH`. A failure is printed on stderr, which the
 * parent reads.
 *
 * @module
 */

import { openFifoDuplex } from "../transports/fifo.ts";
import { parentPipeDuplex } from "../transports/pipe.ts";
import { connectTcp } from "../transports/tcp.ts";
import { connectUnix } from "../transports/unix.ts";
import type { MessageDuplex } from "../wire/duplex.ts";
import { serveBenchPeer } from "./protocol.ts";

/** The peer finishes with each message before the next: reuse buffers. */
const REUSE = { reuseBuffers: true } as const;

async function connect(args: string[]): Promise<MessageDuplex> {
  const [kind, first, second] = args;
  // A third argument on a socket asks for busy-poll reads with that spin.
  const busyPollMs = second === undefined ? undefined : Number(second);
  switch (kind) {
    case "tcp":
      return await connectTcp({ port: Number(first), busyPollMs, ...REUSE });
    case "unix":
      return await connectUnix({ path: first, busyPollMs, ...REUSE });
    case "pipe":
      return parentPipeDuplex({ ...REUSE, blockingStdio: true });
    case "fifo":
      return await openFifoDuplex(first, second, undefined, {
        ...REUSE,
        blockingIo: true,
      });
    default:
      throw new TypeError(`Unknown peer kind "${kind}"`);
  }
}

try {
  const duplex = await connect(Deno.args);
  await serveBenchPeer(duplex);
  await duplex.close();
} catch (error) {
  console.error(`Bench peer failed: ${error}`);
  Deno.exit(1);
}
