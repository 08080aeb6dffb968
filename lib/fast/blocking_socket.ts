/**
 * A libc socket read and written with blocking calls on the calling thread:
 * the kernel-wait end of a process whose one job is that socket (the bench
 * peer). It sleeps in the operating system's kernel exactly as C's default
 * mode does, one `recv` or `send` per call, with no event-loop or
 * thread-pool hop per call, which is what a `Deno.Conn` costs. While it
 * waits nothing else in the process runs (no timers, no other I/O), so it
 * is chosen explicitly (`blockingIo`), never by default.
 *
 * @module
 */

import type { ReadWriteResource } from "../wire/byte_endpoints.ts";
import type { BusyPollSocket } from "./busy_poll_socket.ts";
import type { FastSocketOptions } from "./sockets.ts";
import { blockingResource } from "./blocking_resource.ts";

/** Whether a fast socket blocks its thread in its reads and writes. */
export interface BlockingSocketOption
  extends Pick<FastSocketOptions, "busyPollMs"> {
  /**
   * On Linux with FFI: a libc socket read and written with blocking calls
   * on this thread (asleep in the operating system's kernel, as C's peer)
   * instead of a `Deno.Conn` through the event loop or a `poll` on a helper
   * thread. With a spin budget (`busyPollMs`) each read first spins on
   * non-blocking attempts for that long, then blocks. Only for a process
   * whose one job is this socket, such as a bench peer (default false).
   */
  blockingIo?: boolean;
  /**
   * With `blockingIo`: the longest one blocking read or write may sleep, in
   * ms, before it fails with `Deno.errors.TimedOut`, since no timer can
   * interrupt it (default: no limit, for a peer that ends when its parent
   * does). A finite limit sleeps in `poll` on this thread before each call.
   */
  blockingWaitLimitMs?: number;
}

/**
 * Whether a connect asked for blocking calls and can have them: Linux, FFI
 * granted; elsewhere the connect falls back to a `Deno.Conn`.
 *
 * @example Only with the event loop's strategy and an explicit request
 * ```ts
 * import { wantsBlockingSocket } from "./blocking_socket.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(wantsBlockingSocket({ busyPollMs: false }), false);
 * assertEquals(wantsBlockingSocket({ busyPollMs: 0.2 }), false);
 * ```
 */
export function wantsBlockingSocket(options: BlockingSocketOption): boolean {
  if (!options.blockingIo) return false;
  if (Deno.build.os !== "linux") return false;
  return Deno.permissions.querySync({ name: "ffi" }).state === "granted";
}

/**
 * `socket` (in blocking mode, as `connectBusyPoll` and a listener's
 * `accept` leave it) as a read/write resource whose calls block, each for
 * at most `waitLimitMs`. The framing calls them from async
 * functions, so a throwing call still becomes a rejection.
 *
 * @example Typed errors still arrive as rejections
 * ```ts
 * import { blockingSocketResource } from "./blocking_socket.ts";
 * import type { BusyPollSocket } from "./busy_poll_socket.ts";
 * import { assertRejects } from "@std/assert";
 *
 * const closed = {
 *   readBlocking: () => { throw new Deno.errors.BadResource("cerrado"); },
 *   writeBlocking: () => 1,
 * } as unknown as BusyPollSocket;
 * await assertRejects(
 *   () => blockingSocketResource(closed).read(new Uint8Array(1)),
 *   Deno.errors.BadResource,
 * );
 * ```
 */
export function blockingSocketResource(
  socket: BusyPollSocket,
  spinMs = 0,
  waitLimitMs = Infinity,
): ReadWriteResource & { whenClosed(): Promise<void> } {
  return {
    ...blockingResource(socket, spinMs, waitLimitMs),
    whenClosed: () => socket.whenClosed(),
  };
}
