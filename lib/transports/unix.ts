/**
 * Unix domain sockets as framed {@linkcode MessageDuplex}es.
 *
 * The IPC chapter's point: same socket API as TCP, but the address is a file
 * and the kernel never touches the network stack. The kit never uses a fixed
 * world-writable path: by default the socket lives in a private temporary
 * directory, and closing the listener removes the file (and that directory).
 *
 * @module
 */

import { dirname, join } from "@std/path";
import {
  type FramedDuplex,
  framedDuplex,
  type FramedDuplexOptions,
} from "../wire/framed.ts";
import { type FramedListener, framedListener } from "./listener.ts";

/** A listening Unix socket; `close()` also removes the socket file. */
export interface FramedUnixListener<D extends FramedDuplex = FramedDuplex>
  extends FramedListener<Deno.UnixAddr, D> {
  /** Where clients connect. */
  readonly path: string;
}

/**
 * Creates a private directory (mode 0700: nobody else can connect) and
 * returns a socket path in it.
 *
 * @example
 * ```ts
 * import { privateSocketPath } from "./unix.ts";
 * import { assert } from "@std/assert";
 *
 * const path = await privateSocketPath("demo.sock");
 * assert(path.endsWith("/demo.sock"));
 * await Deno.remove(path.slice(0, -"/demo.sock".length));
 * ```
 */
export async function privateSocketPath(name = "kit.sock"): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "ipc-kit-" });
  await Deno.chmod(dir, 0o700);
  return join(dir, name);
}

/**
 * Removes a socket file left at `path` by a server that died without cleaning
 * up (binding would fail with `AddrInUse`); a missing file is fine, any other
 * kind of file is a `TypeError`: the kit never deletes what is not a socket.
 *
 * @example A missing path is not an error; a regular file is refused
 * ```ts
 * import { removeStaleSocket } from "./unix.ts";
 * import { assertRejects } from "@std/assert";
 *
 * await removeStaleSocket("/nonexistent/kit.sock");
 * const file = await Deno.makeTempFile();
 * await assertRejects(() => removeStaleSocket(file), TypeError);
 * await Deno.remove(file);
 * ```
 */
export async function removeStaleSocket(path: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  if (!info.isSocket) {
    throw new TypeError(`Refusing to replace ${path}: it is not a socket`);
  }
  await Deno.remove(path);
}

/** A socket path ready to bind, and how to give it back. */
export interface SocketPathClaim {
  readonly path: string;
  /** Removes the socket file, and the private directory if it made one. */
  release(): void;
}

/**
 * Makes a path ready for a listener to bind: the given one with any stale
 * socket removed, or one in a fresh private directory. Every Unix listener
 * of the kit (both tiers, and the connection server) starts here.
 *
 * @example The private directory goes away on release
 * ```ts
 * import { claimSocketPath } from "./unix.ts";
 * import { assertRejects } from "@std/assert";
 *
 * const claim = await claimSocketPath();
 * const dir = claim.path.slice(0, claim.path.lastIndexOf("/"));
 * claim.release();
 * await assertRejects(() => Deno.stat(dir), Deno.errors.NotFound);
 * ```
 */
export async function claimSocketPath(
  given?: string,
): Promise<SocketPathClaim> {
  const path = given ?? await privateSocketPath();
  if (given !== undefined) await removeStaleSocket(path);
  // Deno may already have unlinked the socket file; the directory is ours.
  const owned = given === undefined ? [path, dirname(path)] : [path];
  return {
    path,
    release() {
      for (const each of owned.splice(0)) {
        try {
          Deno.removeSync(each);
        } catch (error) {
          if (!(error instanceof Deno.errors.NotFound)) throw error;
        }
      }
    },
  };
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
}

/**
 * Listens on a Unix socket. A stale socket file left by a crashed server is
 * replaced; any other kind of file at the path is refused with a `TypeError`.
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
  const claim = await claimSocketPath(options.path);
  let listener: Deno.Listener;
  try {
    listener = Deno.listen({ transport: "unix", path: claim.path });
  } catch (error) {
    claim.release();
    throw error;
  }
  const { maxFrameBytes } = options;
  const framed = framedListener<Deno.UnixAddr>(listener, {
    frame: (conn) => framedDuplex(conn, { maxFrameBytes }),
    onListenerClose: claim.release,
  });
  return Object.assign(framed, { path: claim.path });
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
