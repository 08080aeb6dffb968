/**
 * Unix domain sockets as framed {@linkcode MessageDuplex}es.
 *
 * The IPC chapter's point: same socket API as TCP, but the address is a file
 * and the kernel never touches the network stack. The kit never uses a fixed
 * world-writable path: by default the socket lives in a private temporary
 * directory, and closing the listener removes the file (and that directory).
 * How a path is claimed (a live server's path refused, a stale socket
 * replaced, permissions 0600) is `socket_path.ts`.
 *
 * @module
 */

import {
  type FramedDuplex,
  framedDuplex,
  type FramedDuplexOptions,
} from "../wire/framed.ts";
import { type FramedListener, framedListener } from "./listener.ts";
import {
  bindSocketPath,
  reportingPath,
  type SocketMode,
} from "./socket_path.ts";

export {
  privateSocketPath,
  removeStaleSocket,
  type SocketMode,
} from "./socket_path.ts";

/** A listening Unix socket; `close()` also removes the socket file. */
export interface FramedUnixListener<D extends FramedDuplex = FramedDuplex>
  extends FramedListener<Deno.UnixAddr, D> {
  /** Where clients connect. */
  readonly path: string;
}

/**
 * Options of {@linkcode listenUnix}: where to listen, and the frame limit
 * of each accepted connection (a listener has no `onClose`).
 */
export interface ListenUnixOptions {
  /** Socket path; default `<private temp dir>/kit.sock`. */
  path?: string;
  /** Largest message each accepted connection takes (see `FramedDuplexOptions`). */
  maxFrameBytes?: number;
  /** Socket permissions: `0o600` (default, the owner only) or `0o660` (and its group). */
  mode?: SocketMode;
}

/**
 * Listens on a Unix socket, mode 0600. A stale socket file left by a crashed
 * server is replaced; a path a server is listening on is refused with
 * `Deno.errors.AddrInUse`, any other kind of file with a `TypeError`.
 *
 * @example A framed round trip over a Unix socket
 * ```ts
 * import { connectUnix, listenUnix } from "./unix.ts";
 * import { assertEquals } from "@std/assert";
 *
 * using listener = await listenUnix();
 * const accepted = listener.accept();
 * await using client = await connectUnix({ path: listener.path });
 * await using server = await accepted;
 * await client.send(new TextEncoder().encode("abracadabra"));
 * assertEquals(new TextDecoder().decode((await server.receive())!), "abracadabra");
 * ```
 */
export async function listenUnix(
  options: ListenUnixOptions = {},
): Promise<FramedUnixListener> {
  const { path, listener, release } = await bindSocketPath(
    options,
    (at) => Deno.listen({ transport: "unix", path: at }),
  );
  const { maxFrameBytes } = options;
  const framed = framedListener<Deno.UnixAddr>(reportingPath(listener, path), {
    frame: (conn) => framedDuplex(conn, { maxFrameBytes }),
    onListenerClose: release,
  });
  return Object.assign(framed, { path });
}

/**
 * Options of {@linkcode connectUnix}: the socket path, and the connection's
 * framing (`onClose` runs once when this connection closes).
 */
export interface ConnectUnixOptions extends FramedDuplexOptions {
  path: string;
}

/**
 * Connects to a framed Unix-socket server.
 *
 * @example Connecting to a path nobody listens on is a typed error
 * ```ts
 * import { connectUnix } from "./unix.ts";
 * import { assertRejects } from "@std/assert";
 *
 * await assertRejects(
 *   () => connectUnix({ path: "/nonexistent/kit.sock" }),
 *   Deno.errors.NotFound,
 * );
 * ```
 */
export async function connectUnix(
  options: ConnectUnixOptions,
): Promise<FramedDuplex> {
  const { path, ...framing } = options;
  const conn = await Deno.connect({ transport: "unix", path });
  return framedDuplex(conn, framing);
}
