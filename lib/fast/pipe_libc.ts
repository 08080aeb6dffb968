/**
 * The libc calls behind the busy-poll pipes and FIFOs, through FFI: plain
 * `read`/`write` on non-blocking descriptors, `open` (a FIFO's blocking open
 * runs on a helper thread), `fcntl`, and what {@linkcode FdWaiter} needs.
 * Needs `--allow-ffi`; Linux only (the constants below are Linux's).
 *
 * @module
 */

import { describeErrno, lastErrno, libcBinding } from "./../ffi/libc.ts";
import type { LibcSymbols } from "../ffi/libc.ts";
import { BusyPollUnsupportedError } from "../ffi/socket.ts";

const symbols = {
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  open: { parameters: ["buffer", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  fcntl: { parameters: ["i32", "i32", "i32"], result: "i32" },
  eventfd: { parameters: ["u32", "i32"], result: "i32" },
  sched_yield: { parameters: [], result: "i32" },
  // Sleeps on this thread: only for a process whose one job is the pipe.
  poll_here: {
    name: "poll",
    parameters: ["buffer", "u64", "i32"],
    result: "i32",
  },
  // The calls that sleep run on a helper thread: the event loop stays free.
  poll: {
    parameters: ["buffer", "u64", "i32"],
    result: "i32",
    nonblocking: true,
  },
  open_sleeping: {
    name: "open",
    parameters: ["buffer", "i32"],
    result: "i32",
    nonblocking: true,
  },
} as const;

/** The opened library, typed (with errno's helpers). */
export type PipeLibc = LibcSymbols<typeof symbols>;

/** The process's one reference-counted binding (acquire per pipe end pair). */
export const pipeLibc = libcBinding({
  symbols,
  unsupported: (os) => new BusyPollUnsupportedError(os),
});

/** Linux constants used by the busy-poll pipes. */
export const PIPE = Object.freeze({
  O_RDONLY: 0,
  O_WRONLY: 1,
  O_RDWR: 2,
  O_NONBLOCK: 0o4000,
  O_CLOEXEC: 0o2000000,
  F_GETFL: 3,
  F_SETFL: 4,
  F_SETPIPE_SZ: 1031,
  POLLIN: 0x1,
  POLLOUT: 0x4,
  EAGAIN: 11,
  EINTR: 4,
});

/**
 * The error `Deno.FsFile` would throw for a failed pipe call's errno (so the
 * framing treats both alike: a reader gone is `BrokenPipe`), else a plain
 * `Error` naming the call.
 *
 * @example A write with nobody reading
 * ```ts
 * import { pipeError, pipeLibc } from "./pipe_libc.ts";
 * import { assertInstanceOf } from "@std/assert";
 *
 * const libc = pipeLibc.acquire();
 * assertInstanceOf(pipeError(libc, "write", 32), Deno.errors.BrokenPipe);
 * pipeLibc.release();
 * ```
 */
export function pipeError(libc: PipeLibc, call: string, errno: number): Error {
  const message = `${call} falló: ${describeErrno(libc, errno)}`;
  switch (errno) {
    case 2:
      return new Deno.errors.NotFound(message);
    case 9:
      return new Deno.errors.BadResource(message);
    case 13:
      return new Deno.errors.PermissionDenied(message);
    case 32:
      return new Deno.errors.BrokenPipe(message);
    default:
      return new Error(message);
  }
}

/**
 * Throws the errno of the call that just returned `result` if it failed.
 *
 * @example
 * ```ts
 * import { checkPipeCall, pipeLibc } from "./pipe_libc.ts";
 * import { assertThrows } from "@std/assert";
 *
 * const libc = pipeLibc.acquire();
 * assertThrows(() => checkPipeCall(libc, "close", libc.close(-1)), Deno.errors.BadResource);
 * pipeLibc.release();
 * ```
 */
export function checkPipeCall(
  libc: PipeLibc,
  call: string,
  result: number,
): number {
  if (result < 0) throw pipeError(libc, call, lastErrno(libc));
  return result;
}

/**
 * A path as the NUL-terminated bytes `open` takes.
 *
 * @example
 * ```ts
 * import { cPath } from "./pipe_libc.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals([...cPath("/a")], [47, 97, 0]);
 * assertThrows(() => cPath("a\0b"), TypeError);
 * ```
 */
export function cPath(path: string): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(path);
  if (bytes.includes(0)) {
    throw new TypeError(`La ruta contiene un byte NUL: ${path}`);
  }
  const terminated = new Uint8Array(bytes.length + 1);
  terminated.set(bytes);
  return terminated;
}
