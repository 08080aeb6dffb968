/**
 * The libc socket calls behind the busy-poll transport, through FFI.
 *
 * `Deno.Conn` never exposes its file descriptor, and each of its reads is an
 * event-loop operation: the thread sleeps in `epoll_wait` and the kernel
 * must wake it for every message. On a virtual machine that wake-up is most
 * of a loopback round trip. Busy polling needs a read that returns at once
 * when nothing has arrived (`recv` with `MSG_DONTWAIT`), which only a socket
 * the kit opens itself offers. Needs `--allow-ffi`; Linux only (the numbers
 * below are Linux's, the same on x86-64 and aarch64).
 *
 * @module
 */

import {
  describeErrno,
  lastErrno,
  libcBinding,
  type LibcSymbols,
} from "./libc.ts";

/** Busy-poll sockets exist only where the kit checked them: Linux. */
export class BusyPollUnsupportedError extends Error {
  /** Builds the error naming the platform. */
  constructor(os: string) {
    super(
      `Los sockets con busy polling por FFI solo funcionan en Linux, no en ${os}`,
    );
    this.name = "BusyPollUnsupportedError";
  }
}

const symbols = {
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  listen: { parameters: ["i32", "i32"], result: "i32" },
  accept4: { parameters: ["i32", "pointer", "pointer", "i32"], result: "i32" },
  connect: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  recv: { parameters: ["i32", "buffer", "usize", "i32"], result: "isize" },
  send: { parameters: ["i32", "buffer", "usize", "i32"], result: "isize" },
  shutdown: { parameters: ["i32", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  setsockopt: {
    parameters: ["i32", "i32", "i32", "buffer", "u32"],
    result: "i32",
  },
  getsockopt: {
    parameters: ["i32", "i32", "i32", "buffer", "buffer"],
    result: "i32",
  },
  getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  eventfd: { parameters: ["u32", "i32"], result: "i32" },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  fcntl: { parameters: ["i32", "i32", "i32"], result: "i32" },
  sched_yield: { parameters: [], result: "i32" },
  // Sleeps on this thread: only for a process whose one job is the socket.
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
  send_sleeping: {
    name: "send",
    parameters: ["i32", "buffer", "usize", "i32"],
    result: "isize",
    nonblocking: true,
  },
} as const;

/** The opened library, typed (with errno's helpers). */
export type SocketLibc = LibcSymbols<typeof symbols>;

/** The process's one reference-counted binding (acquire per socket). */
export const socketLibc = libcBinding({
  symbols,
  unsupported: (os) => new BusyPollUnsupportedError(os),
});

/** Linux constants used by the busy-poll transport. */
export const SOCK = Object.freeze({
  AF_UNIX: 1,
  AF_INET: 2,
  SOCK_STREAM: 1,
  SOCK_NONBLOCK: 0o4000,
  SOCK_CLOEXEC: 0o2000000,
  SOL_SOCKET: 1,
  SO_REUSEADDR: 2,
  SO_ERROR: 4,
  SO_SNDBUF: 7,
  IPPROTO_TCP: 6,
  TCP_NODELAY: 1,
  MSG_DONTWAIT: 0x40,
  MSG_NOSIGNAL: 0x4000,
  POLLIN: 0x1,
  POLLOUT: 0x4,
  SHUT_WR: 1,
  SHUT_RDWR: 2,
  F_GETFL: 3,
  F_SETFL: 4,
  O_NONBLOCK: 0o4000,
  EFD_NONBLOCK: 0o4000,
  EFD_CLOEXEC: 0o2000000,
  EAGAIN: 11,
  EINTR: 4,
  EINPROGRESS: 115,
});

/** Longest path a `sockaddr_un` holds (108 bytes with the terminating NUL). */
const UNIX_PATH_MAX = 107;

/**
 * Encodes a socket address as the kernel expects it: `sockaddr_in` for an
 * IPv4 dotted quad (or `localhost`), `sockaddr_un` for a path.
 *
 * @example 127.0.0.1:4444
 * ```ts
 * import { encodeSockaddr } from "./socket.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const bytes = encodeSockaddr({ transport: "tcp", hostname: "127.0.0.1", port: 4444 });
 * assertEquals([...bytes.subarray(0, 8)], [2, 0, 0x11, 0x5c, 127, 0, 0, 1]);
 * ```
 */
export function encodeSockaddr(
  address:
    | { transport: "tcp"; hostname: string; port: number }
    | { transport: "unix"; path: string },
): Uint8Array<ArrayBuffer> {
  if (address.transport === "unix") {
    const path = new TextEncoder().encode(address.path);
    if (path.length === 0 || path.length > UNIX_PATH_MAX) {
      throw new RangeError(
        `La ruta de un socket Unix debe tener entre 1 y ${UNIX_PATH_MAX} bytes, no ${path.length}`,
      );
    }
    const bytes = new Uint8Array(2 + UNIX_PATH_MAX + 1);
    new DataView(bytes.buffer).setUint16(0, SOCK.AF_UNIX, true);
    bytes.set(path, 2);
    return bytes;
  }
  const host = address.hostname === "localhost"
    ? "127.0.0.1"
    : address.hostname;
  const parts = host.split(".").map(Number);
  if (
    parts.length !== 4 ||
    parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)
  ) {
    throw new TypeError(
      `Los sockets con busy polling usan una dirección IPv4 como 127.0.0.1, no "${address.hostname}"`,
    );
  }
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, SOCK.AF_INET, true);
  view.setUint16(2, address.port); // network byte order
  bytes.set(parts, 4);
  return bytes;
}

/**
 * Turns a failed call's errno into the error `Deno.Conn` would have thrown
 * (so code above treats both transports alike), else a plain `Error` naming
 * the call and the errno.
 *
 * @example A reset peer reads as Deno's ConnectionReset
 * ```ts
 * import { socketError, socketLibc } from "./socket.ts";
 * import { assertInstanceOf } from "@std/assert";
 *
 * const libc = socketLibc.acquire();
 * assertInstanceOf(socketError(libc, "recv", 104), Deno.errors.ConnectionReset);
 * socketLibc.release();
 * ```
 */
export function socketError(
  libc: SocketLibc,
  call: string,
  errno: number,
): Error {
  const message = `${call} falló: ${describeErrno(libc, errno)}`;
  switch (errno) {
    case 2:
      return new Deno.errors.NotFound(message);
    case 13:
      return new Deno.errors.PermissionDenied(message);
    case 32:
      return new Deno.errors.BrokenPipe(message);
    case 98:
      return new Deno.errors.AddrInUse(message);
    case 103:
      return new Deno.errors.ConnectionAborted(message);
    case 104:
      return new Deno.errors.ConnectionReset(message);
    case 107:
      return new Deno.errors.NotConnected(message);
    case 111:
      return new Deno.errors.ConnectionRefused(message);
    default:
      return new Error(message);
  }
}

/**
 * Throws the errno of the call that just returned `result` if it failed.
 *
 * @example
 * ```ts
 * import { checkCall, socketLibc } from "./socket.ts";
 * import { assertThrows } from "@std/assert";
 *
 * const libc = socketLibc.acquire();
 * assertThrows(() => checkCall(libc, "close", libc.close(-1)), Error, "EBADF");
 * socketLibc.release();
 * ```
 */
export function checkCall(
  libc: SocketLibc,
  call: string,
  result: number,
): number {
  if (result < 0) throw socketError(libc, call, lastErrno(libc));
  return result;
}

/**
 * Sets an integer socket option (`TCP_NODELAY`, `SO_REUSEADDR`).
 *
 * @example
 * ```ts
 * import { setIntOption, SOCK, socketLibc } from "./socket.ts";
 * import { assertThrows } from "@std/assert";
 *
 * const libc = socketLibc.acquire();
 * assertThrows(() => setIntOption(libc, -1, SOCK.SOL_SOCKET, SOCK.SO_REUSEADDR, 1));
 * socketLibc.release();
 * ```
 */
export function setIntOption(
  libc: SocketLibc,
  fd: number,
  level: number,
  option: number,
  value: number,
): void {
  const bytes = new Uint8Array(new Int32Array([value]).buffer);
  checkCall(libc, "setsockopt", libc.setsockopt(fd, level, option, bytes, 4));
}

/**
 * The port a TCP socket is bound to (after binding port 0).
 *
 * @example Not a socket
 * ```ts
 * import { boundPort, socketLibc } from "./socket.ts";
 * import { assertThrows } from "@std/assert";
 *
 * const libc = socketLibc.acquire();
 * assertThrows(() => boundPort(libc, -1));
 * socketLibc.release();
 * ```
 */
export function boundPort(libc: SocketLibc, fd: number): number {
  const address = new Uint8Array(16);
  const length = new Uint8Array(new Uint32Array([16]).buffer);
  checkCall(libc, "getsockname", libc.getsockname(fd, address, length));
  return new DataView(address.buffer).getUint16(2);
}

/**
 * The pending error of a socket (`SO_ERROR`): how a non-blocking `connect`
 * reports its outcome. 0 means connected.
 *
 * @example Not a socket
 * ```ts
 * import { pendingError, socketLibc } from "./socket.ts";
 * import { assertThrows } from "@std/assert";
 *
 * const libc = socketLibc.acquire();
 * assertThrows(() => pendingError(libc, -1));
 * socketLibc.release();
 * ```
 */
export function pendingError(libc: SocketLibc, fd: number): number {
  const value = new Int32Array(1);
  const length = new Uint32Array([4]);
  checkCall(
    libc,
    "getsockopt",
    libc.getsockopt(
      fd,
      SOCK.SOL_SOCKET,
      SOCK.SO_ERROR,
      new Uint8Array(value.buffer),
      new Uint8Array(length.buffer),
    ),
  );
  return value[0];
}
