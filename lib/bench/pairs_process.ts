/**
 * Bench pairs whose peer is a child process connecting over a socket: TCP
 * and Unix socket, framed, across a real process boundary as in the class's
 * Python (the pipe and FIFO pairs are in `pairs_pipe.ts`). Both ends use the fast tier
 * (`lib/fast/`): the benchmark races the kit's tuned code, and the notebooks
 * explain what each tuning buys.
 *
 * @module
 */

import {
  DEFAULT_BUSY_POLL_MS,
  listenTcpFast,
  listenUnixFast,
} from "../fast/sockets.ts";
import type { MessageDuplex } from "../wire/duplex.ts";
import { withTimeout } from "../util/deadline.ts";
import {
  type BenchPair,
  type BenchPairFactory,
  BLOCKING_WAIT_LIMIT_MS,
  makeBenchPair,
} from "./pairs.ts";
import { startPeerProcess } from "./peer_process.ts";

/**
 * Both ends finish with each message before the next (an echo, a counter),
 * so large messages reuse one buffer instead of a fresh allocation each.
 */
const REUSE = { reuseBuffers: true } as const;

/** Bound on setting a pair up (child start-up included). */
const OPEN_TIMEOUT_MS = 15_000;

/**
 * Opens a socket pair whose peer is a child process connecting to `listener`.
 */
async function processSocketPair(
  mechanism: string,
  listener: { accept(): Promise<MessageDuplex>; close(): void },
  peerArgs: string[],
  cleanup: () => Promise<void> = () => Promise.resolve(),
): Promise<BenchPair> {
  const peer = startPeerProcess(peerArgs);
  let opened: MessageDuplex | null = null;
  try {
    const duplex = opened = await withTimeout(
      Promise.race([listener.accept(), peer.failed]),
      OPEN_TIMEOUT_MS,
      `que se conecte el otro extremo (${mechanism})`,
    );
    listener.close();
    return makeBenchPair(mechanism, duplex, "process", async () => {
      await duplex.close();
      await peer.finish();
      await cleanup();
    });
  } catch (error) {
    listener.close();
    await opened?.close();
    await peer.finish(0);
    await cleanup();
    throw error;
  }
}

/**
 * Both ends of a busy-poll pair spin this long per read before sleeping: a
 * ping-pong reply at any size up to 4 KiB arrives well within it.
 */
const BUSY_POLL = { busyPollMs: DEFAULT_BUSY_POLL_MS } as const;

/**
 * The `-async` rows: the same fast framing on a `Deno.Conn` woken by the
 * event loop, so the table shows what busy polling adds on its own. The
 * peer (given no spin budget) makes blocking libc calls, as C's default
 * mode. The parent keeps `Deno.Conn`: measured here, a libc socket that
 * sleeps in `poll` on a helper thread sends faster (a synchronous `send`
 * per message) but adds a thread hand-off to every wake-up, so its round
 * trips were 20–80 % slower than the event loop's (2-core test machine).
 */
const EVENT_LOOP = { busyPollMs: false } as const;

/**
 * The `-block` rows: the measuring end a libc socket whose reads and writes
 * block its own thread (each sleep bounded by
 * {@linkcode BLOCKING_WAIT_LIMIT_MS}), as C's and Python's blocking calls:
 * the same way of waiting as the baselines, with no event loop between the
 * wake-up and the JavaScript that reads.
 */
const BLOCKING = {
  busyPollMs: 0,
  blockingIo: true,
  blockingWaitLimitMs: BLOCKING_WAIT_LIMIT_MS,
} as const;

/**
 * Framed TCP on loopback, the peer in a child process; both ends busy-poll
 * (the kit's latency setting: reads spin briefly through libc before they
 * sleep).
 *
 * @example
 * ```ts
 * import { tcpBenchPair } from "./pairs_process.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using pair = await tcpBenchPair.open();
 * await pair.duplex.send(new Uint8Array([4]));
 * assertEquals([...(await pair.duplex.receive())!], [4]);
 * ```
 */
export const tcpBenchPair: BenchPairFactory = {
  mechanism: "tcp",
  busyPollMs: BUSY_POLL.busyPollMs,
  description:
    "framed TCP on 127.0.0.1, busy-poll reads, peer in a child process",
  peer: "process",
  open() {
    const listener = listenTcpFast({ ...REUSE, ...BUSY_POLL });
    return processSocketPair("tcp", listener, [
      "tcp",
      String(listener.addr.port),
      String(BUSY_POLL.busyPollMs),
    ]);
  },
};

/**
 * Framed TCP on loopback with `Deno.Conn` (event-loop reads), the peer in a
 * child process.
 *
 * @example
 * ```ts
 * import { tcpAsyncBenchPair } from "./pairs_process.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using pair = await tcpAsyncBenchPair.open();
 * await pair.duplex.send(new Uint8Array([4]));
 * assertEquals([...(await pair.duplex.receive())!], [4]);
 * ```
 */
export const tcpAsyncBenchPair: BenchPairFactory = {
  mechanism: "tcp-async",
  busyPollMs: EVENT_LOOP.busyPollMs,
  description:
    "framed TCP on 127.0.0.1 through Deno.Conn, blocking peer in a child process",
  peer: "process",
  open() {
    const listener = listenTcpFast({ ...REUSE, ...EVENT_LOOP });
    return processSocketPair("tcp-async", listener, [
      "tcp",
      String(listener.addr.port),
    ]);
  },
};

/**
 * Framed TCP on loopback, both ends asleep in their own blocking calls (as
 * C's and Python's default mode), the peer in a child process.
 *
 * @example
 * ```ts
 * import { tcpBlockBenchPair } from "./pairs_process.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using pair = await tcpBlockBenchPair.open();
 * await pair.duplex.send(new Uint8Array([4, 2]));
 * assertEquals([...(await pair.duplex.receive())!], [4, 2]);
 * ```
 */
export const tcpBlockBenchPair: BenchPairFactory = {
  mechanism: "tcp-block",
  busyPollMs: false,
  blocksThread: true,
  description:
    "framed TCP on 127.0.0.1, both ends asleep in their own blocking calls, peer in a child process",
  peer: "process",
  open() {
    const listener = listenTcpFast({ ...REUSE, ...BLOCKING });
    return processSocketPair("tcp-block", listener, [
      "tcp",
      String(listener.addr.port),
    ]);
  },
};

/**
 * Framed Unix socket in a private temp dir, both ends busy-poll, the peer in
 * a child process.
 *
 * @example
 * ```ts
 * import { unixBenchPair } from "./pairs_process.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using pair = await unixBenchPair.open();
 * await pair.duplex.send(new Uint8Array([6]));
 * assertEquals([...(await pair.duplex.receive())!], [6]);
 * ```
 */
export const unixBenchPair: BenchPairFactory = {
  mechanism: "unix",
  busyPollMs: BUSY_POLL.busyPollMs,
  description: "framed Unix socket, busy-poll reads, peer in a child process",
  peer: "process",
  async open() {
    const listener = await listenUnixFast({ ...REUSE, ...BUSY_POLL });
    return processSocketPair("unix", listener, [
      "unix",
      listener.path,
      String(BUSY_POLL.busyPollMs),
    ]);
  },
};

/**
 * Framed Unix socket through `Deno.Conn` (event-loop reads), the peer in a
 * child process.
 *
 * @example
 * ```ts
 * import { unixAsyncBenchPair } from "./pairs_process.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using pair = await unixAsyncBenchPair.open();
 * await pair.duplex.send(new Uint8Array([6, 1]));
 * assertEquals([...(await pair.duplex.receive())!], [6, 1]);
 * ```
 */
export const unixAsyncBenchPair: BenchPairFactory = {
  mechanism: "unix-async",
  busyPollMs: EVENT_LOOP.busyPollMs,
  description:
    "framed Unix socket through Deno.Conn, blocking peer in a child process",
  peer: "process",
  async open() {
    const listener = await listenUnixFast({ ...REUSE, ...EVENT_LOOP });
    return processSocketPair("unix-async", listener, ["unix", listener.path]);
  },
};

/**
 * Framed Unix socket, both ends asleep in their own blocking calls (as C's
 * and Python's default mode), the peer in a child process.
 *
 * @example
 * ```ts
 * import { unixBlockBenchPair } from "./pairs_process.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using pair = await unixBlockBenchPair.open();
 * await pair.duplex.send(new Uint8Array([6, 2]));
 * assertEquals([...(await pair.duplex.receive())!], [6, 2]);
 * ```
 */
export const unixBlockBenchPair: BenchPairFactory = {
  mechanism: "unix-block",
  busyPollMs: false,
  blocksThread: true,
  description:
    "framed Unix socket, both ends asleep in their own blocking calls, peer in a child process",
  peer: "process",
  async open() {
    const listener = await listenUnixFast({ ...REUSE, ...BLOCKING });
    return processSocketPair("unix-block", listener, ["unix", listener.path]);
  },
};
