/**
 * The options and handle types of the fast tier's sockets
 * (`lib/fast/sockets.ts`), and how a socket reads its options: the spin
 * budget, and the only framing fields a listener passes to what it accepts.
 *
 * @module
 */

import type { FramedListener } from "../transports/listener.ts";
import type { SocketMode } from "../transports/socket_path.ts";
import type { FramedUnixListener } from "../transports/unix.ts";
import type { BlockingSocketOption } from "./blocking_socket.ts";
import type { FastFramedDuplex, FastFramedOptions } from "./framed.ts";
import { DEFAULT_BUSY_POLL_MS } from "./busy_poll_socket.ts";

/** How a fast socket reads, and how it frames. */
export interface FastSocketOptions extends Omit<FastFramedOptions, "onClose"> {
  /**
   * Spin budget of each read before it sleeps, in ms (default
   * {@linkcode DEFAULT_BUSY_POLL_MS}; 0 = a libc socket that never spins);
   * `false` = a `Deno.Conn` read through the event loop.
   */
  busyPollMs?: number | false;
}

/**
 * Options of {@linkcode listenTcpFast}. A listener has no `onClose`: each
 * accepted connection closes on its own.
 */
export interface ListenTcpFastOptions
  extends FastSocketOptions, BlockingSocketOption {
  /** Address to bind; default `127.0.0.1` (a dotted quad when busy-polling). */
  hostname?: string;
  /** Port; default 0 (the OS picks). */
  port?: number;
}

/**
 * Options of {@linkcode connectTcpFast}; `onClose` runs once when this
 * connection closes.
 */
export interface ConnectTcpFastOptions
  extends FastFramedOptions, BlockingSocketOption {
  /** Host; default `127.0.0.1`. */
  hostname?: string;
  port: number;
}

/** Options of {@linkcode listenUnixFast} (no `onClose`, as for TCP). */
export interface ListenUnixFastOptions
  extends FastSocketOptions, BlockingSocketOption {
  /** Socket path; default `<private temp dir>/kit.sock`. */
  path?: string;
  /** Socket permissions: `0o600` (default) or `0o660` (as `listenUnix`). */
  mode?: SocketMode;
}

/** Options of {@linkcode connectUnixFast}; `onClose` is the connection's. */
export interface ConnectUnixFastOptions
  extends FastFramedOptions, BlockingSocketOption {
  path: string;
}

/** A fast TCP listener. */
export type FastTcpListener = FramedListener<Deno.NetAddr, FastFramedDuplex>;
/** A fast Unix listener; `close()` removes its socket file. */
export type FastUnixListener = FramedUnixListener<FastFramedDuplex>;

/**
 * `busyPollMs` as a spin budget, or `false` for the event loop.
 *
 * @example Unset means the default spin; `false` and 0 are kept
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { spinOf } from "./socket_options.ts";
 * import { DEFAULT_BUSY_POLL_MS } from "./busy_poll_socket.ts";
 *
 * assertEquals(spinOf(undefined), DEFAULT_BUSY_POLL_MS);
 * assertEquals(spinOf(false), false);
 * assertEquals(spinOf(0), 0);
 * ```
 */
export function spinOf(busyPollMs: number | false | undefined): number | false {
  return busyPollMs ?? DEFAULT_BUSY_POLL_MS;
}

/**
 * The framing a listener gives each accepted connection: only these fields,
 * so nothing else (an `onClose` smuggled past the types) reaches them.
 *
 * @example An `onClose` smuggled past the types is dropped
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { acceptedFraming, type FastSocketOptions } from "./socket_options.ts";
 *
 * const options = { reuseBuffers: true, onClose: () => {} } as FastSocketOptions;
 * const framing = acceptedFraming(options);
 * assertEquals(framing.reuseBuffers, true);
 * assertEquals("onClose" in framing, false);
 * ```
 */
export function acceptedFraming(options: FastSocketOptions): FastFramedOptions {
  const { maxFrameBytes, readBufferBytes, reuseBuffers } = options;
  return { maxFrameBytes, readBufferBytes, reuseBuffers };
}
