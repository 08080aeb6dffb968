/**
 * A busy-poll pipe read and written on the calling thread: the spinning end
 * of a process whose one job is that pipe (the bench peer). Each read spins
 * on non-blocking attempts, then sleeps in `poll` on this thread, as C's
 * spinning peer does, with no helper-thread hop per wait.
 *
 * @module
 */

import type { ReadWriteResource } from "../wire/byte_endpoints.ts";
import type { BusyPollPipe } from "./busy_poll_pipe.ts";
import { blockingResource } from "./blocking_resource.ts";

/**
 * `pipe` as a read/write resource whose calls run on this thread: each read
 * spins for `spinMs`, then sleeps in `poll` (see
 * {@linkcode BusyPollPipe.readBlocking}). For a process whose one job is
 * this pipe; the framing calls it from async functions, so a throwing call
 * still becomes a rejection. A spin outside 0–1000 ms is a `RangeError`.
 *
 * @example Bytes already there come back without sleeping; then the end
 * ```ts
 * import { blockingPipeResource } from "./blocking_pipe.ts";
 * import { BusyPollPipe } from "./busy_poll_pipe.ts";
 * import { cPath, PIPE, pipeLibc } from "./pipe_libc.ts";
 * import { makeFifo } from "../transports/fifo.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * await makeFifo(`${dir}/f`);
 * const libc = pipeLibc.acquire();
 * const flags = PIPE.O_NONBLOCK | PIPE.O_CLOEXEC;
 * const readFd = libc.open(cPath(`${dir}/f`), PIPE.O_RDONLY | flags);
 * const writeFd = libc.open(cPath(`${dir}/f`), PIPE.O_WRONLY | flags);
 * const pipe = new BusyPollPipe(libc, readFd, writeFd, 0.1, () => pipeLibc.release());
 * const resource = blockingPipeResource(pipe, 0.1);
 * assertEquals(await resource.write(new Uint8Array([7, 8, 9])), 3);
 * const got = new Uint8Array(8);
 * assertEquals(await resource.read(got), 3);
 * await resource.closeWrite!();
 * assertEquals(await resource.read(got), null);
 * resource.close();
 * await pipe.whenClosed();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function blockingPipeResource(
  pipe: BusyPollPipe,
  spinMs: number,
  waitLimitMs: number = Infinity,
): ReadWriteResource {
  return blockingResource(pipe, spinMs, waitLimitMs);
}
