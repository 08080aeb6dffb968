/**
 * Bench pairs over a pipe (a child's stdin/stdout) and over two FIFOs, the
 * peer in a child process. Each comes in two strategies, the same on both
 * ends so the row compares like with like (see `strategies.ts`): busy
 * polling (`pipe`, `fifo`: reads spin through libc before they sleep) and
 * waiting asleep in the operating system's kernel (`pipe-async`,
 * `fifo-async`; the `-each` rows build on these). Waiting in the kernel,
 * the parent reads and writes the kit's libc ends with a spin budget of 0
 * (a plain `read`/`write`; on `EAGAIN`, asleep in `poll` on a helper
 * thread at once) and the peer, which has nothing else to do, makes
 * blocking calls: as C's default mode, one system call per read or write
 * and no per-call stream or thread-pool machinery of Deno's (measured on the kit's 2-core test
 * machine: a 64 B FIFO round trip went from 60–180 µs on `Deno.FsFile`, a
 * thread-pool hand-off per call, to about 23 µs).
 *
 * @module
 */

import { createFifoPair } from "../transports/fifo.ts";
import { openFifoDuplexFast } from "../fast/fifo.ts";
import { spawnDenoChildFast } from "../fast/pipe.ts";
import { kernelWaitSpin } from "../fast/pipe_ends.ts";
import { DEFAULT_BUSY_POLL_MS } from "../fast/sockets.ts";
import type { MessageDuplex } from "../wire/duplex.ts";
import { withTimeout } from "../util/deadline.ts";
import {
  type BenchPairFactory,
  BLOCKING_WAIT_LIMIT_MS,
  makeBenchPair,
} from "./pairs.ts";
import {
  busyPollArg,
  PEER_PERMISSION_FLAGS,
  PEER_PROGRAM_URL,
  startPeerProcess,
} from "./peer_process.ts";

/** Both ends finish with each message before the next: reuse buffers. */
const REUSE = { reuseBuffers: true } as const;

/** Bound on setting a pair up (child start-up included). */
const OPEN_TIMEOUT_MS = 15_000;

/**
 * The peer program's arguments for a pipe pair: `pipe [BUSY_POLL_MS]`.
 *
 * @example
 * ```ts
 * import { pipePeerArgs } from "./pairs_pipe.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(pipePeerArgs(false), ["pipe"]);
 * assertEquals(pipePeerArgs(0.5), ["pipe", "0.5"]);
 * ```
 */
export function pipePeerArgs(busyPollMs: number | false): string[] {
  return ["pipe", ...busyPollArg(busyPollMs)];
}

/**
 * The peer program's arguments for a FIFO pair:
 * `fifo READ_PATH WRITE_PATH [BUSY_POLL_MS]`.
 *
 * @example
 * ```ts
 * import { fifoPeerArgs } from "./pairs_pipe.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(fifoPeerArgs("/t/a", "/t/b", 0.5), ["fifo", "/t/a", "/t/b", "0.5"]);
 * ```
 */
export function fifoPeerArgs(
  readPath: string,
  writePath: string,
  busyPollMs: number | false,
): string[] {
  return ["fifo", readPath, writePath, ...busyPollArg(busyPollMs)];
}

/**
 * How the parent end waits for a pair whose peer waits `busyPollMs`: the
 * same spin budget, or (`false`) libc ends that never spin.
 */
function parentWait(busyPollMs: number | false): number | false {
  return busyPollMs === false ? kernelWaitSpin() : busyPollMs;
}

/** The measuring end's own blocking calls, for the `-block` pairs. */
const BLOCKING_PARENT = {
  busyPollMs: 0,
  blockingIo: true,
  blockingWaitLimitMs: BLOCKING_WAIT_LIMIT_MS,
} as const;

/**
 * A pipe pair whose two ends wait the same way. An explicit spin budget
 * makes the parent refuse to fall back silently where busy polling cannot
 * run, so a row never claims a strategy it did not use.
 */
function pipePair(
  mechanism: string,
  description: string,
  busyPollMs: number | false,
  blocking = false,
): BenchPairFactory {
  return {
    mechanism,
    description,
    peer: "process",
    busyPollMs,
    blocksThread: blocking,
    open() {
      const child = spawnDenoChildFast(PEER_PROGRAM_URL, {
        ...REUSE,
        ...(blocking
          ? BLOCKING_PARENT
          : { busyPollMs: parentWait(busyPollMs) }),
        args: pipePeerArgs(busyPollMs),
        permissionFlags: [...PEER_PERMISSION_FLAGS],
      });
      return Promise.resolve(
        makeBenchPair(mechanism, child, "process", () => child.close()),
      );
    },
  };
}

/** A FIFO pair whose two ends wait the same way (see `pipePair`). */
function fifoPair(
  mechanism: string,
  description: string,
  busyPollMs: number | false,
  blocking = false,
): BenchPairFactory {
  return {
    mechanism,
    description,
    peer: "process",
    busyPollMs,
    blocksThread: blocking,
    async open() {
      const fifos = await createFifoPair();
      const peer = startPeerProcess(
        fifoPeerArgs(fifos.requests, fifos.replies, busyPollMs),
      );
      let opened: MessageDuplex | null = null;
      try {
        const duplex = opened = await withTimeout(
          Promise.race([
            openFifoDuplexFast(fifos.replies, fifos.requests, OPEN_TIMEOUT_MS, {
              ...REUSE,
              ...(blocking
                ? BLOCKING_PARENT
                : { busyPollMs: parentWait(busyPollMs) }),
            }),
            peer.failed,
          ]),
          OPEN_TIMEOUT_MS,
          "al otro extremo del FIFO",
        );
        return makeBenchPair(mechanism, duplex, "process", async () => {
          await duplex.close();
          await peer.finish();
          await fifos.remove();
        });
      } catch (error) {
        await opened?.close();
        await peer.finish(0);
        await fifos.remove();
        throw error;
      }
    },
  };
}

/**
 * A child process's stdin/stdout, framed; both ends busy-poll.
 *
 * @example
 * ```ts
 * import { pipeBenchPair } from "./pairs_pipe.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using pair = await pipeBenchPair.open();
 * await pair.duplex.send(new Uint8Array([10, 1]));
 * assertEquals([...(await pair.duplex.receive())!], [10, 1]);
 * ```
 */
export const pipeBenchPair: BenchPairFactory = pipePair(
  "pipe",
  "child process stdin/stdout, framed, busy-poll reads on both ends",
  DEFAULT_BUSY_POLL_MS,
);

/**
 * A child process's stdin/stdout, framed; both ends asleep in the kernel
 * until data arrives: the parent in `poll` on a helper thread, so its event
 * loop stays free and the data wakes two threads, the peer in its own reads.
 *
 * @example
 * ```ts
 * import { pipeAsyncBenchPair } from "./pairs_pipe.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using pair = await pipeAsyncBenchPair.open();
 * await pair.duplex.send(new Uint8Array([10, 2]));
 * assertEquals([...(await pair.duplex.receive())!], [10, 2]);
 * ```
 */
export const pipeAsyncBenchPair: BenchPairFactory = pipePair(
  "pipe-async",
  "child process stdin/stdout, framed, the parent asleep through a helper thread, the peer in its own reads",
  false,
);

/**
 * A child process's stdin/stdout, framed; both ends sleep in their own
 * `poll` until data arrives, blocking their thread as C's `read` does (the
 * parent's every sleep bounded by {@linkcode BLOCKING_WAIT_LIMIT_MS}).
 *
 * @example
 * ```ts
 * import { pipeBlockBenchPair } from "./pairs_pipe.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using pair = await pipeBlockBenchPair.open();
 * await pair.duplex.send(new Uint8Array([10, 3]));
 * assertEquals([...(await pair.duplex.receive())!], [10, 3]);
 * ```
 */
export const pipeBlockBenchPair: BenchPairFactory = pipePair(
  "pipe-block",
  "child process stdin/stdout, framed, both ends asleep in their own reads",
  false,
  true,
);

/**
 * Two named pipes (FIFOs) in a private temp dir, the peer in a child
 * process; both ends busy-poll.
 *
 * @example
 * ```ts
 * import { fifoBenchPair } from "./pairs_pipe.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using pair = await fifoBenchPair.open();
 * await pair.duplex.send(new Uint8Array([11, 1]));
 * assertEquals([...(await pair.duplex.receive())!], [11, 1]);
 * ```
 */
export const fifoBenchPair: BenchPairFactory = fifoPair(
  "fifo",
  "two FIFOs in a private dir, busy-poll reads, peer in a child process",
  DEFAULT_BUSY_POLL_MS,
);

/**
 * Two FIFOs, asleep in the kernel until data arrives: the parent through a
 * helper thread (its event loop stays free), the peer in its own reads.
 *
 * @example
 * ```ts
 * import { fifoAsyncBenchPair } from "./pairs_pipe.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using pair = await fifoAsyncBenchPair.open();
 * await pair.duplex.send(new Uint8Array([11, 2]));
 * assertEquals([...(await pair.duplex.receive())!], [11, 2]);
 * ```
 */
export const fifoAsyncBenchPair: BenchPairFactory = fifoPair(
  "fifo-async",
  "two FIFOs in a private dir, the parent asleep through a helper thread, peer in a child process",
  false,
);

/**
 * Two FIFOs, both ends asleep in their own `poll`, blocking their thread as
 * C's `read` does (the parent's every sleep bounded by
 * {@linkcode BLOCKING_WAIT_LIMIT_MS}).
 *
 * @example
 * ```ts
 * import { fifoBlockBenchPair } from "./pairs_pipe.ts";
 * import { assertEquals } from "@std/assert";
 *
 * await using pair = await fifoBlockBenchPair.open();
 * await pair.duplex.send(new Uint8Array([11, 3]));
 * assertEquals([...(await pair.duplex.receive())!], [11, 3]);
 * ```
 */
export const fifoBlockBenchPair: BenchPairFactory = fifoPair(
  "fifo-block",
  "two FIFOs in a private dir, both ends asleep in their own reads, peer in a child process",
  false,
  true,
);
